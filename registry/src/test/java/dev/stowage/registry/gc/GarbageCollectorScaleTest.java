package dev.stowage.registry.gc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.s3.S3MockServer;
import dev.stowage.driver.s3.S3ProxyServer;
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
 * Mark and sweep on a store of 10,000 blobs in 500 repositories, on the filesystem, on S3Mock and
 * on S3Proxy, timed. Not part of the default build; run with
 * {@code mvn -B -ntp -pl driver-s3,registry test-compile surefire:test -Dtest=GarbageCollectorScaleTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (one server: {@code -Dtest=GarbageCollectorScaleTest#s3proxy}; with {@code -pl registry} alone
 * the driver-s3 test jar, which holds the S3 fixtures, comes from the local repository).
 *
 * <p>Each repository holds four images of a config and three small layers (20 blobs with the
 * manifests); three are tagged, one is not. Written straight through the driver in the Go
 * registry's layout, 16 threads (23,000 objects at 500 repositories). The collection deletes the
 * untagged images: 500 manifests and 2,500 blobs. Prints the times of each phase and the driver
 * calls each made. {@code STOWAGE_GC_SCALE_REPOSITORIES=N} sets the number of repositories.
 *
 * <p>Measured on 2 shared cores (another build ran part of the time), Java 17, GC parallelism 8;
 * mark times of the run proper (the dry run's, with a cold JIT, in brackets):
 * <pre>
 * server      repos  objects  build             mark             re-mark  sweep
 * filesystem    500   23,000    7.6 s (3,010/s)  1.1 s (2.9 s)    0.4 s    1.4 s
 * S3Proxy       500   23,000   25.4 s   (906/s)  6.2 s (9.1 s)    1.7 s   17.2 s
 * filesystem    100    4,600    4.6 s (1,009/s)  0.4 s (1.1 s)    0.3 s    0.4 s
 * S3Proxy       100    4,600   11.1 s   (415/s)  1.7 s (3.5 s)    0.3 s    8.3 s
 * S3Mock        100    4,600  117.6 s    (39/s) 11.6 s (14.5 s)    1.0 s   88.3 s
 * S3Mock         50    2,300   30.9 s    (74/s)  3.0 s (5.5 s)    0.5 s   24.2 s
 * </pre>
 * S3Proxy is 2.6.0 on its in-memory back end ({@code dev.stowage.driver.s3.S3ProxyServer}); S3Mock
 * 5.2.0 on its file store. S3Mock's times grow with the square of the store (twice the
 * repositories, 3.7 to 3.9 times each phase), so at 500 repositories it was not run: by that
 * trend some 50 minutes to build and 35 to sweep. S3Proxy's grow about linearly (or less, while
 * the JIT warms up).
 *
 * <p>Driver calls, the same on every server (500 repositories; a fifth of them at 100): mark
 * {@code walk=2, getContent=3500} (one read per manifest revision, 2,000, and per tag's current
 * link, 1,500); re-mark {@code walk=1}; sweep {@code delete=5000, stat=2000} (500 revision
 * folders, 2,500 blob folders, 2,000 layer links, each layer link stat-ed first). On S3 a walk is
 * one ListObjectsV2 per 1,000 keys (the mark about 23, the re-mark 13); a getContent one GET; a
 * stat one HEAD; a delete of the driver four requests (HEAD of the key, ListObjectsV2 of the
 * prefix, DeleteObjects, ListMultipartUploads): the sweep's 7,000 driver calls are some 22,000
 * requests, against the mark's 3,523, and take 70 to 88 % of the collection's time there.
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

    @Test
    void s3proxy() throws Exception {
        try (StorageDriver driver = S3ProxyServer.driver(S3ProxyServer.parameters())) {
            run("s3proxy", driver);
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
            long objects = (long) REPOSITORIES * (IMAGES * (LAYERS + 1) * 2 + IMAGES * 2 + (IMAGES - 1) * 2);
            System.out.printf("SCALE %s: built %d objects in %d ms (%.1f objects/s)%n", name, objects, built / 1_000_000,
                    objects * 1e9 / built);
            System.out.println("SCALE " + name + " driver calls per phase (dry run, then the run): " + calls);
            for (GcReport r : List.of(dry, report)) {
                System.out.printf("SCALE %s%s: built %d ms; %d repositories, %d blobs marked, %d manifests and %d blobs"
                                + " (%d bytes) %s; mark %d ms, re-mark %d ms, sweep %d ms%n", name,
                        r.options().dryRun() ? " (dry run)" : "",
                        built / 1_000_000, r.repositories(), r.blobsMarked(), r.manifestCount(), r.blobs().size(),
                        r.bytesFreed(), r.options().dryRun() ? "eligible" : "deleted", r.markTime().toMillis(),
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
