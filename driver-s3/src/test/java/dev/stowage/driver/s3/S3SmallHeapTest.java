package dev.stowage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.conformance.Data;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The driver in a JVM whose heap is far smaller than what it moves: a 1 GiB file written (in two
 * writer sessions on two driver instances) and read back, and eight writers at once whose part
 * buffers together would not fit the heap, held to the driver's buffer budget. Surefire runs
 * this class alone in its own fork with {@code -Xmx96m} (execution {@code small-heap} in the pom).
 */
class S3SmallHeapTest {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final int PIECE = 1 << 20;

    @Test
    void oneGibStreamsThroughWriterAndReaderInASmallHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx96m").isLessThanOrEqualTo(128L * 1024 * 1024);
        Map<String, Object> p = S3MockServer.parameters();
        Data.SeededBytes content = new Data.SeededBytes(42);
        long half = GIB / 2 + 12345; // not a multiple of the part size: the first session leaves a tail
        try (StorageDriver first = S3MockServer.driver(p)) {
            FileWriter w = first.writer("/large/blob", false);
            content.writeTo(w, half, PIECE);
            w.close();
        }
        try (StorageDriver second = S3MockServer.driver(p)) {
            FileWriter w = second.writer("/large/blob", true);
            assertThat(w.size()).isEqualTo(half);
            content.writeTo(w, GIB - half, PIECE);
            assertThat(w.size()).isEqualTo(GIB);
            w.commit();

            assertThat(second.stat("/large/blob").size()).isEqualTo(GIB);
            assertThat(Data.digest(second.reader("/large/blob", 0))).isEqualTo(content.digest());
            second.delete("/large");
        }
    }

    /**
     * Eight writers of 10 MiB parts would hold 80 MiB of a 96 MiB heap at once; the default budget
     * (a quarter of the heap) lets two hold a part at a time and the others wait, so all commit.
     */
    @Test
    void eightConcurrentWritersWaitForTheBufferBudgetInsteadOfExhaustingTheHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx96m").isLessThanOrEqualTo(128L * 1024 * 1024);
        int writers = 8;
        long size = 25L << 20; // two whole parts and a half each
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (StorageDriver driver = S3MockServer.driver(S3MockServer.parameters())) {
            List<Future<Data.Digest>> digests = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int seed = w;
                digests.add(pool.submit(() -> {
                    Data.SeededBytes content = new Data.SeededBytes(seed);
                    try (FileWriter writer = driver.writer("/budget/w" + seed, false)) {
                        content.writeTo(writer, size, PIECE);
                        writer.commit();
                    }
                    return content.digest();
                }));
            }
            for (int w = 0; w < writers; w++) {
                Data.Digest expected = digests.get(w).get(5, TimeUnit.MINUTES);
                assertThat(Data.digest(driver.reader("/budget/w" + w, 0))).as("content of writer %d", w).isEqualTo(expected);
            }
            driver.delete("/budget");
        } finally {
            pool.shutdownNow();
        }
    }
}
