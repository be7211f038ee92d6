package dev.stowage.registry.manifest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.Repository;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.testing.GoRegistry;
import dev.stowage.registry.testing.Skopeo;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests and tags shared with the Go registry 2.8.2 on one filesystem root: images pushed to it
 * by skopeo (OCI, Docker schema 2, a multi-platform index) are read by Stowage, and an image
 * Stowage's storage layer wrote is served by it and pulled by skopeo with every digest intact.
 */
class GoRegistryManifestInteropTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    private StorageDriver filesystem(Path root) throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    /** What the Go registry answers for a manifest, by tag or digest, accepting every manifest type. */
    private HttpResponse<byte[]> goManifest(GoRegistry go, String repository, String reference) throws Exception {
        return http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/" + repository + "/manifests/" + reference))
                .header("Accept", String.join(",", MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX,
                        MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void imagesPushedToTheGoRegistryAreReadByStowage() throws Exception {
        Path root = temp.resolve("root");
        Skopeo skopeo = Skopeo.find();
        Skopeo.Image oci = Skopeo.buildImage(temp.resolve("oci"), "v1", 2, 50_000, 1);
        Skopeo.Image docker = Skopeo.buildImage(temp.resolve("docker"), "v2", 2, 50_000, 2);
        Path multi = temp.resolve("multi");
        Descriptor index = buildMultiPlatform(multi, "multi");
        List<String> repositories = List.of("interop/oci", "interop/docker", "interop/multi");
        try (GoRegistry go = GoRegistry.start(root)) {
            skopeo.push(oci, go.hostPort(), "interop/oci");
            skopeo.copy(List.of("--dest-tls-verify=false", "--format", "v2s2", "--dest-compress",
                    "oci:" + docker.layout() + ":v2", "docker://" + go.hostPort() + "/interop/docker:v2"));
            skopeo.copy(List.of("--dest-tls-verify=false", "--preserve-digests", "--all",
                    "oci:" + multi + ":multi", "docker://" + go.hostPort() + "/interop/multi:multi"));
            skopeo.copy(List.of("--dest-tls-verify=false", "--preserve-digests",
                    "oci:" + oci.layout() + ":v1", "docker://" + go.hostPort() + "/interop/oci:also"));

            try (StorageDriver driver = filesystem(root); Registry registry = Registry.builder(driver).build()) {
                for (String name : repositories) {
                    Repository repo = registry.repository(new RepositoryName(name));
                    List<String> tags = repo.tags().list(Optional.empty(), 100).tags();
                    HttpResponse<String> goTags = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/" + name
                            + "/tags/list")).build(), HttpResponse.BodyHandlers.ofString());
                    // the same tags; the Go registry lists them in directory order, Stowage in the
                    // lexical order the OCI specification asks for
                    List<String> goList = new ArrayList<>();
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"")
                            .matcher(goTags.body().substring(goTags.body().indexOf("\"tags\"") + 7));
                    while (m.find()) {
                        goList.add(m.group(1));
                    }
                    assertThat(tags).containsExactlyInAnyOrderElementsOf(goList).isSorted();
                    for (String tag : tags) {
                        Digest digest = repo.tags().resolve(tag);
                        HttpResponse<byte[]> fromGo = goManifest(go, name, tag);
                        assertThat(fromGo.statusCode()).isEqualTo(200);
                        assertThat(fromGo.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
                        Manifest manifest = repo.manifests().get(digest);
                        assertThat(manifest.content()).isEqualTo(fromGo.body());
                        assertThat(fromGo.headers().firstValue("Content-Type")).contains(manifest.mediaType());
                        checkReadable(repo, manifest);
                    }
                }
                Repository ociRepo = registry.repository(new RepositoryName("interop/oci"));
                assertThat(ociRepo.tags().list(Optional.empty(), 10).tags()).containsExactly("also", "v1");
                assertThat(ociRepo.tags().lookup(oci.manifest().digest())).containsExactly("also", "v1");
                assertThat(ociRepo.manifests().get(oci.manifest().digest()).layers()).extracting(Descriptor::digest)
                        .containsExactlyElementsOf(oci.layers().stream().map(Descriptor::digest).toList());
                Manifest dockerManifest = registry.repository(new RepositoryName("interop/docker")).manifests()
                        .get(registry.repository(new RepositoryName("interop/docker")).tags().resolve("v2"));
                assertThat(dockerManifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
                Repository multiRepo = registry.repository(new RepositoryName("interop/multi"));
                Manifest multiIndex = multiRepo.manifests().get(multiRepo.tags().resolve("multi"));
                assertThat(multiIndex.descriptor().digest()).isEqualTo(index.digest());
                assertThat(multiIndex.manifests()).hasSize(2);
                assertThat(multiIndex.manifests().get(1).platform()).map(Descriptor.Platform::architecture).contains("arm64");
            }
        }
    }

    /** Every manifest and blob a manifest references is there, through the repository, and verifies. */
    private static void checkReadable(Repository repo, Manifest manifest) throws Exception {
        if (manifest.isIndex()) {
            for (Descriptor child : manifest.manifests()) {
                checkReadable(repo, repo.manifests().get(child.digest()));
            }
            return;
        }
        for (Descriptor blob : manifest.references()) {
            assertThat(Digest.sha256(repo.blobs().get(blob.digest()))).isEqualTo(blob.digest());
        }
    }

    /** An OCI layout holding two single-platform images and an index of them, tagged {@code tag}. */
    private static Descriptor buildMultiPlatform(Path dir, String tag) throws Exception {
        Skopeo.Image amd64 = Skopeo.buildImage(dir, "amd64", 1, 20_000, 3);
        Skopeo.Image arm64 = Skopeo.buildImage(dir, "arm64", 1, 20_000, 4);
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + entry(amd64.manifest(), "amd64") + "," + entry(arm64.manifest(), "arm64") + "]}";
        byte[] bytes = body.getBytes(UTF_8);
        Digest digest = Digest.sha256(bytes);
        Files.write(Skopeo.blobPath(dir, digest), bytes);
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + MediaTypes.OCI_INDEX + "\",\"digest\":\"" + digest + "\",\"size\":" + bytes.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
        return Descriptor.of(MediaTypes.OCI_INDEX, digest, bytes.length);
    }

    private static String entry(Descriptor manifest, String architecture) {
        return "{\"mediaType\":\"" + manifest.mediaType() + "\",\"digest\":\"" + manifest.digest() + "\",\"size\":"
                + manifest.size() + ",\"platform\":{\"architecture\":\"" + architecture + "\",\"os\":\"linux\"}}";
    }

    @Test
    void anImageStowageWroteIsServedByTheGoRegistryAndPulledBySkopeo() throws Exception {
        Path root = temp.resolve("root");
        Random random = new Random(5);
        List<Descriptor> layers = new ArrayList<>();
        Digest manifestDigest;
        try (StorageDriver driver = filesystem(root); Registry registry = Registry.builder(driver).build()) {
            Repository repo = registry.repository(new RepositoryName("stowage/written"));
            for (int i = 0; i < 3; i++) {
                byte[] layer = new byte[40_000];
                random.nextBytes(layer);
                layer[0] = 0;
                layers.add(repo.blobs().put(Skopeo.LAYER_MEDIA_TYPE, layer).withMediaType(Skopeo.LAYER_MEDIA_TYPE));
            }
            StringBuilder diffIds = new StringBuilder();
            for (Descriptor layer : layers) {
                diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(layer.digest()).append('"');
            }
            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                    + diffIds + "]}}").getBytes(UTF_8);
            Descriptor configDescriptor = repo.blobs().put(Skopeo.CONFIG_MEDIA_TYPE, config).withMediaType(Skopeo.CONFIG_MEDIA_TYPE);
            byte[] manifest = ManifestAndTagSuite.image(MediaTypes.OCI_MANIFEST, configDescriptor, layers, "").getBytes(UTF_8);
            manifestDigest = repo.manifests().put(MediaTypes.OCI_MANIFEST, manifest).descriptor().digest();
            repo.tags().tag("v1", manifestDigest);
        }
        try (GoRegistry go = GoRegistry.start(root)) {
            HttpResponse<byte[]> byTag = goManifest(go, "stowage/written", "v1");
            assertThat(byTag.statusCode()).isEqualTo(200);
            assertThat(byTag.headers().firstValue("Docker-Content-Digest")).contains(manifestDigest.toString());
            HttpResponse<String> tags = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/stowage/written/tags/list"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tags.body()).contains("\"v1\"");

            Path pulled = Skopeo.find().pull(go.hostPort(), "stowage/written", "v1", temp.resolve("pulled"));
            assertThat(Digest.sha256(Files.readAllBytes(Skopeo.blobPath(pulled, manifestDigest)))).isEqualTo(manifestDigest);
            for (Descriptor layer : layers) {
                assertThat(Digest.sha256(Files.readAllBytes(Skopeo.blobPath(pulled, layer.digest())))).isEqualTo(layer.digest());
            }
        }
    }
}
