package dev.stowage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB file written (in two writer sessions on two driver instances) and read back through a
 * driver in a JVM whose heap is far smaller than the file. Surefire runs this class alone in its
 * own fork with {@code -Xmx96m} (execution {@code small-heap} in the pom).
 */
class S3LargeStreamTest {

    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void oneGibStreamsThroughWriterAndReaderInASmallHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx96m").isLessThanOrEqualTo(128L * 1024 * 1024);
        Map<String, Object> p = S3MockServer.parameters();
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(42);
        ByteBuffer block = ByteBuffer.allocate(1024 * 1024);
        long half = GIB / 2 + 12345; // not a multiple of the part size: the first session leaves a tail
        try (StorageDriver first = S3MockServer.driver(p)) {
            FileWriter w = first.writer("/large/blob", false);
            write(w, half, random, block, written);
            w.close();
        }
        try (StorageDriver second = S3MockServer.driver(p)) {
            FileWriter w = second.writer("/large/blob", true);
            assertThat(w.size()).isEqualTo(half);
            write(w, GIB - half, random, block, written);
            assertThat(w.size()).isEqualTo(GIB);
            w.commit();

            assertThat(second.stat("/large/blob").size()).isEqualTo(GIB);
            MessageDigest read = MessageDigest.getInstance("SHA-256");
            long total = 0;
            byte[] buffer = new byte[256 * 1024];
            try (InputStream in = second.reader("/large/blob", 0)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    read.update(buffer, 0, n);
                    total += n;
                }
            }
            assertThat(total).isEqualTo(GIB);
            assertThat(read.digest()).isEqualTo(written.digest());
            second.delete("/large");
        }
    }

    private static void write(FileWriter w, long count, SplittableRandom random, ByteBuffer block, MessageDigest digest)
            throws IOException {
        long left = count;
        while (left > 0) {
            block.clear();
            while (block.remaining() >= Long.BYTES) {
                block.putLong(random.nextLong());
            }
            block.flip();
            block.limit((int) Math.min(block.limit(), left));
            digest.update(block.duplicate());
            left -= w.write(block);
        }
    }
}
