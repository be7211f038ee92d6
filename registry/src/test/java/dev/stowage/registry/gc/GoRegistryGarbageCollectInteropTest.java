package dev.stowage.registry.gc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.manifest.MediaTypes;
import dev.stowage.registry.testing.GoRegistry;
import dev.stowage.registry.testing.Skopeo;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stowage's collector against the Go registry 2.8.2's own {@code garbage-collect} on copies of one
 * store the Go registry wrote (skopeo pushes: OCI and Docker images, a tag overwritten, a manifest
 * deleted, a multi-platform index, a lone uploaded blob; no {@code subject}). With a grace period
 * of zero both leave the same blobs, manifest revisions and tags; the only differences are the
 * intended ones: Stowage removes the layer links of the blobs it sweeps (the Go registry leaves
 * them dangling) and, with {@code --delete-untagged}, keeps the children of a tagged index with
 * their layers (the Go registry deletes their revisions and sweeps their layers, leaving the index
 * unpullable).
 */
class GoRegistryGarbageCollectInteropTest {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) blobs marked, (\\d+) blobs and (\\d+) manifests eligible");

    @TempDir
    static Path temp;
    static Path original;
    static Set<String> children = new TreeSet<>();

    @BeforeAll
    static void pushWithTheGoRegistry() throws Exception {
        original = temp.resolve("original");
        Skopeo skopeo = Skopeo.find();
        HttpClient http = HttpClient.newHttpClient();
        try (GoRegistry go = GoRegistry.start(original)) {
            skopeo.push(Skopeo.buildImage(temp.resolve("a"), "v1", 2, 20_000, 101), go.hostPort(), "gc/app");
            skopeo.push(Skopeo.buildImage(temp.resolve("b"), "v2", 2, 20_000, 102), go.hostPort(), "gc/app");
            skopeo.push(Skopeo.buildImage(temp.resolve("c"), "v2", 1, 20_000, 103), go.hostPort(), "gc/app"); // v2 moves on
            Skopeo.Image docker = Skopeo.buildImage(temp.resolve("d"), "v1", 2, 20_000, 104);
            skopeo.copy(List.of("--dest-tls-verify=false", "--format", "v2s2",
                    "oci:" + docker.layout() + ":v1", "docker://" + go.hostPort() + "/gc/docker:v1"));
            Skopeo.Image doomed = Skopeo.buildImage(temp.resolve("e"), "v1", 2, 20_000, 105);
            skopeo.push(doomed, go.hostPort(), "gc/deleted");
            HttpResponse<Void> deleted = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/gc/deleted/manifests/"
                    + doomed.manifest().digest())).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            assertThat(deleted.statusCode()).isEqualTo(202);
            Path multi = temp.resolve("multi");
            buildMultiPlatform(multi);
            skopeo.copy(List.of("--dest-tls-verify=false", "--preserve-digests", "--all",
                    "oci:" + multi + ":multi", "docker://" + go.hostPort() + "/gc/multi:multi"));
            byte[] lone = "a blob no manifest references".getBytes(UTF_8);
            HttpResponse<Void> begun = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/gc/app/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            String location = begun.headers().firstValue("Location").orElseThrow();
            HttpResponse<Void> upload = http.send(HttpRequest.newBuilder(go.baseUri().resolve(location + "&digest="
                    + Digest.sha256(lone))).PUT(HttpRequest.BodyPublishers.ofByteArray(lone))
                    .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(upload.statusCode()).isEqualTo(201);
        }
    }

    /** Two platform images and an index of them, tagged {@code multi}; remembers the children's files. */
    private static void buildMultiPlatform(Path dir) throws IOException {
        StringBuilder entries = new StringBuilder();
        for (String arch : List.of("amd64", "arm64")) {
            Skopeo.Image image = Skopeo.buildImage(dir, arch, 1, 20_000, arch.hashCode());
            Descriptor m = image.manifest();
            entries.append(entries.length() == 0 ? "" : ",").append("{\"mediaType\":\"").append(m.mediaType())
                    .append("\",\"digest\":\"").append(m.digest()).append("\",\"size\":").append(m.size())
                    .append(",\"platform\":{\"architecture\":\"").append(arch).append("\",\"os\":\"linux\"}}");
            children.add("repositories/gc/multi/_manifests/revisions/sha256/" + m.digest().hex() + "/link");
            for (Descriptor blob : image.blobs()) {
                children.add(blobFile(blob.digest()));
            }
        }
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[" + entries + "]}")
                .getBytes(UTF_8);
        Digest digest = Digest.sha256(index);
        Files.write(Skopeo.blobPath(dir, digest), index);
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_INDEX + "\",\"digest\":\"" + digest + "\",\"size\":" + index.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"multi\"}}]}");
    }

    private static String blobFile(Digest d) {
        return "blobs/sha256/" + d.hex().substring(0, 2) + "/" + d.hex() + "/data";
    }

    /** The files of a store below {@code docker/registry/v2}, uploads left out. */
    private static Set<String> files(Path root) throws IOException {
        Path base = root.resolve("docker/registry/v2");
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile).map(p -> base.relativize(p).toString())
                    .filter(p -> !p.contains("/_uploads/")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Path copy(String name) throws IOException {
        Path target = temp.resolve(name);
        try (Stream<Path> walk = Files.walk(original)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(original.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    private static GcReport stowage(Path root, GcOptions options) throws IOException {
        try (StorageDriver driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
             Registry registry = Registry.builder(driver).build()) {
            return registry.garbageCollector().withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)))
                    .collect(options);
        }
    }

    private static Set<String> only(Set<String> files, String pattern) {
        return files.stream().filter(f -> f.matches(pattern)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    /** The layer links whose blob is still stored. */
    private static Set<String> linksToStoredBlobs(Set<String> files) {
        Pattern link = Pattern.compile("repositories/.+/_layers/sha256/([a-f0-9]{64})/link");
        return files.stream().filter(f -> {
            Matcher m = link.matcher(f);
            return m.matches() && files.contains("blobs/sha256/" + m.group(1).substring(0, 2) + "/" + m.group(1) + "/data");
        }).collect(Collectors.toCollection(TreeSet::new));
    }

    private void compare(boolean deleteUntagged) throws Exception {
        String suffix = deleteUntagged ? "-untagged" : "";
        Path goRoot = copy("go" + suffix);
        Path ourRoot = copy("stowage" + suffix);
        Set<String> before = files(original);
        String output = GoRegistry.garbageCollect(goRoot, deleteUntagged, false);
        GcReport report = stowage(ourRoot, GcOptions.defaults().withGracePeriod(Duration.ZERO).withDeleteUntagged(deleteUntagged));
        Set<String> go = files(goRoot);
        Set<String> ours = files(ourRoot);
        Matcher summary = SUMMARY.matcher(output);
        assertThat(summary.find()).as(output).isTrue();
        System.out.println("Go (deleteUntagged=" + deleteUntagged + "): " + summary.group() + "; Stowage: "
                + report.lines().get(report.lines().indexOf(report.lines().stream().filter(l -> l.contains("blobs marked"))
                .findFirst().orElseThrow())));

        assertThat(minus(before, go)).isNotEmpty(); // there was garbage
        Set<String> expectedExtra = deleteUntagged ? children : Set.of();
        String kept = "blobs/.*|repositories/.*/_manifests/.*";
        assertThat(minus(only(go, kept), only(ours, kept))).isEmpty();
        assertThat(minus(only(ours, kept), only(go, kept))).isEqualTo(expectedExtra);
        // layer links: Stowage removed exactly those to the blobs it swept
        Set<String> goLinks = only(go, ".*/_layers/.*");
        assertThat(only(ours, ".*/_layers/.*")).isEqualTo(linksToStoredBlobs(only(before, ".*/_layers/.*|blobs/.*")
                .stream().filter(f -> !f.startsWith("blobs/") || ours.contains(f)).collect(Collectors.toSet())));
        assertThat(minus(goLinks, only(ours, ".*/_layers/.*"))).isEqualTo(minus(goLinks, linksToStoredBlobs(ours)));

        int goBlobs = Integer.parseInt(summary.group(2));
        int goManifests = Integer.parseInt(summary.group(3));
        if (!deleteUntagged) {
            assertThat(report.blobs()).hasSize(goBlobs);
            assertThat(report.blobsMarked()).isEqualTo(Integer.parseInt(summary.group(1)));
            assertThat(report.manifestCount()).isEqualTo(goManifests).isZero();
        } else {
            assertThat(report.manifestCount()).isEqualTo(goManifests - 2); // the Go registry also deletes the two children
            assertThat(report.blobs()).hasSize(goBlobs - (children.size() - 2)); // their configs and layers
        }
    }

    @Test
    void withoutDeleteUntaggedBothLeaveTheSameStore() throws Exception {
        compare(false);
    }

    @Test
    void withDeleteUntaggedBothLeaveTheSameStoreButForTheIndexChildren() throws Exception {
        compare(true);
    }

    @Test
    void aRepositoryWithUntaggedManifestsAndNoTagsStopsTheGoCollectorButNotStowages() throws Exception {
        Path root = temp.resolve("no-tags");
        Digest manifest;
        try (StorageDriver driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
             Registry registry = Registry.builder(driver).build()) {
            var repo = registry.repository(new dev.stowage.registry.RepositoryName("gc/untagged"));
            Descriptor config = repo.blobs().put(Skopeo.CONFIG_MEDIA_TYPE, "{\"os\":\"linux\"}".getBytes(UTF_8))
                    .withMediaType(Skopeo.CONFIG_MEDIA_TYPE);
            manifest = repo.manifests().put(MediaTypes.OCI_MANIFEST, ("{\"schemaVersion\":2,\"mediaType\":\""
                    + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"" + config.mediaType() + "\",\"digest\":\""
                    + config.digest() + "\",\"size\":" + config.size() + "},\"layers\":[]}").getBytes(UTF_8))
                    .descriptor().digest();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GoRegistry.garbageCollect(root, true, true))
                .hasMessageContaining("failed to retrieve tags");
        GcReport report = stowage(root, GcOptions.defaults().withGracePeriod(Duration.ZERO).withDeleteUntagged(true));
        assertThat(report.manifests().values()).singleElement().asList().containsExactly(manifest);
    }

    @Test
    void withTheDefaultGracePeriodFreshGarbageIsKept() throws Exception {
        Path ourRoot = copy("stowage-grace");
        Set<String> before = files(ourRoot);
        GcReport report;
        try (StorageDriver driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", ourRoot.toString()));
             Registry registry = Registry.builder(driver).build()) {
            report = registry.garbageCollector().collect(GcOptions.defaults().withDeleteUntagged(true));
        }
        assertThat(report.blobs()).isEmpty();
        assertThat(report.manifests()).isEmpty(); // the untagged ones are fresh too
        assertThat(report.blobsKeptAsFresh()).isPositive();
        assertThat(files(ourRoot)).isEqualTo(before);
    }
}
