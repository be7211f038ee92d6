package dev.stowage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.conformance.Data;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB file written (in two writer sessions on two driver instances) and read back through a
 * driver in a JVM whose heap is far smaller than the file. Surefire runs this class alone in its
 * own fork with {@code -Xmx96m} (execution {@code small-heap} in the pom).
 */
class S3LargeStreamTest {

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
}
