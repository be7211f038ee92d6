package dev.stowage.server.faults;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.WalkAction;
import dev.stowage.driver.s3.S3MockServer;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.catalog.Catalog;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.manifest.Manifest;
import dev.stowage.registry.tag.TagStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the registry process ({@code kill -9}) at random moments while clients push, restarting
 * it each time as the clients retry. Afterwards every image a client saw succeed pulls and
 * verifies, every blob in the store matches its digest, every tag names a whole manifest whose
 * blobs are there, and once uploads are purged nothing else is left behind. On the filesystem
 * driver and on S3Mock.
 *
 * <p>{@code -Dstowage.crashes=N} sets the number of kills (default 6, 3 on S3Mock; the issue's
 * long run is {@code -Dstowage.crashes=100}).
 */
class CrashTest {

    private static final int CRASHES = Integer.getInteger("stowage.crashes", 6);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void filesystem() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        run(Map.of("rootdirectory", root.toString()), "filesystem", CRASHES);
        // below the driver too: nothing on disk but the registry's own files (no staged upload data)
        try (var files = Files.walk(root)) {
            List<String> onDisk = files.filter(Files::isRegularFile).map(p -> "/" + root.relativize(p))
                    .filter(p -> !(p.startsWith(Layout.ROOT) && allowed(FileInfo.file(p, 0, java.time.Instant.EPOCH))))
                    .toList();
            assertThat(onDisk).as("files on disk outside the registry's layout").isEmpty();
        }
    }

    @Test
    void s3mock() throws Exception {
        Map<String, Object> parameters = S3MockServer.parameters();
        run(parameters, "s3", Math.max(1, CRASHES / 2));
    }

    /** The registry process: the server module's own main, on this test's class path. */
    private final class RegistryProcess {
        private final Path config;
        private final int port;
        private Process process;

        RegistryProcess(Path config, int port) {
            this.config = config;
            this.port = port;
        }

        void start() throws Exception {
            process = new ProcessBuilder("java", "--add-opens", "java.base/sun.security.provider=ALL-UNNAMED",
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.stowage.server.cli.StowageCommand",
                    "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile()))
                    .start();
            for (int i = 0; i < 300; i++) {
                try {
                    if (http.send(HttpRequest.newBuilder(uri("/v2/")).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                Thread.sleep(50);
            }
            throw new IOException("the registry did not start; see " + dir.resolve("registry.log"));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    /** An image a client pushed and saw succeed. */
    private record Pushed(String repository, String tag, byte[] manifest, List<byte[]> blobs) {}

    private void run(Map<String, Object> parameters, String driverName, int crashes) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StringBuilder yaml = new StringBuilder("version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  " + driverName + ":\n");
        parameters.forEach((k, v) -> yaml.append("    ").append(k).append(": \"").append(v).append("\"\n"));
        yaml.append("  delete:\n    enabled: true\n  maintenance:\n    uploadpurging:\n      enabled: false\n"
                + "http:\n  addr: 127.0.0.1:").append(port).append("\n  secret: crash-test\n");
        Path config = dir.resolve("config.yml");
        Files.writeString(config, yaml.toString());
        RegistryProcess registry = new RegistryProcess(config, port);
        registry.start();

        List<Pushed> pushed = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        List<Throwable> clientFailures = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < 3; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                Random random = new Random(client * 31L + crashes);
                try {
                    for (int image = 0; !done.get(); image++) {
                        pushed.add(push(registry, "crash/client-" + client, "v" + image, random));
                    }
                } catch (Throwable e) {
                    if (!done.get()) {
                        clientFailures.add(e);
                    }
                }
            }, "crash-client-" + c);
            t.start();
            clients.add(t);
        }
        Random chaos = new Random(crashes);
        for (int crash = 0; crash < crashes; crash++) {
            Thread.sleep(200 + chaos.nextInt(1200));
            registry.kill();
            Thread.sleep(chaos.nextInt(300));
            registry.start();
        }
        Thread.sleep(500);
        done.set(true);
        for (Thread t : clients) {
            t.join(60_000);
        }
        registry.kill();
        // a killed putContent's temporary file is taken for a dead writer's once it is two seconds old
        Thread.sleep(2500);
        assertThat(clientFailures).as("clients that gave up").isEmpty();
        assertThat(pushed).as("images the clients saw succeed").isNotEmpty();
        System.out.printf("[crash] %s: %d kills, %d images pushed and seen to succeed%n", driverName, crashes, pushed.size());

        try (StorageDriver driver = StorageDrivers.create(driverName, parameters);
             Registry storage = Registry.builder(driver).build()) {
            // every image a client saw succeed pulls and verifies
            for (Pushed image : pushed) {
                var repository = storage.repository(RepositoryName.parse(image.repository()));
                Digest digest = repository.tags().resolve(image.tag());
                assertThat(digest).isEqualTo(Digest.sha256(image.manifest()));
                assertThat(repository.manifests().get(digest).content()).isEqualTo(image.manifest());
                for (byte[] blob : image.blobs()) {
                    try (var channel = repository.blobs().open(Digest.sha256(blob))) {
                        java.nio.ByteBuffer all = java.nio.ByteBuffer.allocate(blob.length);
                        while (all.hasRemaining() && channel.read(all) >= 0) {
                            // read on
                        }
                        assertThat(all.array()).isEqualTo(blob);
                    }
                }
            }
            // every blob in the store matches its digest
            int blobs = 0;
            for (Digest digest : storedBlobs(driver)) {
                assertThat(Digest.sha256(driver.getContent(Layout.blobData(digest)))).as("stored blob").isEqualTo(digest);
                blobs++;
            }
            assertThat(blobs).isPositive();
            // no half-written manifest or tag is visible: every tag names a whole manifest whose blobs are there
            Catalog.Page page = storage.catalog().page(Optional.empty(), 1000);
            for (RepositoryName name : page.repositories()) {
                var repository = storage.repository(name);
                TagStore.TagPage tags = repository.tags().list(Optional.empty(), Integer.MAX_VALUE);
                for (String tag : tags.tags()) {
                    Manifest manifest = repository.manifests().get(repository.tags().resolve(tag));
                    for (var reference : manifest.references()) {
                        assertThat(repository.blobs().verify(reference.digest()).size()).isEqualTo(reference.size());
                    }
                }
            }
            // uploads cut by a crash are purged, and then nothing else is left behind
            storage.uploadPurger().purge(Duration.ZERO, false);
            List<String> leftovers = new ArrayList<>();
            driver.walk(Layout.ROOT, info -> {
                if (!info.isDirectory() && !allowed(info)) {
                    leftovers.add(info.path());
                }
                return WalkAction.CONTINUE;
            });
            assertThat(leftovers).as("files that are neither blobs, links nor purgeable uploads").isEmpty();
        }
    }

    private static boolean allowed(FileInfo file) {
        String path = file.path();
        return path.endsWith("/data") && path.startsWith(Layout.BLOBS)
                || path.endsWith("/link") && path.startsWith(Layout.REPOSITORIES)
                || path.contains("/_referrers/");
    }

    private static List<Digest> storedBlobs(StorageDriver driver) throws IOException {
        List<Digest> digests = new ArrayList<>();
        driver.walk(Layout.BLOBS, info -> {
            if (!info.isDirectory() && info.path().endsWith("/data")) {
                String[] parts = info.path().split("/");
                digests.add(Digest.parse(parts[parts.length - 4] + ":" + parts[parts.length - 2]));
            }
            return WalkAction.CONTINUE;
        });
        return digests;
    }

    /** Pushes one image, retrying every step until it succeeds (the registry may be down or restarting). */
    private Pushed push(RegistryProcess registry, String repository, String tag, Random random) throws Exception {
        List<byte[]> blobs = new ArrayList<>();
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            byte[] layer = new byte[1 + random.nextInt(400_000)];
            random.nextBytes(layer);
            blobs.add(layer);
            pushBlob(registry, repository, layer, i == 0);
            layers.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"")
                    .append(Digest.sha256(layer)).append("\",\"size\":").append(layer.length).append('}');
        }
        byte[] config = ("{\"tag\":\"" + tag + "\",\"n\":" + random.nextLong() + "}").getBytes(UTF_8);
        blobs.add(config);
        pushBlob(registry, repository, config, false);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.sha256(config)
                + "\",\"size\":" + config.length + "},\"layers\":[" + layers + "]}").getBytes(UTF_8);
        retry(() -> http.send(HttpRequest.newBuilder(registry.uri("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() == 201);
        return new Pushed(repository, tag, manifest, blobs);
    }

    /**
     * A POST and a PUT of the whole blob ({@code monolithic}: on an object store, written where the
     * blob goes), or a PATCH of its first half and a PUT of the rest; on any failure, the whole
     * blob starts again.
     */
    private void pushBlob(RegistryProcess registry, String repository, byte[] blob, boolean monolithic) throws Exception {
        Digest digest = Digest.sha256(blob);
        retry(() -> {
            HttpResponse<Void> post = http.send(HttpRequest.newBuilder(registry.uri("/v2/" + repository + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (post.statusCode() != 202) {
                return false;
            }
            int half = monolithic ? 0 : blob.length / 2;
            String next = post.headers().firstValue("Location").orElseThrow();
            if (half > 0) {
                HttpResponse<Void> patch = http.send(HttpRequest.newBuilder(URI.create(next))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(blob, 0, half))
                        .header("Content-Range", "0-" + (half - 1)).build(), HttpResponse.BodyHandlers.discarding());
                if (patch.statusCode() != 202) {
                    return false;
                }
                next = patch.headers().firstValue("Location").orElseThrow();
            }
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(next + "&digest=" + digest))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(blob, half, blob.length - half))
                    .header("Content-Range", half + "-" + (blob.length - 1)).build(), HttpResponse.BodyHandlers.discarding());
            return put.statusCode() == 201;
        });
    }

    private interface Step {
        boolean attempt() throws Exception;
    }

    private static void retry(Step step) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (step.attempt()) {
                    return;
                }
            } catch (IOException e) {
                // the registry is down or was killed under the request
            }
            Thread.sleep(50);
        }
        throw new AssertionError("a push step did not succeed within two minutes");
    }

}
