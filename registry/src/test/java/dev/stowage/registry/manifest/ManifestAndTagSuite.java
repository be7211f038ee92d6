package dev.stowage.registry.manifest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.ManifestBlobUnknownException;
import dev.stowage.registry.ManifestInvalidException;
import dev.stowage.registry.ManifestTooLargeException;
import dev.stowage.registry.ManifestUnknownException;
import dev.stowage.registry.NameUnknownException;
import dev.stowage.registry.OperationUnsupportedException;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.Repository;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.tag.TagStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Manifests and tags on one driver; each driver module's backend gets a subclass. */
public abstract class ManifestAndTagSuite {

    protected static final RepositoryName NAME = new RepositoryName("library/app");
    private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

    private StorageDriver driver;
    private Registry registry;
    private Repository repo;
    private final Random random = new Random(7);

    protected abstract StorageDriver newDriver() throws Exception;

    @BeforeEach
    void open() throws Exception {
        driver = newDriver();
        registry = Registry.builder(driver).options(RegistryOptions.defaults().withDeleteEnabled(true)).build();
        repo = registry.repository(NAME);
    }

    @AfterEach
    void close() throws Exception {
        registry.close();
        driver.close();
    }

    private Descriptor blob(String mediaType) throws Exception {
        byte[] bytes = new byte[100 + random.nextInt(1000)];
        random.nextBytes(bytes);
        return repo.blobs().put(mediaType, bytes).withMediaType(mediaType);
    }

    private static Descriptor absent(String mediaType) {
        return Descriptor.of(mediaType, Digest.sha256(("absent" + mediaType + Math.random()).getBytes(UTF_8)), 10);
    }

    static String json(Descriptor d) {
        return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}";
    }

    static String image(String mediaType, Descriptor config, List<Descriptor> layers, String extra) {
        StringBuilder s = new StringBuilder("{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"" + mediaType + "\",\n  \"config\": ")
                .append(json(config)).append(",\n  \"layers\": [");
        for (int i = 0; i < layers.size(); i++) {
            s.append(i == 0 ? "" : ",").append(json(layers.get(i)));
        }
        return s.append("]").append(extra).append("\n}").toString();
    }

    static String index(String mediaType, List<Descriptor> manifests, String extra) {
        StringBuilder s = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"manifests\":[");
        for (int i = 0; i < manifests.size(); i++) {
            s.append(i == 0 ? "" : ",").append(json(manifests.get(i)));
        }
        return s.append("]").append(extra).append("}").toString();
    }

    private Manifest pushImage(String extra) throws Exception {
        String body = image(MediaTypes.OCI_MANIFEST, blob(CONFIG_TYPE), List.of(blob(LAYER_TYPE), blob(LAYER_TYPE)), extra);
        return repo.manifests().put(MediaTypes.OCI_MANIFEST, body.getBytes(UTF_8));
    }

    // ---- manifests ------------------------------------------------------------------------

    @Test
    void aManifestIsStoredByteForByteAsABlobWithARevisionLink() throws Exception {
        byte[] bytes = image(MediaTypes.OCI_MANIFEST, blob(CONFIG_TYPE), List.of(blob(LAYER_TYPE)), "").getBytes(UTF_8);
        Manifest stored = repo.manifests().put(MediaTypes.OCI_MANIFEST, bytes);
        Digest digest = Digest.sha256(bytes);
        assertThat(stored.descriptor().digest()).isEqualTo(digest);
        assertThat(new String(driver.getContent(Layout.manifestRevisionLink(NAME, digest)), UTF_8)).isEqualTo(digest.toString());
        assertThat(driver.getContent(Layout.blobData(digest))).isEqualTo(bytes);
        assertThatThrownBy(() -> driver.getContent(Layout.layerLink(NAME, digest))).isInstanceOf(PathNotFoundException.class);
        Manifest read = repo.manifests().get(digest);
        assertThat(read.content()).isEqualTo(bytes);
        assertThat(read.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(read.references()).hasSize(2);
        assertThat(repo.manifests().stat(digest).size()).isEqualTo(bytes.length);
    }

    @Test
    void aManifestReadAgainComesFromMemoryButItsLinkFromStorageEveryTime() throws Exception {
        Manifest pushed = pushImage("");
        Digest digest = pushed.descriptor().digest();
        List<String> reads = new CopyOnWriteArrayList<>();
        StorageDriver watched = new ForwardingStorageDriver(driver) {
            @Override
            public byte[] getContent(String path) throws IOException {
                reads.add(path);
                return super.getContent(path);
            }

            @Override
            public InputStream reader(String path, long offset) throws IOException {
                reads.add(path);
                return super.reader(path, offset);
            }
        };
        try (Registry replica = Registry.builder(watched).build()) {
            Repository there = replica.repository(NAME);
            assertThat(there.manifests().get(digest).content()).isEqualTo(pushed.content());
            assertThat(reads).containsExactly(Layout.manifestRevisionLink(NAME, digest), Layout.blobData(digest));
            reads.clear();
            assertThat(there.manifests().get(digest).content()).isEqualTo(pushed.content());
            assertThat(reads).as("the second read").containsExactly(Layout.manifestRevisionLink(NAME, digest));
            // deleted through another registry: unknown here at once
            repo.manifests().delete(digest);
            assertThatThrownBy(() -> there.manifests().get(digest)).isInstanceOf(ManifestUnknownException.class);
        }
    }

    @Test
    void everyMissingReferenceIsListedAndNothingIsStored() throws Exception {
        Descriptor missingLayer = absent(LAYER_TYPE);
        Descriptor present = blob(LAYER_TYPE);
        Descriptor missingConfig = absent(CONFIG_TYPE);
        byte[] bytes = image(MediaTypes.OCI_MANIFEST, missingConfig, List.of(present, missingLayer), "").getBytes(UTF_8);
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.OCI_MANIFEST, bytes))
                .isInstanceOfSatisfying(ManifestBlobUnknownException.class, e ->
                        assertThat(e.missing()).containsExactly(missingConfig.digest(), missingLayer.digest()));
        assertThatThrownBy(() -> repo.manifests().get(Digest.sha256(bytes))).isInstanceOf(ManifestUnknownException.class);
        assertThatThrownBy(() -> driver.stat(Layout.blobData(Digest.sha256(bytes)))).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void aBlobOfAnotherRepositoryDoesNotCount() throws Exception {
        Descriptor layer = registry.repository(new RepositoryName("other")).blobs().put(LAYER_TYPE, new byte[] {1, 2, 3})
                .withMediaType(LAYER_TYPE);
        byte[] bytes = image(MediaTypes.OCI_MANIFEST, blob(CONFIG_TYPE), List.of(layer), "").getBytes(UTF_8);
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.OCI_MANIFEST, bytes))
                .isInstanceOfSatisfying(ManifestBlobUnknownException.class, e -> assertThat(e.missing()).containsExactly(layer.digest()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json|not valid JSON",
        "[1,2]|not a JSON object",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":CONFIG,\"layers\":[],\"manifests\":[]}|cannot have \"manifests\"",
        "{\"schemaVersion\":3,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":CONFIG,\"layers\":[]}|schemaVersion must be 2",
        "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":CONFIG,\"layers\":[]}|schemaVersion must be 2",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"config\":CONFIG,\"layers\":[]}|declared as application/vnd.oci.image.manifest.v1+json",
        "{\"schemaVersion\":2,\"config\":CONFIG}|\"layers\" is missing",
        "{\"schemaVersion\":2,\"layers\":[]}|\"config\" is missing",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:123\",\"size\":1},\"layers\":[]}|config.digest",
        "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"DIGEST\",\"size\":-1},\"layers\":[]}|config.size",
        "{\"schemaVersion\":2,\"config\":{\"digest\":\"DIGEST\",\"size\":1},\"layers\":[]}|config.mediaType is missing",
        "{\"schemaVersion\":2,\"schemaVersion\":2,\"config\":CONFIG,\"layers\":[]}|Duplicate field",
        "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"y\",\"fsLayers\":[]}|schema 1",
    })
    void malformedManifestsAreInvalidAndNameTheProblem(String testCase) throws Exception {
        Descriptor config = blob(CONFIG_TYPE);
        String[] parts = testCase.split("\\|");
        String body = parts[0].replace("CONFIG", json(config)).replace("DIGEST", config.digest().toString());
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.OCI_MANIFEST, body.getBytes(UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining(parts[1]);
    }

    @Test
    void anIndexWithLayersAndUnknownMediaTypesAreInvalid() throws Exception {
        Manifest child = pushImage("");
        String withLayers = index(MediaTypes.OCI_INDEX, List.of(child.descriptor()), ",\"layers\":[]");
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.OCI_INDEX, withLayers.getBytes(UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("cannot have \"layers\"");
        assertThatThrownBy(() -> repo.manifests().put("application/json", "{}".getBytes(UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("unsupported manifest media type");
        assertThatThrownBy(() -> repo.manifests().put("application/vnd.docker.distribution.manifest.v1+prettyjws",
                "{\"schemaVersion\":1}".getBytes(UTF_8))).isInstanceOf(ManifestInvalidException.class).hasMessageContaining("schema 1");
    }

    @Test
    void manifestsAboveTheLimitAreRefused() throws Exception {
        Registry small = Registry.builder(driver).options(RegistryOptions.defaults().withMaxManifestSize(300)).build();
        byte[] bytes = image(MediaTypes.OCI_MANIFEST, blob(CONFIG_TYPE), List.of(blob(LAYER_TYPE), blob(LAYER_TYPE)), "")
                .getBytes(UTF_8);
        assertThat(bytes.length).isGreaterThan(300);
        assertThatThrownBy(() -> small.repository(NAME).manifests().put(MediaTypes.OCI_MANIFEST, bytes))
                .isInstanceOfSatisfying(ManifestTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(300));
    }

    @Test
    void theMediaTypeComesFromTheContentWhenNoneIsDeclared() throws Exception {
        Descriptor config = blob(CONFIG_TYPE);
        String withoutField = "{\"schemaVersion\":2,\"config\":" + json(config) + ",\"layers\":[]}";
        assertThat(repo.manifests().put("", withoutField.getBytes(UTF_8)).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        String docker = image(MediaTypes.DOCKER_MANIFEST, config.withMediaType("application/vnd.docker.container.image.v1+json"),
                List.of(), "");
        assertThat(repo.manifests().put(null, docker.getBytes(UTF_8)).mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    }

    @Test
    void indexChildrenMustBeManifestsOfTheRepository() throws Exception {
        Manifest amd64 = pushImage("");
        Manifest arm64 = pushImage(",\"annotations\":{\"arch\":\"arm64\"}");
        Manifest index = repo.manifests().put(MediaTypes.OCI_INDEX,
                index(MediaTypes.OCI_INDEX, List.of(amd64.descriptor(), arm64.descriptor()), "").getBytes(UTF_8));
        assertThat(repo.manifests().get(index.descriptor().digest()).manifests()).extracting(Descriptor::digest)
                .containsExactly(amd64.descriptor().digest(), arm64.descriptor().digest());

        Descriptor layerNotManifest = blob(MediaTypes.OCI_MANIFEST); // in _layers, not a manifest revision
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.OCI_INDEX,
                index(MediaTypes.OCI_INDEX, List.of(amd64.descriptor(), layerNotManifest), "").getBytes(UTF_8)))
                .isInstanceOfSatisfying(ManifestBlobUnknownException.class,
                        e -> assertThat(e.missing()).containsExactly(layerNotManifest.digest()));
    }

    @Test
    void dockerManifestListsAndManifestsAreAccepted() throws Exception {
        String config = "application/vnd.docker.container.image.v1+json";
        String layer = "application/vnd.docker.image.rootfs.diff.tar.gzip";
        Manifest m = repo.manifests().put(MediaTypes.DOCKER_MANIFEST,
                image(MediaTypes.DOCKER_MANIFEST, blob(config), List.of(blob(layer)), "").getBytes(UTF_8));
        Manifest list = repo.manifests().put(MediaTypes.DOCKER_MANIFEST_LIST,
                index(MediaTypes.DOCKER_MANIFEST_LIST, List.of(m.descriptor()), "").getBytes(UTF_8));
        assertThat(repo.manifests().get(list.descriptor().digest()).isIndex()).isTrue();
        String noField = "{\"schemaVersion\":2,\"config\":" + json(blob(config)) + ",\"layers\":[]}";
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.DOCKER_MANIFEST, noField.getBytes(UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("must state its mediaType");
    }

    @Test
    void foreignAndNonDistributableLayersFollowTheGoRegistrysRules() throws Exception {
        Descriptor config = blob("application/vnd.docker.container.image.v1+json");
        Descriptor foreign = new Descriptor(MediaTypes.DOCKER_FOREIGN_LAYER, absent("f").digest(), 10,
                List.of("https://example.com/layer"), java.util.Map.of(), Optional.empty(), Optional.empty());
        String withUrls = image(MediaTypes.DOCKER_MANIFEST, config, List.of(foreign), "")
                .replace(json(foreign), json(foreign).replace("}", ",\"urls\":[\"https://example.com/layer\"]}"));
        repo.manifests().put(MediaTypes.DOCKER_MANIFEST, withUrls.getBytes(UTF_8)); // not checked for presence
        String noUrls = image(MediaTypes.DOCKER_MANIFEST, config, List.of(foreign), "");
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.DOCKER_MANIFEST, noUrls.getBytes(UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("has no URLs");
        String ftp = withUrls.replace("https://example.com/layer", "ftp://example.com/layer");
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.DOCKER_MANIFEST, ftp.getBytes(UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("invalid URL");
        Descriptor normal = blob("application/vnd.docker.image.rootfs.diff.tar.gzip");
        String normalWithUrls = image(MediaTypes.DOCKER_MANIFEST, config, List.of(normal), "")
                .replace(json(normal), json(normal).replace("}", ",\"urls\":[\"https://example.com/x\"]}"));
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.DOCKER_MANIFEST, normalWithUrls.getBytes(UTF_8)))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("only foreign layers");

        Descriptor ociConfig = blob(CONFIG_TYPE);
        String nd = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
        Descriptor nonDistributable = absent(nd);
        String ociWithUrls = image(MediaTypes.OCI_MANIFEST, ociConfig, List.of(nonDistributable), "")
                .replace(json(nonDistributable), json(nonDistributable).replace("}", ",\"urls\":[\"http://example.com/nd\"]}"));
        repo.manifests().put(MediaTypes.OCI_MANIFEST, ociWithUrls.getBytes(UTF_8));
        String ociNoUrls = image(MediaTypes.OCI_MANIFEST, ociConfig, List.of(nonDistributable), "");
        assertThatThrownBy(() -> repo.manifests().put(MediaTypes.OCI_MANIFEST, ociNoUrls.getBytes(UTF_8)))
                .isInstanceOf(ManifestBlobUnknownException.class);
    }

    @Test
    void layerUrlsFollowTheConfiguredAllowAndDenyExpressions() throws Exception {
        Registry strict = Registry.builder(driver).options(RegistryOptions.defaults()
                .withManifestUrls(List.of("^https://mirror\\.example\\.com/"), List.of("/private/"))).build();
        Repository r = strict.repository(NAME);
        Descriptor config = blob("application/vnd.docker.container.image.v1+json");
        Descriptor foreign = absent(MediaTypes.DOCKER_FOREIGN_LAYER);
        java.util.function.Function<String, byte[]> withUrl = url -> image(MediaTypes.DOCKER_MANIFEST, config,
                List.of(foreign), "").replace(json(foreign), json(foreign).replace("}", ",\"urls\":[\"" + url + "\"]}"))
                .getBytes(UTF_8);
        r.manifests().put(MediaTypes.DOCKER_MANIFEST, withUrl.apply("https://mirror.example.com/layer"));
        assertThatThrownBy(() -> r.manifests().put(MediaTypes.DOCKER_MANIFEST, withUrl.apply("https://other.example.com/layer")))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("no allowed expression matches");
        assertThatThrownBy(() -> r.manifests().put(MediaTypes.DOCKER_MANIFEST,
                withUrl.apply("https://mirror.example.com/private/layer")))
                .isInstanceOf(ManifestInvalidException.class).hasMessageContaining("denied expression \"/private/\"");
        assertThatThrownBy(() -> RegistryOptions.defaults().withManifestUrls(List.of("(unclosed"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("manifestUrlsAllow");
    }

    @Test
    void artifactsWithASubjectNotYetPushedAreAccepted() throws Exception {
        Descriptor empty = repo.blobs().put(MediaTypes.OCI_EMPTY, "{}".getBytes(UTF_8)).withMediaType(MediaTypes.OCI_EMPTY);
        Descriptor subject = absent(MediaTypes.OCI_MANIFEST);
        Manifest artifact = repo.manifests().put(MediaTypes.OCI_MANIFEST, image(MediaTypes.OCI_MANIFEST, empty,
                List.of(blob("application/vnd.example.sbom")),
                ",\"artifactType\":\"application/vnd.example.sbom\",\"subject\":" + json(subject)
                        + ",\"annotations\":{\"org.example\":\"yes\"}").getBytes(UTF_8));
        Manifest read = repo.manifests().get(artifact.descriptor().digest());
        assertThat(read.subject()).map(Descriptor::digest).contains(subject.digest());
        assertThat(read.artifactType()).contains("application/vnd.example.sbom");
        assertThat(read.annotations()).containsEntry("org.example", "yes");
    }

    // ---- referrers ------------------------------------------------------------------------

    private Manifest pushArtifact(Descriptor subject, String artifactType, String annotation) throws Exception {
        Descriptor empty = repo.blobs().put(MediaTypes.OCI_EMPTY, "{}".getBytes(UTF_8)).withMediaType(MediaTypes.OCI_EMPTY);
        String extra = (artifactType == null ? "" : ",\"artifactType\":\"" + artifactType + "\"")
                + ",\"subject\":" + json(subject) + ",\"annotations\":{\"note\":\"" + annotation + "\"}";
        return repo.manifests().put(MediaTypes.OCI_MANIFEST,
                image(MediaTypes.OCI_MANIFEST, empty, List.of(blob("application/octet-stream")), extra).getBytes(UTF_8));
    }

    @Test
    void referrersAreListedFilteredAndEmptyForUnknownSubjects() throws Exception {
        Descriptor subject = pushImage("").descriptor();
        Manifest sbom = pushArtifact(subject, "application/vnd.example.sbom", "s");
        Manifest signature = pushArtifact(subject, "application/vnd.example.sig", "g");
        Descriptor neverPushed = absent(MediaTypes.OCI_MANIFEST);
        Manifest early = pushArtifact(neverPushed, null, "e");

        List<Descriptor> all = repo.referrers().list(subject.digest(), Optional.empty());
        assertThat(all).extracting(Descriptor::digest).containsExactlyInAnyOrder(sbom.descriptor().digest(),
                signature.descriptor().digest());
        assertThat(all).extracting(d -> d.digest().toString()).isSorted();
        Descriptor sbomEntry = all.stream().filter(d -> d.digest().equals(sbom.descriptor().digest())).findFirst().orElseThrow();
        assertThat(sbomEntry.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(sbomEntry.size()).isEqualTo(sbom.descriptor().size());
        assertThat(sbomEntry.artifactType()).contains("application/vnd.example.sbom");
        assertThat(sbomEntry.annotations()).containsEntry("note", "s");

        assertThat(repo.referrers().list(subject.digest(), Optional.of("application/vnd.example.sig")))
                .extracting(Descriptor::digest).containsExactly(signature.descriptor().digest());
        assertThat(repo.referrers().list(subject.digest(), Optional.of("application/none"))).isEmpty();
        assertThat(repo.referrers().list(absent("x").digest(), Optional.empty())).isEmpty();
        // without an artifactType field, the config's media type stands in
        assertThat(repo.referrers().list(neverPushed.digest(), Optional.empty())).singleElement()
                .satisfies(d -> {
                    assertThat(d.digest()).isEqualTo(early.descriptor().digest());
                    assertThat(d.artifactType()).contains(MediaTypes.OCI_EMPTY);
                });
    }

    @Test
    void deletedAndVanishedReferrersAreNotListed() throws Exception {
        Descriptor subject = pushImage("").descriptor();
        Manifest deleted = pushArtifact(subject, "application/vnd.example.a", "1");
        Manifest vanished = pushArtifact(subject, "application/vnd.example.b", "2");
        Manifest kept = pushArtifact(subject, "application/vnd.example.c", "3");
        repo.manifests().delete(deleted.descriptor().digest());
        assertThatThrownBy(() -> driver.stat(Layout.referrerEntry(NAME, subject.digest(), deleted.descriptor().digest())))
                .isInstanceOf(PathNotFoundException.class);
        // as another registry's garbage collection leaves it: the revision gone, the entry still there
        driver.delete(Layout.manifestRevisionLink(NAME, vanished.descriptor().digest()));
        assertThat(repo.referrers().list(subject.digest(), Optional.empty())).extracting(Descriptor::digest)
                .containsExactly(kept.descriptor().digest());
    }

    @Test
    void rebuildMakesTheIndexAgainFromTheManifests() throws Exception {
        Descriptor subject = pushImage("").descriptor();
        Manifest one = pushArtifact(subject, "application/vnd.example.a", "1");
        Manifest two = pushArtifact(subject, "application/vnd.example.b", "2");
        driver.delete(Layout.referrers(NAME)); // a store the Go registry wrote has no index
        Digest bogus = absent("bogus").digest();
        driver.putContent(Layout.referrerEntry(NAME, subject.digest(), bogus), "{}".getBytes(UTF_8));
        assertThat(repo.referrers().list(subject.digest(), Optional.empty())).isEmpty();

        Referrers.RebuildReport report = repo.referrers().rebuild();
        assertThat(report.manifests()).isEqualTo(3);
        assertThat(report.added()).isEqualTo(2);
        assertThat(report.removed()).isEqualTo(1);
        assertThat(repo.referrers().list(subject.digest(), Optional.empty())).extracting(Descriptor::digest)
                .containsExactlyInAnyOrder(one.descriptor().digest(), two.descriptor().digest());
        assertThat(repo.referrers().rebuild()).isEqualTo(new Referrers.RebuildReport(3, 0, 0));
    }

    // ---- tags -----------------------------------------------------------------------------

    @Test
    void tagsAreWrittenAsTheGoRegistryWritesThem() throws Exception {
        Manifest first = pushImage("");
        Manifest second = pushImage(",\"annotations\":{\"v\":\"2\"}");
        TagStore tags = repo.tags();
        tags.tag("latest", first.descriptor().digest());
        tags.tag("latest", second.descriptor().digest());
        assertThat(tags.resolve("latest")).isEqualTo(second.descriptor().digest());
        assertThat(new String(driver.getContent(Layout.tagCurrentLink(NAME, "latest")), UTF_8))
                .isEqualTo(second.descriptor().digest().toString());
        for (Manifest m : List.of(first, second)) {
            assertThat(new String(driver.getContent(Layout.tagIndexLink(NAME, "latest", m.descriptor().digest())), UTF_8))
                    .isEqualTo(m.descriptor().digest().toString());
        }
    }

    @Test
    void tagsAreListedInLexicalOrderWithPaging() throws Exception {
        Digest d = pushImage("").descriptor().digest();
        List<String> names = List.of("v1.10", "v1.9", "latest", "A", "_x", "v1.9-rc");
        for (String t : names) {
            repo.tags().tag(t, d);
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertThat(repo.tags().list(Optional.empty(), 100).tags()).isEqualTo(sorted);
        List<String> paged = new ArrayList<>();
        Optional<String> last = Optional.empty();
        while (true) {
            TagStore.TagPage page = repo.tags().list(last, 2);
            paged.addAll(page.tags());
            if (!page.more()) {
                break;
            }
            assertThat(page.tags()).hasSize(2);
            last = Optional.of(page.tags().get(1));
        }
        assertThat(paged).isEqualTo(sorted);
        assertThat(repo.tags().list(Optional.of("v1.9"), 10).tags()).containsExactly("v1.9-rc");
        assertThat(repo.tags().list(Optional.of("zzz"), 10).tags()).isEmpty();
        assertThat(repo.tags().list(Optional.empty(), 0)).isEqualTo(new TagStore.TagPage(List.of(), true));
    }

    @Test
    void tagErrorsAreTyped() throws Exception {
        assertThatThrownBy(() -> repo.tags().list(Optional.empty(), 10)).isInstanceOf(NameUnknownException.class);
        Digest d = pushImage("").descriptor().digest();
        assertThatThrownBy(() -> repo.tags().tag(".hidden", d)).isInstanceOf(ManifestInvalidException.class)
                .hasMessageContaining(".hidden");
        assertThatThrownBy(() -> repo.tags().tag("a".repeat(129), d)).isInstanceOf(ManifestInvalidException.class);
        assertThatThrownBy(() -> repo.tags().tag("a/b", d)).isInstanceOf(ManifestInvalidException.class);
        assertThatThrownBy(() -> repo.tags().resolve("nope")).isInstanceOf(ManifestUnknownException.class);
        assertThatThrownBy(() -> repo.tags().untag("nope")).isInstanceOf(ManifestUnknownException.class);
        repo.tags().tag("a".repeat(128), d);
        repo.tags().untag("a".repeat(128));
        assertThatThrownBy(() -> repo.tags().resolve("a".repeat(128))).isInstanceOf(ManifestUnknownException.class);
    }

    @Test
    void lookupFindsTheTagsPointingAtAManifest() throws Exception {
        Digest one = pushImage("").descriptor().digest();
        Digest two = pushImage(",\"annotations\":{\"n\":\"2\"}").descriptor().digest();
        repo.tags().tag("b", one);
        repo.tags().tag("a", one);
        repo.tags().tag("c", two);
        repo.tags().tag("d", two);
        repo.tags().tag("d", one); // moved
        assertThat(repo.tags().lookup(one)).containsExactly("a", "b", "d");
        assertThat(repo.tags().lookup(two)).containsExactly("c");
    }

    // ---- deletes --------------------------------------------------------------------------

    @Test
    void deletingAManifestRemovesItsRevisionAndEveryTagOnIt() throws Exception {
        Manifest kept = pushImage(",\"annotations\":{\"k\":\"1\"}");
        Manifest gone = pushImage("");
        repo.tags().tag("one", gone.descriptor().digest());
        repo.tags().tag("two", gone.descriptor().digest());
        repo.tags().tag("keep", kept.descriptor().digest());
        Registry readOnly = Registry.builder(driver).build();
        assertThatThrownBy(() -> readOnly.repository(NAME).manifests().delete(gone.descriptor().digest()))
                .isInstanceOf(OperationUnsupportedException.class);
        assertThat(repo.tags().lookup(gone.descriptor().digest())).containsExactly("one", "two");

        repo.manifests().delete(gone.descriptor().digest());
        assertThatThrownBy(() -> repo.manifests().get(gone.descriptor().digest())).isInstanceOf(ManifestUnknownException.class);
        assertThatThrownBy(() -> repo.manifests().delete(gone.descriptor().digest())).isInstanceOf(ManifestUnknownException.class);
        assertThat(repo.tags().list(Optional.empty(), 10).tags()).containsExactly("keep");
        assertThat(registry.blobs().get(gone.descriptor().digest())).isEqualTo(gone.content()); // GC's to remove
    }
}
