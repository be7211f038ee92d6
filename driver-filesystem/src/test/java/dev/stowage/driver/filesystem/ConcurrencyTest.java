package dev.stowage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriverException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends DriverFixture {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Content of {@code length} bytes, all equal to {@code value}. */
    private static byte[] uniform(int value, int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static void assertUniform(byte[] seen, Set<Integer> lengths) {
        assertThat(seen.length).isIn(lengths);
        for (byte b : seen) {
            if (b != seen[0]) {
                throw new AssertionError("mixed content: found " + b + " among " + seen[0]);
            }
        }
    }

    @Test
    void putContentIsAtomicUnderConcurrentReaders() throws Exception {
        // Each version has its own length and fill byte; a reader must see exactly one version.
        int versions = 40;
        Set<Integer> lengths = ConcurrentHashMap.newKeySet();
        for (int v = 0; v < versions; v++) {
            lengths.add(256 * 1024 + v * 1000);
        }
        driver.putContent("/shared", uniform(0, 256 * 1024));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            boolean streaming = r % 2 == 0;
            readers.add(pool.submit((Callable<Void>) () -> {
                while (!done.get()) {
                    byte[] seen;
                    if (streaming) {
                        try (InputStream in = driver.reader("/shared", 0)) {
                            seen = in.readAllBytes();
                        }
                    } else {
                        seen = driver.getContent("/shared");
                    }
                    assertUniform(seen, lengths);
                    reads.incrementAndGet();
                }
                return null;
            }));
        }
        for (int v = 1; v < versions; v++) {
            driver.putContent("/shared", uniform(v, 256 * 1024 + v * 1000));
        }
        done.set(true);
        for (Future<?> reader : readers) {
            reader.get(60, TimeUnit.SECONDS);
        }
        assertThat(reads.get()).isPositive();
        assertThat(driver.getContent("/shared")).isEqualTo(uniform(versions - 1, 256 * 1024 + (versions - 1) * 1000));
    }

    @Test
    void concurrentPutContentToOnePathLeavesOneWholeContent() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t + 1;
            futures.add(pool.submit((Callable<Void>) () -> {
                start.await();
                for (int i = 0; i < 10; i++) {
                    driver.putContent("/p", uniform(id, 64 * 1024 + id));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        byte[] result = driver.getContent("/p");
        assertThat(result.length).isEqualTo(64 * 1024 + result[0]);
        assertUniform(result, Set.of(result.length));
    }

    @Test
    void concurrentWritersToOnePathNeverInterleave() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t + 1;
            futures.add(pool.submit((Callable<Void>) () -> {
                start.await();
                for (int round = 0; round < 5; round++) {
                    FileWriter w;
                    try {
                        w = driver.writer("/w", false);
                    } catch (StorageDriverException e) {
                        assertThat(e).hasMessageContaining("another writer");
                        refused.incrementAndGet();
                        continue;
                    }
                    for (int chunk = 0; chunk < 16; chunk++) {
                        w.write(ByteBuffer.wrap(uniform(id, 4096)));
                    }
                    w.commit();
                    committed.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(committed.get()).isPositive();
        assertThat(committed.get() + refused.get()).isEqualTo(threads * 5);
        assertUniform(driver.getContent("/w"), Set.of(16 * 4096));
    }

    @Test
    void concurrentReadersAndWritersOnManyPathsEachSeeTheirOwnBytes() throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            futures.add(pool.submit((Callable<Void>) () -> {
                for (int i = 0; i < 20; i++) {
                    String path = "/many/" + id + "/f" + i;
                    byte[] content = uniform(id * 20 + i, 10_000 + i);
                    FileWriter w = driver.writer(path, false);
                    w.write(ByteBuffer.wrap(content, 0, 5000));
                    w.close();
                    w = driver.writer(path, true);
                    w.write(ByteBuffer.wrap(content, 5000, content.length - 5000));
                    w.commit();
                    try (InputStream in = driver.reader(path, 0)) {
                        assertThat(in.readAllBytes()).isEqualTo(content);
                    }
                    assertThat(driver.list("/many/" + id)).contains(path);
                    if (i % 2 == 0) {
                        driver.delete(path);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        for (int t = 0; t < 8; t++) {
            assertThat(driver.list("/many/" + t)).hasSize(10);
        }
    }

    @Test
    void deletesAndWritesRacingInOneDirectoryLeaveNoGhostsAndLoseNoCommits() throws Exception {
        // Writers keep committing below /race/<n>/ while deleters remove whole files; every
        // commit either survives or was deleted, and nothing fails for a pruned parent.
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            futures.add(pool.submit((Callable<Void>) () -> {
                for (int i = 0; i < 100; i++) {
                    driver.putContent("/race/d/" + id + "-" + i, new byte[] {(byte) i});
                    try {
                        driver.delete("/race/d/" + id + "-" + i);
                    } catch (PathNotFoundException e) {
                        throw new AssertionError("own file vanished", e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        assertThat(driver.list("/")).isEmpty();
    }

    @Test
    void aSecondDriverOnTheSameRootCannotWriteAnOpenUpload() throws Exception {
        try (var other = dev.stowage.driver.StorageDrivers.create("filesystem",
                java.util.Map.of("rootdirectory", root.toString()))) {
            FileWriter w = driver.writer("/shared-upload", false);
            write(w, "mine");
            try {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.writer("/shared-upload", false))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("another writer");
            } finally {
                w.commit();
            }
            assertThat(new String(other.getContent("/shared-upload"), StandardCharsets.UTF_8)).isEqualTo("mine");
        }
    }
}
