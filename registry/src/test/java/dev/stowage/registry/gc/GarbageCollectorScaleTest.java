package dev.stowage.registry.gc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.s3.S3MockServer;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.manifest.MediaTypes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mark and sweep on a store of 10,000 blobs in 500 repositories, on the filesystem and on S3Mock,
 * timed. Not part of the default build; run with
 * {@code mvn -B -ntp -pl registry test-compile surefire:test -Dtest=GarbageCollectorScaleTest}.
 *
 * <p>Each repository holds four images of a config and three small layers (20 blobs with the
 * manifests); three are tagged, one is not. Written straight through the driver in the Go
 * registry's layout, in parallel. The collection deletes the untagged images: 500 manifests and
 * 2,500 blobs. Prints the times of each phase and the driver calls each made.
 *
 * <p>S3Mock's cost per request grows with the number of objects in its bucket; at this scale its
 * build alone takes longer than half an hour on two shared cores. Give
 * {@code STOWAGE_GC_SCALE_REPOSITORIES=100} (2,000 blobs) for a shorter run there.
 */
class GarbageCollectorScaleTest {

    /** 500, or {@code STOWAGE_GC_SCALE_REPOSITORIES}. */
    static final int REPOSITORIES = Integer.parseInt(System.getenv().getOrDefault("STOWAGE_GC_SCALE_REPOSITORIES", "500"));
    static final int IMAGES = 4;
    static final int LAYERS = 3;

    @TempDir
    Path root;

    @Test
    void filesystem() throws Exception {
        try (StorageDriver driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()))) {
            run("filesystem", driver);
        }
    }

    @Test
    void s3mock() throws Exception {
        try (StorageDriver driver = S3MockServer.driver(S3MockServer.parameters())) {
            run("s3mock", driver);
        }
    }

    private void run(String name, StorageDriver driver) throws Exception {
        long t0 = System.nanoTime();
        build(driver);
        long built = System.nanoTime() - t0;
        Counting counting = new Counting(driver);
        try (Registry registry = Registry.builder(counting).build()) {
            List<String> calls = new ArrayList<>();
            GarbageCollector gc = registry.garbageCollector().withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)))
                    .withHook(phase -> calls.add(phase + " " + counting.take()));
            GcOptions options = GcOptions.defaults().withGracePeriod(Duration.ZERO).withDeleteUntagged(true);
            counting.take();
            GcReport dry = gc.collect(options.withDryRun(true));
            calls.add("DRY-RUN-END " + counting.take());
            GcReport report = gc.collect(options);
            calls.add("SWEPT " + counting.take());
            System.out.println("SCALE " + name + " driver calls per phase (dry run, then the run): " + calls);
            for (GcReport r : List.of(dry, report)) {
                System.out.printf("SCALE %s%s: built %d ms; %d repositories, %d blobs marked, %d manifests and %d blobs"
                                + " (%d bytes) %s; mark %d ms, re-mark %d ms, sweep %d ms%n", name, r == dry ? " (dry run)" : "",
                        built / 1_000_000, r.repositories(), r.blobsMarked(), r.manifestCount(), r.blobs().size(),
                        r.bytesFreed(), r == dry ? "eligible" : "deleted", r.markTime().toMillis(),
                        r.remarkTime().toMillis(), r.sweepTime().toMillis());
            }
            assertThat(report.repositories()).isEqualTo(REPOSITORIES);
            assertThat(report.manifestCount()).isEqualTo(REPOSITORIES);
            assertThat(report.blobs()).hasSize(REPOSITORIES * (LAYERS + 2));
            assertThat(report.blobsMarked()).isEqualTo(REPOSITORIES * (IMAGES - 1) * (LAYERS + 2));
            assertThat(dry.blobs()).isEqualTo(report.blobs());
        }
    }

    /** Counts the calls of each kind made through it since the last {@link #take()}. */
    static final class Counting extends dev.stowage.driver.ForwardingStorageDriver {
        private final Map<String, java.util.concurrent.atomic.AtomicLong> calls = new java.util.concurrent.ConcurrentHashMap<>();

        Counting(StorageDriver delegate) {
            super(delegate);
        }

        private void count(String kind) {
            calls.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        }

        synchronized Map<String, Long> take() {
            Map<String, Long> taken = new java.util.TreeMap<>();
            calls.forEach((k, v) -> taken.put(k, v.getAndSet(0)));
            taken.values().removeIf(v -> v == 0);
            return taken;
        }

        @Override
        public byte[] getContent(String path) throws IOException {
            count("getContent");
            return super.getContent(path);
        }

        @Override
        public dev.stowage.driver.FileInfo stat(String path) throws IOException {
            count("stat");
            return super.stat(path);
        }

        @Override
        public List<String> list(String path) throws IOException {
            count("list");
            return super.list(path);
        }

        @Override
        public void delete(String path) throws IOException {
            count("delete");
            super.delete(path);
        }

        @Override
        public void walk(String path, dev.stowage.driver.WalkVisitor visitor) throws IOException {
            count("walk");
            super.walk(path, visitor);
        }

        @Override
        public void putContent(String path, byte[] content) throws IOException {
            count("putContent");
            super.putContent(path, content);
        }

        @Override
        public void close() {
            // the test closes the driver
        }
    }

    /** The repositories of four images each, written in parallel. */
    private static void build(StorageDriver driver) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < REPOSITORIES; r++) {
                int repository = r;
                futures.add(pool.submit(() -> {
                    buildRepository(driver, repository);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void buildRepository(StorageDriver driver, int r) throws IOException {
        RepositoryName name = new RepositoryName("scale/repo" + r);
        for (int i = 0; i < IMAGES; i++) {
            StringBuilder layers = new StringBuilder();
            for (int l = 0; l < LAYERS; l++) {
                Digest layer = blob(driver, name, bytes(r, i, l));
                layers.append(l == 0 ? "" : ",").append(descriptor("application/vnd.oci.image.layer.v1.tar", layer, 64));
            }
            Digest config = blob(driver, name, ("{\"repo\":" + r + ",\"image\":" + i + "}").getBytes(UTF_8));
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                    + descriptor("application/vnd.oci.image.config.v1+json", config, 20) + ",\"layers\":[" + layers + "]}")
                    .getBytes(UTF_8);
            Digest digest = Digest.sha256(manifest);
            driver.putContent(Layout.blobData(digest), manifest);
            driver.putContent(Layout.manifestRevisionLink(name, digest), link(digest));
            if (i > 0) { // image 0 stays untagged
                driver.putContent(Layout.tagIndexLink(name, "v" + i, digest), link(digest));
                driver.putContent(Layout.tagCurrentLink(name, "v" + i), link(digest));
            }
        }
    }

    private static byte[] bytes(int r, int i, int l) {
        return ByteBuffer.allocate(64).putInt(r).putInt(i).putInt(l).array();
    }

    private static Digest blob(StorageDriver driver, RepositoryName name, byte[] content) throws IOException {
        Digest digest = Digest.sha256(content);
        driver.putContent(Layout.blobData(digest), content);
        driver.putContent(Layout.layerLink(name, digest), link(digest));
        return digest;
    }

    private static byte[] link(Digest digest) {
        return digest.toString().getBytes(US_ASCII);
    }

    private static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }
}
