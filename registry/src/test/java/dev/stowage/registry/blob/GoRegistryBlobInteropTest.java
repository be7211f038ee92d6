package dev.stowage.registry.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.testing.GoRegistry;
import dev.stowage.registry.testing.Skopeo;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stowage's blob layers and the Go registry 2.8.2 (Debian's {@code docker-registry}) on one
 * filesystem root: each reads what the other wrote, and an upload the Go registry began is
 * finished by Stowage from the Go registry's own hash state.
 */
class GoRegistryBlobInteropTest {

    private static final RepositoryName REPO = new RepositoryName("interop/app");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path root;

    private StorageDriver filesystem() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void everyBlobOfAnImagePushedToTheGoRegistryIsReadByStowage() throws Exception {
        Skopeo.Image image;
        try (GoRegistry go = GoRegistry.start(root)) {
            image = Skopeo.find().pushRandomImage(go.hostPort(), REPO.value(), "v1", 3, 300_000);
        }
        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            BlobStore blobs = registry.blobs(REPO);
            List<Descriptor> all = new ArrayList<>(image.blobs());
            all.add(image.manifest());
            for (Descriptor pushed : all) {
                // layers and config are linked into the repository; the manifest is a revision (next step)
                Descriptor found = pushed.equals(image.manifest())
                        ? registry.blobs().stat(pushed.digest()) : blobs.stat(pushed.digest());
                assertThat(found.size()).isEqualTo(pushed.size());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (SeekableByteChannel channel = registry.blobs().open(found)) {
                    Channels.newInputStream(channel).transferTo(out);
                }
                assertThat(Digest.sha256(out.toByteArray())).isEqualTo(pushed.digest());
            }
            assertThat(countBlobs(registry)).isEqualTo(all.size());
        }
    }

    @Test
    void blobsWrittenByStowageAreServedByTheGoRegistry() throws Exception {
        byte[] small = random(1_000, 1);
        byte[] large = random(3_000_000, 2);
        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            BlobStore blobs = registry.blobs(REPO);
            blobs.put("application/json", small);
            try (BlobWriter writer = blobs.create()) {
                writer.write(ByteBuffer.wrap(large, 0, 1_000_000));
                writer.close();
            }
        }
        // a second process finishes the upload
        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            BlobStore blobs = registry.blobs(REPO);
            String id = driver.list(Layout.uploads(REPO)).get(0);
            try (BlobWriter writer = blobs.resume(id.substring(id.lastIndexOf('/') + 1))) {
                writer.write(ByteBuffer.wrap(large, 1_000_000, 2_000_000));
                writer.commit(Digest.sha256(large));
            }
        }
        try (GoRegistry go = GoRegistry.start(root)) {
            for (byte[] content : new byte[][] {small, large}) {
                Digest digest = Digest.sha256(content);
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        go.baseUri().resolve("/v2/" + REPO + "/blobs/" + digest)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
                assertThat(Digest.sha256(response.body())).isEqualTo(digest);
            }
        }
    }

    @Test
    void anUploadTheGoRegistryBeganIsFinishedByStowageWithoutReadingItBack() throws Exception {
        byte[] content = random(400_000, 3);
        String id;
        try (GoRegistry go = GoRegistry.start(root)) {
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/" + REPO + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).isEqualTo(202);
            id = started.headers().firstValue("Docker-Upload-UUID").orElseThrow();
            URI location = go.baseUri().resolve(started.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> patched = http.send(HttpRequest.newBuilder(location)
                    .header("Content-Type", "application/octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content, 0, 100_000)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(patched.statusCode()).isEqualTo(202);
            assertThat(patched.headers().firstValue("Range")).contains("0-99999");
        }
        try (StorageDriver fs = filesystem(); Registry registry = Registry.builder(new CountingDriver(fs)).build()) {
            CountingDriver counting = new CountingDriver(fs);
            Registry counted = Registry.builder(counting).build();
            try (BlobWriter writer = counted.blobs(REPO).resume(id)) {
                assertThat(writer.size()).isEqualTo(100_000);
                writer.write(ByteBuffer.wrap(content, 100_000, 300_000));
                assertThat(writer.commit(Digest.sha256(content)).size()).isEqualTo(400_000);
            }
            assertThat(counting.readers.get()).as("reader() calls: the Go state at 100000 was used").isZero();
            assertThat(registry.blobs(REPO).get(Digest.sha256(content))).isEqualTo(content);
        }
        try (GoRegistry go = GoRegistry.start(root)) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                    go.baseUri().resolve("/v2/" + REPO + "/blobs/" + Digest.sha256(content))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.body()).isEqualTo(content);
        }
    }

    @Test
    void anUploadStowageBeganCannotBeFinishedByTheGoRegistryAndIsNotHarmedByTheAttempt() throws Exception {
        byte[] content = random(50_000, 4);
        String id;
        String startedAt;
        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            try (BlobWriter writer = registry.blobs(REPO).create()) {
                id = writer.id();
                startedAt = writer.startedAt().toString();
                writer.write(ByteBuffer.wrap(content));
            }
        }
        String secret = GoRegistry.Options.defaults().secret();
        String state = uploadState(secret, REPO.value(), id, content.length, startedAt);
        try (GoRegistry go = GoRegistry.start(root)) {
            URI finish = go.baseUri().resolve("/v2/" + REPO + "/blobs/uploads/" + id + "?_state=" + state
                    + "&digest=" + Digest.sha256(content));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(finish)
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            // The Go registry finds no data where it looks (_uploads/<id>/data): the driver keeps it hidden.
            assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
            assertThat(response.body()).contains("BLOB_UPLOAD_INVALID");
            HttpResponse<Void> blob = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/" + REPO + "/blobs/"
                    + Digest.sha256(content))).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(blob.statusCode()).isEqualTo(404);
        }
        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            assertThat(countBlobs(registry)).isZero();
            // the Go registry left the upload alone: Stowage still finishes it
            try (BlobWriter writer = registry.blobs(REPO).resume(id)) {
                assertThat(writer.size()).isEqualTo(content.length);
                writer.commit(Digest.sha256(content));
            }
            assertThat(registry.blobs(REPO).get(Digest.sha256(content))).isEqualTo(content);
        }
    }

    /** The Go registry's {@code _state} token: base64url(HMAC-SHA256(secret, json) + json). */
    private static String uploadState(String secret, String name, String id, long offset, String startedAt) throws Exception {
        byte[] json = ("{\"Name\":\"" + name + "\",\"UUID\":\"" + id + "\",\"Offset\":" + offset
                + ",\"StartedAt\":\"" + startedAt + "\"}").getBytes(UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
        byte[] sum = mac.doFinal(json);
        byte[] token = new byte[sum.length + json.length];
        System.arraycopy(sum, 0, token, 0, sum.length);
        System.arraycopy(json, 0, token, sum.length, json.length);
        return Base64.getUrlEncoder().encodeToString(token);
    }

    private static int countBlobs(Registry registry) throws Exception {
        int[] n = {0};
        registry.blobs().enumerate(d -> n[0]++);
        return n[0];
    }
}
