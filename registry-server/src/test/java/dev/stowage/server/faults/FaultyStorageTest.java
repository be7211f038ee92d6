package dev.stowage.server.faults;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.conformance.faults.FaultInjectingDriver;
import dev.stowage.conformance.faults.FaultInjectingDriver.Faults;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.server.http.RegistryServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes and pulls through a server whose storage fails, stalls, reads short and breaks streams
 * part way: every answer is a success or a clean error, a retry succeeds, and nothing corrupt is
 * ever served.
 */
class FaultyStorageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 30;

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger cleanErrors = new AtomicInteger();
    private final AtomicInteger brokenStreams = new AtomicInteger();
    private final List<String> unclean = java.util.Collections.synchronizedList(new ArrayList<>());

    private URI base;

    /** Sends a request; any answer must be a success or a JSON error of the specification's shape. */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            brokenStreams.incrementAndGet(); // a body cut short: the client can tell, and retries
            throw e;
        }
        if (r.statusCode() >= 400 && !request.method().equals("HEAD")) {
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException e) {
                unclean.add(request.method() + " " + request.uri() + " -> " + r.statusCode() + " with a non-JSON body");
                return r;
            }
            if (!body.path("errors").path(0).has("code")) {
                unclean.add(request.method() + " " + request.uri() + " -> " + r.statusCode() + " " + body);
            }
            cleanErrors.incrementAndGet();
        }
        return r;
    }

    private interface Attempt {
        boolean tryOnce() throws Exception;
    }

    private static void retry(String what, Attempt attempt) throws Exception {
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                if (attempt.tryOnce()) {
                    return;
                }
            } catch (IOException e) {
                // a broken stream: try again
            }
        }
        throw new AssertionError(what + " did not succeed in " + ATTEMPTS + " attempts");
    }

    private void pushBlob(String name, byte[] content) throws Exception {
        Digest digest = Digest.sha256(content);
        retry("push of " + digest, () -> {
            HttpResponse<byte[]> post = send(HttpRequest.newBuilder(base.resolve("/v2/" + name + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            if (post.statusCode() != 202) {
                return false;
            }
            String location = post.headers().firstValue("Location").orElseThrow();
            HttpResponse<byte[]> put = send(HttpRequest.newBuilder(URI.create(location + "&digest=" + digest))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
            return put.statusCode() == 201;
        });
    }

    private byte[] pullVerified(String name, Digest digest) throws Exception {
        byte[][] result = new byte[1][];
        retry("pull of " + digest, () -> {
            HttpResponse<byte[]> get = send(HttpRequest.newBuilder(base.resolve("/v2/" + name + "/blobs/" + digest)).build());
            if (get.statusCode() != 200) {
                return false;
            }
            assertThat(Digest.sha256(get.body())).as("a 200 answer's bytes are the blob's: nothing corrupt is served")
                    .isEqualTo(digest);
            result[0] = get.body();
            return true;
        });
        return result[0];
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20261201, 7})
    void underFailuresDelaysShortReadsAndBrokenStreamsEveryRequestEndsCleanAndRetriesSucceed(long seed) throws Exception {
        Faults faults = Faults.none().withSeed(seed).withFailureRate(0.04).withShortReadRate(0.3)
                .withStreamFailures(0.03, 256 << 10).withDelay(Duration.ofMillis(30), 0.05);
        try (StorageDriver backend = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()))) {
            FaultInjectingDriver driver = FaultInjectingDriver.wrap(backend, faults);
            try (Registry registry = Registry.builder(driver).options(RegistryOptions.defaults().withRedirect(false)
                    .withBufferSize(16 << 10)).build();
                 RegistryServer server = RegistryServer.builder(registry).address("127.0.0.1", 0).maxThreads(16).build()) {
                server.start();
                base = server.uri();
                int threadsBefore = Thread.activeCount();
                ExecutorService clients = Executors.newFixedThreadPool(6);
                List<Future<?>> work = new ArrayList<>();
                for (int c = 0; c < 6; c++) {
                    int client = c;
                    work.add(clients.submit(() -> {
                        Random random = new Random(client);
                        String name = "faults/client-" + client;
                        for (int image = 0; image < 3; image++) {
                            List<byte[]> layers = new ArrayList<>();
                            StringBuilder layerJson = new StringBuilder();
                            for (int l = 0; l < 3; l++) {
                                byte[] layer = new byte[1 + random.nextInt(600_000)];
                                random.nextBytes(layer);
                                layers.add(layer);
                                pushBlob(name, layer);
                                layerJson.append(l == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                                        + "\"digest\":\"").append(Digest.sha256(layer)).append("\",\"size\":").append(layer.length).append('}');
                            }
                            byte[] config = ("{\"client\":" + client + ",\"image\":" + image + "}").getBytes(UTF_8);
                            pushBlob(name, config);
                            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                                    + Digest.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[" + layerJson + "]}")
                                    .getBytes(UTF_8);
                            String tag = "v" + image;
                            retry("manifest " + tag, () -> send(HttpRequest.newBuilder(base.resolve("/v2/" + name + "/manifests/" + tag))
                                    .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build()).statusCode() == 201);
                            retry("manifest pull " + tag, () -> {
                                HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve("/v2/" + name + "/manifests/" + tag))
                                        .header("Accept", "application/vnd.oci.image.manifest.v1+json").build());
                                if (r.statusCode() != 200) {
                                    return false;
                                }
                                assertThat(r.body()).isEqualTo(manifest);
                                return true;
                            });
                            for (byte[] layer : layers) {
                                assertThat(pullVerified(name, Digest.sha256(layer))).isEqualTo(layer);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                clients.shutdown();
                assertThat(unclean).as("answers that were not a success or a clean error").isEmpty();
                assertThat(driver.injected()).as("faults were injected").isGreaterThan(20);
                assertThat(cleanErrors.get() + brokenStreams.get()).as("the faults reached the clients").isPositive();
                assertThat(Thread.activeCount() - threadsBefore).as("server threads stay bounded").isLessThan(40);
                // the server is still responsive
                assertThat(send(HttpRequest.newBuilder(base.resolve("/v2/")).build()).statusCode()).isEqualTo(200);
            }
        }
    }
}
