package dev.stowage.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.s3.S3MockServer;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An upload that cannot get buffer memory within the driver's wait is answered 429
 * {@code TOOMANYREQUESTS} with {@code Retry-After}, keeps what arrived, and resumes once memory is
 * free: on the real S3 driver (S3Mock) with a budget of one part, held by another upload whose
 * client stalls mid-body.
 */
class BufferMemoryTest {

    private static final int PART = 5 << 20;

    @Test
    void anUploadThatFindsTheBufferMemoryTakenIs429AndResumesLater() throws Exception {
        Map<String, Object> parameters = new java.util.HashMap<>(S3MockServer.parameters());
        parameters.put("chunksize", "5MiB");
        parameters.put("buffermemory", "5MiB"); // one part, for all uploads together
        byte[] held = random(2 << 20, 1);
        byte[] waiting = random(PART + 1000, 2);
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        try (StorageDriver driver = S3MockServer.driver(parameters);
             // the registry holds no more than its buffer, so an upload's bytes go to the driver's part buffers
             Registry registry = Registry.builder(driver).heldUploadMemory(0).build();
             RegistryServer server = RegistryServer.builder(registry).address("127.0.0.1", 0).build()) {
            server.start();
            ApiClient client = new ApiClient(server.uri());

            // the first upload: 1 MiB arrives (its buffer takes the one part), then its client stalls
            String first = client.startUpload("budget/first");
            InputStream stalling = new InputStream() {
                private int sent;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (sent == held.length) {
                        return -1;
                    }
                    if (sent == 1 << 20) {
                        stalled.countDown();
                        try {
                            resume.await(2, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    int n = Math.min(len, (sent < 1 << 20 ? 1 << 20 : held.length) - sent);
                    System.arraycopy(held, sent, b, off, n);
                    sent += n;
                    return n;
                }
            };
            CompletableFuture<HttpResponse<byte[]>> firstPatch = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send(client.request(first).method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> stalling))
                            .header("Content-Type", "application/octet-stream"));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(stalled.await(60, TimeUnit.SECONDS)).as("the first upload's client sent its first MiB").isTrue();
            // let the server take it into the part buffer (it opens the upload's multipart upload
            // first, two S3Mock requests, which on a loaded machine took more than half a second)
            Thread.sleep(2_000);

            // the second upload waits for the part, in vain, and is answered 429
            String second = client.startUpload("budget/second");
            HttpResponse<byte[]> refused = client.patch(second, Arrays.copyOf(waiting, 1 << 20), null);
            assertThat(refused.statusCode()).as("PATCH while the buffer memory is held: %s", ApiClient.text(refused)).isEqualTo(429);
            assertThat(ApiClient.errorCode(refused)).isEqualTo("TOOMANYREQUESTS");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();

            // the first client goes on; its upload ends, and the memory is free again
            resume.countDown();
            HttpResponse<byte[]> firstDone = firstPatch.get(2, TimeUnit.MINUTES);
            assertThat(firstDone.statusCode()).as("the first PATCH: %s", ApiClient.text(firstDone)).isEqualTo(202);
            HttpResponse<byte[]> firstPut = client.put(ApiClient.withDigest(client.location(firstDone), Digest.sha256(held)),
                    "application/octet-stream", new byte[0]);
            assertThat(firstPut.statusCode()).as("the first PUT: %s", ApiClient.text(firstPut)).isEqualTo(201);

            // the second resumes from what the server says it kept
            HttpResponse<byte[]> status = client.get(second);
            assertThat(status.statusCode()).isEqualTo(204);
            long kept = status.headers().firstValue("Range").map(r -> Long.parseLong(r.substring(r.indexOf('-') + 1)) + 1)
                    .orElseThrow();
            HttpResponse<byte[]> rest = client.patch(client.location(status),
                    Arrays.copyOfRange(waiting, (int) kept, waiting.length), kept + "-" + (waiting.length - 1));
            assertThat(rest.statusCode()).as("the resumed PATCH: %s", ApiClient.text(rest)).isEqualTo(202);
            HttpResponse<byte[]> secondPut = client.put(ApiClient.withDigest(client.location(rest), Digest.sha256(waiting)),
                    "application/octet-stream", new byte[0]);
            assertThat(secondPut.statusCode()).as("the second PUT: %s", ApiClient.text(secondPut)).isEqualTo(201);
            assertThat(client.get("/v2/budget/second/blobs/" + Digest.sha256(waiting)).body()).isEqualTo(waiting);
        } finally {
            resume.countDown();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
