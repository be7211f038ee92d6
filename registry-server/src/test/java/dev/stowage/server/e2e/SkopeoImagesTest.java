package dev.stowage.server.e2e;

import static dev.stowage.server.e2e.E2e.skopeo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.testing.Skopeo;
import dev.stowage.server.StowageRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** skopeo (containers/image) copying images in and out of a running Stowage server on a filesystem root. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SkopeoImagesTest {

    @TempDir
    static Path work;

    private StowageRegistry server;
    private String host;
    private Http http;

    @BeforeAll
    void start() throws Exception {
        server = E2e.serve(E2e.config(work.resolve("store")));
        host = E2e.hostPort(server);
        http = new Http(server.uri());
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private Skopeo.Image image(String name, int layers, long seed) throws IOException {
        return Skopeo.buildImage(work.resolve(name), "v1", layers, 64 * 1024 + (int) seed, seed);
    }

    @Test
    void ociImageWithSeveralLayersPushedAndPulledBackIsByteForByteTheSame() throws Exception {
        Skopeo.Image image = image("oci-in", 4, 1);
        skopeo().push(image, host, "e2e/oci");
        Path out = skopeo().pull(host, "e2e/oci", "v1", work.resolve("oci-out"));

        Set<Digest> reached = E2e.verifyLayout(out, "v1");
        assertThat(reached.iterator().next()).isEqualTo(image.manifest().digest());
        assertThat(reached).containsExactlyInAnyOrderElementsOf(digests(image));
        for (Descriptor blob : image.blobs()) {
            assertThat(Files.readAllBytes(Skopeo.blobPath(out, blob.digest())))
                    .isEqualTo(Files.readAllBytes(image.blob(blob.digest())));
        }
        HttpResponse<byte[]> manifest = http.get("/v2/e2e/oci/manifests/v1", "Accept", E2e.OCI_MANIFEST);
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(image.manifest().digest().toString());
        assertThat(manifest.body()).isEqualTo(Files.readAllBytes(image.blob(image.manifest().digest())));
    }

    private static List<Digest> digests(Skopeo.Image image) {
        List<Digest> all = new ArrayList<>();
        all.add(image.manifest().digest());
        image.blobs().forEach(b -> all.add(b.digest()));
        return all;
    }

    @Test
    void dockerSchema2ImageIsServedAsDockerAndItsLayersDecompressToTheOriginals() throws Exception {
        Skopeo.Image image = image("docker-in", 2, 2);
        // Conversion to Docker schema 2: skopeo gzips the layers and rewrites config and manifest, as docker push would.
        skopeo().copy(List.of("--dest-tls-verify=false", "--format", "v2s2",
                "oci:" + image.layout() + ":v1", "docker://" + host + "/e2e/docker:v1"));

        HttpResponse<byte[]> manifest = http.get("/v2/e2e/docker/manifests/v1",
                "Accept", E2e.DOCKER_MANIFEST + ", " + E2e.OCI_MANIFEST);
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Content-Type")).hasValue(E2e.DOCKER_MANIFEST);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(Digest.sha256(manifest.body()).toString());
        JsonNode json = E2e.JSON.readTree(manifest.body());
        assertThat(json.path("config").path("mediaType").asText()).isEqualTo("application/vnd.docker.container.image.v1+json");

        // Pulled as it is (dir: keeps the manifest unconverted), every file checked against its digest.
        Path out = Files.createDirectories(work.resolve("docker-out"));
        skopeo().copy(List.of("--src-tls-verify=false", "--preserve-digests", "docker://" + host + "/e2e/docker:v1",
                "dir:" + out));
        assertThat(Files.readAllBytes(out.resolve("manifest.json"))).isEqualTo(manifest.body());
        JsonNode layers = json.path("layers");
        assertThat(layers).hasSize(2);
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip");
            Digest digest = Digest.parse(layer.path("digest").asText());
            byte[] pulled = Files.readAllBytes(out.resolve(digest.hex()));
            assertThat(Digest.sha256(pulled)).isEqualTo(digest);
            assertThat((long) pulled.length).isEqualTo(layer.path("size").asLong());
            try (GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(pulled))) {
                assertThat(gunzip.readAllBytes()).as("layer %d decompressed", i)
                        .isEqualTo(Files.readAllBytes(image.blob(image.layers().get(i).digest())));
            }
        }
        Digest config = Digest.parse(json.path("config").path("digest").asText());
        assertThat(Digest.sha256(Files.readAllBytes(out.resolve(config.hex())))).isEqualTo(config);
    }

    @Test
    void multiPlatformIndexCopiedWithAllComesBackWithBothPlatformsAndEveryBlob() throws Exception {
        Path in = work.resolve("multi-in");
        Descriptor index = E2e.multiPlatformLayout(in, "multi", 3);
        skopeo().copy(List.of("--all", "--preserve-digests", "--dest-tls-verify=false",
                "oci:" + in + ":multi", "docker://" + host + "/e2e/multi:multi"));

        HttpResponse<byte[]> served = http.get("/v2/e2e/multi/manifests/multi", "Accept", E2e.OCI_INDEX);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue(E2e.OCI_INDEX);
        assertThat(served.headers().firstValue("Docker-Content-Digest")).hasValue(index.digest().toString());
        assertThat(E2e.JSON.readTree(served.body()).path("manifests")).hasSize(2);

        Path out = Files.createDirectories(work.resolve("multi-out"));
        skopeo().copy(List.of("--all", "--preserve-digests", "--src-tls-verify=false",
                "--dest-oci-accept-uncompressed-layers", "docker://" + host + "/e2e/multi:multi", "oci:" + out + ":multi"));
        Set<Digest> pulled = E2e.verifyLayout(out, "multi");
        Set<Digest> pushed = E2e.verifyLayout(in, "multi");
        assertThat(pulled.iterator().next()).isEqualTo(index.digest());
        // index + 2 manifests + 2 configs + 5 layers
        assertThat(pulled).hasSize(10).containsExactlyInAnyOrderElementsOf(pushed);
    }

    @Test
    void inspectReportsTheManifestDigestAndLayersAndRawGivesTheManifestBytes() throws Exception {
        Skopeo.Image image = image("inspect-in", 3, 4);
        skopeo().push(image, host, "e2e/inspect");
        JsonNode inspected = E2e.jsonOutput(skopeo().run("inspect",
                List.of("--tls-verify=false", "docker://" + host + "/e2e/inspect:v1")));
        assertThat(inspected.path("Digest").asText()).isEqualTo(image.manifest().digest().toString());
        List<String> layers = new ArrayList<>();
        inspected.path("Layers").forEach(l -> layers.add(l.asText()));
        assertThat(layers).containsExactlyElementsOf(image.layers().stream().map(l -> l.digest().toString()).toList());
        assertThat(inspected.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspected.path("RepoTags").toString()).contains("v1");

        String raw = skopeo().run("inspect", List.of("--raw", "--tls-verify=false", "docker://" + host + "/e2e/inspect:v1"));
        assertThat(raw.trim()).isEqualTo(Files.readString(image.blob(image.manifest().digest())).trim());
    }

    @Test
    void deleteRemovesTheManifestWhenDeletesAreEnabled() throws Exception {
        Skopeo.Image image = image("delete-in", 1, 5);
        skopeo().push(image, host, "e2e/delete");
        String byDigest = "/v2/e2e/delete/manifests/" + image.manifest().digest();
        assertThat(http.get(byDigest, "Accept", E2e.OCI_MANIFEST).statusCode()).isEqualTo(200);

        skopeo().run("delete", List.of("--tls-verify=false", "docker://" + host + "/e2e/delete:v1"));

        assertThat(http.get(byDigest, "Accept", E2e.OCI_MANIFEST).statusCode()).isEqualTo(404);
        assertThat(http.get("/v2/e2e/delete/manifests/v1", "Accept", E2e.OCI_MANIFEST).statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> skopeo().run("inspect", List.of("--tls-verify=false", "docker://" + host + "/e2e/delete:v1")))
                .isInstanceOf(IOException.class).hasMessageContaining("manifest unknown");
    }

    @Test
    void deleteIsRefusedWith405WhenDeletesAreDisabled() throws Exception {
        try (StowageRegistry readOnlyDeletes = E2e.serve(E2e.config(work.resolve("no-deletes"), false, "", ""))) {
            String other = E2e.hostPort(readOnlyDeletes);
            Skopeo.Image image = image("nodelete-in", 1, 6);
            skopeo().push(image, other, "e2e/kept");

            assertThatThrownBy(() -> skopeo().run("delete", List.of("--tls-verify=false", "docker://" + other + "/e2e/kept:v1")))
                    .isInstanceOf(IOException.class).hasMessageContaining("405");
            Http client = new Http(readOnlyDeletes.uri());
            HttpResponse<byte[]> delete = client.send("DELETE", "/v2/e2e/kept/manifests/" + image.manifest().digest(), null);
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(Http.text(delete)).contains("UNSUPPORTED");
            HttpResponse<byte[]> still = client.get("/v2/e2e/kept/manifests/v1", "Accept", E2e.OCI_MANIFEST);
            assertThat(still.statusCode()).isEqualTo(200);
            assertThat(still.body()).isEqualTo(Files.readAllBytes(image.blob(image.manifest().digest())));
        }
    }

    @Test
    void readOnlyServerOnTheSameRootServesPullsAndRefusesPushes() throws Exception {
        Skopeo.Image image = image("readonly-in", 2, 7);
        skopeo().push(image, host, "e2e/readonly");
        String yaml = E2e.config(work.resolve("store")).replace("  maintenance:\n",
                "  maintenance:\n    readonly:\n      enabled: true\n");
        try (StowageRegistry readOnly = E2e.serve(yaml)) {
            String other = E2e.hostPort(readOnly);
            Path out = skopeo().pull(other, "e2e/readonly", "v1", work.resolve("readonly-out"));
            assertThat(E2e.verifyLayout(out, "v1")).containsExactlyInAnyOrderElementsOf(digests(image));

            Skopeo.Image refused = image("readonly-refused", 1, 8);
            assertThatThrownBy(() -> skopeo().push(refused, other, "e2e/readonly-new"))
                    .isInstanceOf(IOException.class).hasMessageContaining("unsupported: the registry is in read-only mode");
            assertThat(work.resolve("store/docker/registry/v2/repositories/e2e/readonly-new")).doesNotExist();
            HttpResponse<byte[]> post = new Http(readOnly.uri()).send("POST", "/v2/e2e/readonly-new/blobs/uploads/", new byte[0]);
            assertThat(post.statusCode()).isEqualTo(405);
            HttpResponse<byte[]> delete = new Http(readOnly.uri()).send("DELETE",
                    "/v2/e2e/readonly/manifests/" + image.manifest().digest(), null);
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(http.get("/v2/e2e/readonly/manifests/v1", "Accept", E2e.OCI_MANIFEST).statusCode()).isEqualTo(200);
        }
    }
}
