package dev.stowage.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.s3.S3MockServer;
import dev.stowage.registry.Digest;
import dev.stowage.server.config.ServerConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics and health of a registry made from a config, over HTTP. */
class OperationsTest {

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConfiguredConcurrentRequestsBoundStorageRequests() throws Exception {
        String yaml = """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:0
                  secret: test
                stowage:
                  limits:
                    concurrentrequests: 1
                    mindatarate: 0
                """.formatted(root);
        try (StowageRegistry registry = StowageRegistry.open(ServerConfigs.parse(yaml, Map.of(), "test.yml"),
                getClass().getClassLoader())) {
            registry.serve();
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(registry.uri() + "/v2/ops/slow/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(202);
            // one PATCH whose body stalls (1 of 100 bytes sent) holds the one storage request allowed
            URI location = URI.create(post.headers().firstValue("Location").orElseThrow());
            java.net.Socket stalled = null;
            try {
                HttpResponse<String> second = null;
                // until the stalled PATCH holds the permit: at most 10 s (a loaded machine needs more than 2)
                for (int i = 0; i < 500 && (second == null || second.statusCode() != 429); i++) {
                    if (stalled == null || stalled.getInputStream().available() > 0) {
                        // not sent yet, or answered: it came while one of these POSTs held the permit, and was refused
                        if (stalled != null) {
                            stalled.close();
                        }
                        stalled = stalledPatch(location);
                    }
                    Thread.sleep(20);
                    second = http.send(HttpRequest.newBuilder(URI.create(registry.uri() + "/v2/ops/other/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                }
                assertThat(second.statusCode()).isEqualTo(429);
                assertThat(second.body()).contains("TOOMANYREQUESTS");
            } finally {
                if (stalled != null) {
                    stalled.close();
                }
            }
            // the stalled request gone, the permit comes back
            HttpResponse<String> after = null;
            for (int i = 0; i < 100 && (after == null || after.statusCode() != 202); i++) {
                Thread.sleep(20);
                after = http.send(HttpRequest.newBuilder(URI.create(registry.uri() + "/v2/ops/other/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            }
            assertThat(after.statusCode()).isEqualTo(202);
        }
    }

    /** A connection that has sent a PATCH to {@code location} with 1 of its 100 bytes, and stalls. */
    private static java.net.Socket stalledPatch(URI location) throws java.io.IOException {
        java.net.Socket socket = new java.net.Socket(location.getHost(), location.getPort());
        socket.getOutputStream().write(("PATCH " + location.getRawPath() + "?" + location.getRawQuery()
                + " HTTP/1.1\r\nHost: " + location.getAuthority() + "\r\nContent-Length: 100\r\n\r\nx")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void uploadMemoryInTheConfigDecidesWhetherAnObjectStoreHoldsAnUploadWhole() throws Exception {
        byte[] blob = new byte[600_000]; // past the 128 KiB buffer, below a part
        new java.util.Random(3).nextBytes(blob);
        Digest digest = Digest.sha256(blob);
        for (String limits : new String[] {"", "stowage:\n  limits:\n    uploadmemory: 0\n"}) {
            StringBuilder yaml = new StringBuilder("version: 0.1\nstorage:\n  s3:\n");
            S3MockServer.parameters().forEach((k, v) -> yaml.append("    ").append(k).append(": \"").append(v).append("\"\n"));
            yaml.append("http:\n  addr: 127.0.0.1:0\n  secret: test\n  debug:\n    addr: 127.0.0.1:0\n"
                    + "    prometheus:\n      enabled: true\n      path: /metrics\n").append(limits);
            try (StowageRegistry registry = StowageRegistry.open(ServerConfigs.parse(yaml.toString(), Map.of(), "test.yml"),
                    getClass().getClassLoader())) {
                registry.serve();
                HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(registry.uri() + "/v2/ops/held/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> patch = http.send(HttpRequest.newBuilder(URI.create(post.headers().firstValue("Location").orElseThrow()))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(patch.statusCode()).isEqualTo(202);
                HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(patch.headers().firstValue("Location").orElseThrow()
                        + "&digest=" + digest)).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(put.statusCode()).isEqualTo(201);
                String metrics = get(URI.create("http://127.0.0.1:" + registry.debugPort().orElseThrow() + "/metrics")).body();
                if (limits.isEmpty()) {
                    // held whole from the default memory: no writer session at all
                    assertThat(metrics).doesNotContain("operation=\"writer\"");
                } else {
                    assertThat(metrics).contains("operation=\"writer\",outcome=\"success\"");
                }
            }
        }
    }

    @Test
    void debugAddressServesPrometheusMetricsOfRequestsStorageCallsAndCacheLookups() throws Exception {
        String yaml = """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: %s
                  cache:
                    blobdescriptor: inmemory
                http:
                  addr: 127.0.0.1:0
                  secret: test
                  debug:
                    addr: 127.0.0.1:0
                    prometheus:
                      enabled: true
                      path: /metrics
                health:
                  storagedriver:
                    enabled: true
                    interval: 1s
                    threshold: 3
                """.formatted(root);
        try (StowageRegistry registry = StowageRegistry.open(ServerConfigs.parse(yaml, Map.of(), "test.yml"),
                getClass().getClassLoader())) {
            registry.serve();
            byte[] blob = "hello".getBytes(StandardCharsets.UTF_8);
            Digest digest = Digest.sha256(blob);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(registry.uri()
                    + "/v2/ops/test/blobs/uploads/?digest=" + digest)).POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(201);
            assertThat(get(URI.create(registry.uri() + "/v2/ops/test/blobs/" + digest)).statusCode()).isEqualTo(200);
            assertThat(get(URI.create(registry.uri() + "/v2/ops/test/blobs/" + digest)).statusCode()).isEqualTo(200);

            URI debug = URI.create("http://127.0.0.1:" + registry.debugPort().orElseThrow());
            HttpResponse<String> metrics = get(debug.resolve("/metrics"));
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("stowage_http_requests_seconds_count{method=\"POST\",resource=\"uploads\",status=\"201\"} 1")
                    .contains("stowage_http_requests_seconds_count{method=\"GET\",resource=\"blob\",status=\"200\"} 2")
                    // the blob and its link; a blob sent in one request never has upload files
                    .contains("stowage_storage_calls_seconds_count{driver=\"filesystem\",operation=\"put_content\",outcome=\"success\"} 2\n")
                    .containsPattern("stowage_cache_lookups_total\\{result=\"hit\",scope=\"repository\"\\} [1-9]")
                    .contains("jvm_memory_used_bytes");
            HttpResponse<String> health = get(debug.resolve("/debug/health"));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{}");
            assertThat(get(URI.create(registry.uri() + "/debug/health")).statusCode()).isEqualTo(200);
        }
    }
}
