package dev.stowage.server.scale;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.driver.s3.S3MockServer;
import dev.stowage.registry.Digest;
import dev.stowage.registry.testing.GoRegistry;
import dev.stowage.registry.testing.RedisServer;
import dev.stowage.server.StowageRegistry;
import dev.stowage.server.config.ServerConfigs;
import dev.stowage.server.scale.Alternating.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Stowage scaled out: two replicas on one S3 bucket (S3Mock) with one Redis blob descriptor cache
 * and a shared {@code http.secret}, driven by clients that send every request of a push or pull to
 * the other replica in turn; and a rolling migration from the Go registry to Stowage on one
 * filesystem root, an upload begun on Go and finished on Stowage.
 */
class ScaleOutTest {

    private static final String SECRET = "scale-out-shared-secret";

    @TempDir
    Path dir;

    private final HttpClient http = Alternating.newHttpClient();

    // ---- two Stowage replicas on S3Mock ----

    /** Two replicas from one driver parameter map (one bucket, one root), one Redis database, one secret. */
    private record Replicas(StowageRegistry a, StowageRegistry b) implements AutoCloseable {
        static Replicas open(int redisDatabase) throws Exception {
            Map<String, Object> parameters = S3MockServer.parameters();
            String yaml = s3Config(parameters, RedisServer.shared(), redisDatabase);
            StowageRegistry a = serve(yaml);
            try {
                return new Replicas(a, serve(yaml));
            } catch (Exception e) {
                a.close();
                throw e;
            }
        }

        List<URI> uris() {
            return List.of(a.uri(), b.uri());
        }

        @Override
        public void close() throws Exception {
            try {
                a.close();
            } finally {
                b.close();
            }
        }
    }

    private static String s3Config(Map<String, Object> parameters, RedisServer redis, int database) {
        StringBuilder yaml = new StringBuilder("version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  s3:\n");
        new TreeMap<>(parameters).forEach((k, v) -> yaml.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        // redirects off: every blob byte is served by the replica asked, not by S3Mock
        yaml.append("  cache:\n    blobdescriptor: redis\n  delete:\n    enabled: true\n  redirect:\n    disable: true\n"
                + "  maintenance:\n    uploadpurging:\n      enabled: false\n"
                + "http:\n  addr: 127.0.0.1:0\n  secret: ").append(SECRET).append('\n')
                .append("redis:\n  addr: ").append(redis.address()).append("\n  db: ").append(database).append('\n');
        return yaml.toString();
    }

    private static StowageRegistry serve(String yaml) throws Exception {
        StowageRegistry registry = StowageRegistry.open(ServerConfigs.parse(yaml, Map.of(), "scale-out.yml"),
                ScaleOutTest.class.getClassLoader());
        try {
            registry.serve();
        } catch (Exception e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private static byte[] random(Random random, int maxSize) {
        byte[] bytes = new byte[1 + random.nextInt(maxSize)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** An image a client pushed: where, and its manifest's bytes. */
    private record Pushed(String repository, String tag, byte[] manifest) {}

    @Test
    void concurrentPushesAndPullsWhoseEveryRequestAlternatesReplicasAllVerifyAndBothReplicasListTheSame() throws Exception {
        int clients = 4;
        int images = 5;
        Random seeds = new Random(20_240_601);
        // layers every client draws from, so that clients push the same blobs at once
        List<byte[]> shared = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            shared.add(random(seeds, 1 << 20));
        }
        try (Replicas replicas = Replicas.open(9)) {
            List<Pushed> pushed = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    long seed = seeds.nextLong();
                    running.add(pool.submit(() -> {
                        Random random = new Random(seed);
                        Alternating registry = new Alternating(http, replicas.uris(), client);
                        for (int i = 0; i < images; i++) {
                            // own repository, and every other image in one repository all clients push to
                            String repository = i % 2 == 0 ? "scale/client-" + client : "scale/common";
                            String tag = "c" + client + "-v" + i;
                            List<byte[]> layers = new ArrayList<>();
                            layers.add(shared.get(random.nextInt(shared.size())));
                            for (int l = random.nextInt(3); l > 0; l--) {
                                layers.add(random(random, 1 << 20));
                            }
                            Collections.shuffle(layers, random);
                            byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"client\":" + client
                                    + ",\"image\":" + i + ",\"n\":" + random.nextLong() + "}").getBytes(UTF_8);
                            for (byte[] layer : layers) {
                                registry.pushChunked(repository, layer, random);
                            }
                            registry.pushChunked(repository, config, random);
                            byte[] manifest = Alternating.manifest(config, layers);
                            registry.pushManifest(repository, tag, manifest);
                            pushed.add(new Pushed(repository, tag, manifest));
                            // pulled back at once, while the other clients still push
                            registry.pullAndVerify(repository, tag, manifest);
                        }
                        return null;
                    }));
                }
                for (Future<?> client : running) {
                    client.get(120, TimeUnit.SECONDS); // an assertion failure in a client fails here
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(pushed).hasSize(clients * images);

            // afterwards: every image pulls from either replica, by tag and by digest
            Alternating registry = new Alternating(http, replicas.uris(), 0);
            Map<String, Set<String>> expectedTags = new TreeMap<>();
            for (Pushed image : pushed) {
                expectedTags.computeIfAbsent(image.repository(), r -> new TreeSet<>()).add(image.tag());
                registry.pullAndVerify(image.repository(), image.tag(), image.manifest());
                registry.pullAndVerify(image.repository(), Digest.sha256(image.manifest()).toString(), image.manifest());
            }
            // tags and catalog: the same on both replicas, and what was pushed
            for (URI replica : replicas.uris()) {
                Answer catalog = registry.sendTo(replica, "GET", "/v2/_catalog?n=1000", null);
                assertThat(catalog.status()).as("%s", catalog).isEqualTo(200);
                assertThat(strings(Alternating.JSON.readTree(catalog.body()).path("repositories")))
                        .as("catalog of %s", replica).containsExactlyElementsOf(expectedTags.keySet());
                for (Map.Entry<String, Set<String>> repository : expectedTags.entrySet()) {
                    Answer tags = registry.sendTo(replica, "GET", "/v2/" + repository.getKey() + "/tags/list", null);
                    assertThat(tags.status()).as("%s", tags).isEqualTo(200);
                    JsonNode json = Alternating.JSON.readTree(tags.body());
                    assertThat(json.path("name").asText()).isEqualTo(repository.getKey());
                    assertThat(strings(json.path("tags"))).as("tags of %s on %s", repository.getKey(), replica)
                            .containsExactlyElementsOf(repository.getValue());
                }
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void blobDeletedThroughOneReplicaIsGoneThroughTheOtherAtOnceAndPushesAgain() throws Exception {
        Random random = new Random(77);
        byte[] blob = random(random, 600_000);
        Digest digest = Digest.sha256(blob);
        try (Replicas replicas = Replicas.open(10)) {
            Alternating registry = new Alternating(http, replicas.uris(), 0);
            URI a = replicas.a().uri();
            URI b = replicas.b().uri();
            registry.pushChunked("scale/deleted", blob, random);
            registry.pushChunked("scale/kept", blob, random);
            // both replicas have read it (and the shared cache holds its descriptors)
            for (URI replica : List.of(a, b)) {
                for (String repository : List.of("scale/deleted", "scale/kept")) {
                    Answer get = registry.sendTo(replica, "GET", "/v2/" + repository + "/blobs/" + digest, null);
                    assertThat(get.status()).as("%s", get).isEqualTo(200);
                    assertThat(get.body()).isEqualTo(blob);
                    assertThat(registry.sendTo(replica, "HEAD", "/v2/" + repository + "/blobs/" + digest, null).status())
                            .isEqualTo(200);
                }
            }

            // the replicas share one cache: both repositories' entries are in the Redis database
            assertThat(cachedIn(10, "scale/deleted", digest)).as("cached in scale/deleted before the delete").isTrue();
            assertThat(cachedIn(10, "scale/kept", digest)).as("cached in scale/kept").isTrue();

            Answer delete = registry.sendTo(a, "DELETE", "/v2/scale/deleted/blobs/" + digest, null);
            assertThat(delete.status()).as("%s", delete).isEqualTo(202);

            for (URI replica : List.of(b, a)) {
                Answer head = registry.sendTo(replica, "HEAD", "/v2/scale/deleted/blobs/" + digest, null);
                assertThat(head.status()).as("HEAD of the deleted blob on %s", replica).isEqualTo(404);
                Answer get = registry.sendTo(replica, "GET", "/v2/scale/deleted/blobs/" + digest, null);
                assertThat(get.status()).as("GET of the deleted blob on %s: %s", replica, get).isEqualTo(404);
                assertThat(Alternating.JSON.readTree(get.body()).path("errors").path(0).path("code").asText())
                        .isEqualTo("BLOB_UNKNOWN");
                // the same blob in another repository is untouched
                Answer kept = registry.sendTo(replica, "GET", "/v2/scale/kept/blobs/" + digest, null);
                assertThat(kept.status()).as("%s", kept).isEqualTo(200);
                assertThat(kept.body()).isEqualTo(blob);
            }
            assertThat(cachedIn(10, "scale/deleted", digest)).as("the shared cache still says scale/deleted has it").isFalse();
            assertThat(cachedIn(10, "scale/kept", digest)).as("the shared cache lost scale/kept's entry").isTrue();
            Answer again = registry.sendTo(b, "DELETE", "/v2/scale/deleted/blobs/" + digest, null);
            assertThat(again.status()).as("deleting it again through the other replica: %s", again).isEqualTo(404);

            // told 404 by HEAD above, a client pushes it again, and both replicas serve it
            registry.pushChunked("scale/deleted", blob, random);
            for (URI replica : List.of(a, b)) {
                Answer head = registry.sendTo(replica, "HEAD", "/v2/scale/deleted/blobs/" + digest, null);
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(blob.length));
                Answer get = registry.sendTo(replica, "GET", "/v2/scale/deleted/blobs/" + digest, null);
                assertThat(get.status()).as("%s", get).isEqualTo(200);
                assertThat(get.body()).isEqualTo(blob);
            }
        }
    }

    /** Whether the shared Redis cache lists {@code digest} in {@code repository} (the Go registry's key). */
    private static boolean cachedIn(int database, String repository, Digest digest) {
        RedisServer redis = RedisServer.shared();
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            jedis.select(database);
            return jedis.sismember("repository::" + repository + "::blobs", digest.toString());
        }
    }

    // ---- rolling migration from the Go registry ----

    private static String filesystemConfig(Path root) {
        return "version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: \"" + root.toAbsolutePath() + "\"\n"
                + "  delete:\n    enabled: true\n  maintenance:\n    uploadpurging:\n      enabled: false\n"
                + "http:\n  addr: 127.0.0.1:0\n  secret: " + SECRET + "\n";
    }

    @Test
    void pushBegunOnGoIsFinishedOnStowageAndEachServesWhatTheOtherWrote() throws Exception {
        Path root = dir.resolve("shared-root");
        Random random = new Random(4242);
        byte[] first = random(random, 1 << 20);
        while (first.length < 4) {
            first = random(random, 1 << 20);
        }
        byte[] second = random(random, 1 << 20);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":" + random.nextLong() + "}").getBytes(UTF_8);
        byte[] manifest = Alternating.manifest(config, List.of(first, second));
        String repository = "rolling/app";

        try (GoRegistry go = GoRegistry.start(root, GoRegistry.Options.defaults().withSecret(SECRET));
             StowageRegistry stowage = serve(filesystemConfig(root))) {
            URI onGo = go.baseUri();
            URI onStowage = stowage.uri();
            Alternating client = new Alternating(http, List.of(onGo, onStowage), 0);

            // the first layer: POST and two PATCHes on Go ...
            int cut1 = first.length / 3;
            int cut2 = 2 * first.length / 3;
            Answer post = client.sendTo(onGo, "POST", "/v2/" + repository + "/blobs/uploads/", new byte[0]);
            assertThat(post.status()).as("%s", post).isEqualTo(202);
            String location = Alternating.location(post);
            for (int[] range : new int[][] {{0, cut1}, {cut1, cut2}}) {
                Answer patch = client.sendTo(onGo, "PATCH", location, java.util.Arrays.copyOfRange(first, range[0], range[1]),
                        "Content-Type", "application/octet-stream");
                assertThat(patch.status()).as("%s", patch).isEqualTo(202);
                assertThat(patch.header("Range")).as("Go's Range").isEqualTo("0-" + (range[1] - 1));
                location = Alternating.location(patch);
            }
            // ... Stowage reads the upload's state Go left ...
            Answer status = client.sendTo(onStowage, "GET", location, null);
            assertThat(status.status()).as("Stowage's status of Go's upload: %s", status).isEqualTo(204);
            assertThat(status.header("Range")).isEqualTo("0-" + (cut2 - 1));
            // ... and the last PATCH and the PUT on Stowage
            Answer patch = client.sendTo(onStowage, "PATCH", location, java.util.Arrays.copyOfRange(first, cut2, first.length),
                    "Content-Type", "application/octet-stream");
            assertThat(patch.status()).as("%s", patch).isEqualTo(202);
            assertThat(patch.header("Range")).isEqualTo("0-" + (first.length - 1));
            Answer put = client.sendTo(onStowage, "PUT", Alternating.withDigest(Alternating.location(patch),
                    Digest.sha256(first)), new byte[0], "Content-Type", "application/octet-stream");
            assertThat(put.status()).as("%s", put).isEqualTo(201);
            assertThat(put.header("Docker-Content-Digest")).isEqualTo(Digest.sha256(first).toString());

            // the rest of the image on Stowage alone
            Alternating stowageOnly = new Alternating(http, List.of(onStowage), 0);
            stowageOnly.pushChunked(repository, second, random);
            stowageOnly.pushChunked(repository, config, random);
            stowageOnly.pushManifest(repository, "v1", manifest);

            // Go serves what Stowage finished, and so does Stowage
            new Alternating(http, List.of(onGo), 0).pullAndVerify(repository, "v1", manifest);
            stowageOnly.pullAndVerify(repository, "v1", manifest);

            // an image pushed on Go alone (reusing a layer Stowage stored: Go's HEAD finds it) pulls from Stowage
            Alternating goOnly = new Alternating(http, List.of(onGo), 0);
            Answer head = goOnly.send("HEAD", "/v2/" + repository + "/blobs/" + Digest.sha256(second), null);
            assertThat(head.status()).as("Go's HEAD of a blob Stowage stored").isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(second.length));
            byte[] third = random(random, 1 << 20);
            byte[] goConfig = ("{\"architecture\":\"arm64\",\"os\":\"linux\",\"n\":" + random.nextLong() + "}").getBytes(UTF_8);
            goOnly.pushChunked(repository, third, random);
            goOnly.pushChunked(repository, goConfig, random);
            byte[] goManifest = Alternating.manifest(goConfig, List.of(second, third));
            goOnly.pushManifest(repository, "v2", goManifest);
            stowageOnly.pullAndVerify(repository, "v2", goManifest);
            // and pulls alternating between the two see both images
            client.pullAndVerify(repository, "v1", manifest);
            client.pullAndVerify(repository, "v2", goManifest);

            for (URI registry : List.of(onGo, onStowage)) {
                Answer tags = client.sendTo(registry, "GET", "/v2/" + repository + "/tags/list", null);
                assertThat(tags.status()).as("%s", tags).isEqualTo(200);
                assertThat(strings(Alternating.JSON.readTree(tags.body()).path("tags"))).as("tags on %s", registry)
                        .containsExactly("v1", "v2");
                Answer catalog = client.sendTo(registry, "GET", "/v2/_catalog", null);
                assertThat(strings(Alternating.JSON.readTree(catalog.body()).path("repositories"))).as("catalog on %s", registry)
                        .containsExactly(repository);
            }
        }
    }
}
