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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that holds Stowage's referrers index stays readable and garbage-collectable by the Go
 * registry 2.8.2: its own {@code garbage-collect} runs cleanly over it, keeps everything a tag or
 * a manifest revision holds, and Stowage's listing never names a manifest the Go collector
 * removed.
 */
class GoRegistryReferrersCompatibilityTest {

    private static final RepositoryName NAME = new RepositoryName("with/referrers");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path root;

    private record Pushed(Digest image, Digest sbom, Digest signature, List<Digest> blobs) {}

    private Pushed push(Registry registry) throws Exception {
        Repository repo = registry.repository(NAME);
        Descriptor config = repo.blobs().put("application/vnd.oci.image.config.v1+json", "{\"os\":\"linux\"}".getBytes(UTF_8))
                .withMediaType("application/vnd.oci.image.config.v1+json");
        Descriptor layer = repo.blobs().put("application/vnd.oci.image.layer.v1.tar", new byte[] {0, 1, 2, 3})
                .withMediaType("application/vnd.oci.image.layer.v1.tar");
        Manifest image = repo.manifests().put(MediaTypes.OCI_MANIFEST,
                ManifestAndTagSuite.image(MediaTypes.OCI_MANIFEST, config, List.of(layer), "").getBytes(UTF_8));
        repo.tags().tag("v1", image.descriptor().digest());
        Descriptor empty = repo.blobs().put(MediaTypes.OCI_EMPTY, "{}".getBytes(UTF_8)).withMediaType(MediaTypes.OCI_EMPTY);
        Descriptor sbomLayer = repo.blobs().put("application/spdx+json", "{\"spdx\":1}".getBytes(UTF_8))
                .withMediaType("application/spdx+json");
        Descriptor sigLayer = repo.blobs().put("application/vnd.example.sig", "sig".getBytes(UTF_8))
                .withMediaType("application/vnd.example.sig");
        String subject = ",\"subject\":" + ManifestAndTagSuite.json(image.descriptor());
        Manifest sbom = repo.manifests().put(MediaTypes.OCI_MANIFEST, ManifestAndTagSuite.image(MediaTypes.OCI_MANIFEST,
                empty, List.of(sbomLayer), ",\"artifactType\":\"application/spdx+json\"" + subject).getBytes(UTF_8));
        Manifest signature = repo.manifests().put(MediaTypes.OCI_MANIFEST, ManifestAndTagSuite.image(MediaTypes.OCI_MANIFEST,
                empty, List.of(sigLayer), ",\"artifactType\":\"application/vnd.example.sig\"" + subject).getBytes(UTF_8));
        return new Pushed(image.descriptor().digest(), sbom.descriptor().digest(), signature.descriptor().digest(),
                List.of(config.digest(), layer.digest(), empty.digest(), sbomLayer.digest(), sigLayer.digest(),
                        image.descriptor().digest(), sbom.descriptor().digest(), signature.descriptor().digest()));
    }

    private StorageDriver filesystem() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    private static long files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void theGoCollectorRunsCleanlyOverTheIndexAndKeepsEverythingReferenced() throws Exception {
        Pushed pushed;
        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            pushed = push(registry);
        }
        long before = files(root);
        String output = GoRegistry.garbageCollect(root, false, false);
        assertThat(output).contains("blobs marked").doesNotContain("blob eligible for deletion");
        assertThat(files(root)).isEqualTo(before); // nothing removed: every blob is held by a revision

        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            for (Digest blob : pushed.blobs()) {
                assertThat(Digest.sha256(registry.blobs().get(blob))).isEqualTo(blob);
            }
            assertThat(registry.repository(NAME).referrers().list(pushed.image(), Optional.empty()))
                    .extracting(Descriptor::digest).containsExactlyInAnyOrder(pushed.sbom(), pushed.signature());
        }
        try (GoRegistry go = GoRegistry.start(root)) {
            for (Digest manifest : List.of(pushed.image(), pushed.sbom(), pushed.signature())) {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/" + NAME
                        + "/manifests/" + manifest)).header("Accept", MediaTypes.OCI_MANIFEST).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Digest.sha256(response.body())).isEqualTo(manifest);
            }
        }
    }

    @Test
    void referrersTheGoCollectorDeletesAsUntaggedAreNoLongerListed() throws Exception {
        Pushed pushed;
        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            pushed = push(registry);
        }
        // the Go registry knows no subject: untagged artifacts go, with their blobs
        String output = GoRegistry.garbageCollect(root, true, false);
        assertThat(output).contains("blobs marked");
        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            Repository repo = registry.repository(NAME);
            assertThat(repo.manifests().get(pushed.image()).descriptor().digest()).isEqualTo(pushed.image());
            assertThat(repo.referrers().list(pushed.image(), Optional.empty())).isEmpty();
            assertThat(repo.referrers().rebuild().removed()).isEqualTo(2);
        }
    }
}
