package dev.stowage.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB stream written and read back through the driver in a JVM with a 128 MiB heap (surefire
 * execution {@code large-stream-small-heap}): the writer and the reader hold about one chunk,
 * never the file.
 */
@Tag("large")
class LargeStreamTest {

    private static final long SIZE = 1L << 30;

    @Test
    void aOneGibStreamPassesThroughASmallHeap() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(heap).as("this test must run with -Xmx128m").isLessThanOrEqualTo(160L << 20);

        Map<String, Object> parameters = Azurite.get().parameters();
        parameters.put("chunksize", "8MiB");
        try (StorageDriver driver = TestDrivers.create(parameters)) {
            MessageDigest written = MessageDigest.getInstance("SHA-256");
            byte[] piece = new byte[1 << 20];
            Random random = new Random(1);
            FileWriter writer = driver.writer("/big/data", false);
            for (long done = 0; done < SIZE; done += piece.length) {
                random.nextBytes(piece);
                written.update(piece);
                ByteBuffer src = ByteBuffer.wrap(piece);
                while (src.hasRemaining()) {
                    writer.write(src);
                }
            }
            writer.commit();
            assertThat(driver.stat("/big/data").size()).isEqualTo(SIZE);

            MessageDigest read = MessageDigest.getInstance("SHA-256");
            long total = 0;
            try (InputStream in = driver.reader("/big/data", 0)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    read.update(buffer, 0, n);
                    total += n;
                }
            }
            assertThat(total).isEqualTo(SIZE);
            assertThat(read.digest()).isEqualTo(written.digest());
            driver.delete("/big");
        }
    }
}
