package dev.stowage.driver.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.conformance.Data;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * A 1 GiB file written (in two writer sessions on two driver instances) and read back through the
 * gcs driver on fake-gcs-server in a JVM whose heap is far smaller than the file, so it passes only
 * if the writer holds no more than about one chunk and the reader streams. LocalStorageHelper keeps
 * every byte on the heap, so this test needs the real HTTP server: it runs through Testcontainers
 * where a Docker engine exists and is reported skipped otherwise. Surefire runs this class alone in
 * its own fork with {@code -Xmx128m} (execution {@code large-stream-small-heap} in the pom); the
 * default execution excludes it.
 */
@Testcontainers(disabledWithoutDocker = true)
class FakeGcsServerLargeStreamTest {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final long HEAP_LIMIT = 128L * 1024 * 1024;
    private static final int PIECE = 1 << 20;

    @Test
    void oneGibStreamsThroughTwoWriterSessionsAndTheReaderInASmallHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx128m").isLessThanOrEqualTo(HEAP_LIMIT);
        Map<String, Object> p = FakeGcsServer.parameters("large-" + UUID.randomUUID(), "8MiB");
        Data.SeededBytes content = new Data.SeededBytes(42);
        // Not a multiple of 256 KiB: the first session leaves a tail below the upload granularity.
        long half = GIB / 2 + 12345;
        try (StorageDriver first = FakeGcsServer.driver(p)) {
            FileWriter w = first.writer("/large/blob", false);
            content.writeTo(w, half, PIECE);
            assertThat(w.size()).isEqualTo(half);
            w.close();
        }
        try (StorageDriver second = FakeGcsServer.driver(p)) {
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
}
