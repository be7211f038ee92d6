package dev.stowage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.FileWriter;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A 256 MiB stream, generated and checked chunk by chunk so memory stays bounded. */
class LargeStreamTest extends DriverFixture {

    private static final long SIZE = 256L << 20;
    private static final int CHUNK = 64 * 1024 + 7; // odd size: chunks straddle the writer's buffer

    @Test
    void aQuarterGibibyteStreamWrittenInTwoSessionsReadsBackWithTheSameSha256() throws Exception {
        SplittableRandom random = new SplittableRandom(20240501L);
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[CHUNK];
        long total = 0;
        boolean reopened = false;
        FileWriter w = driver.writer("/blobs/large", false);
        while (total < SIZE) {
            if (!reopened && total >= SIZE / 2) { // second session from the first chunk boundary past the middle
                reopened = true;
                w.close();
                w = driver.writer("/blobs/large", true);
                assertThat(w.size()).isEqualTo(total);
            }
            int n = (int) Math.min(CHUNK, SIZE - total);
            fill(random, chunk, n);
            written.update(chunk, 0, n);
            ByteBuffer source = ByteBuffer.wrap(chunk, 0, n);
            while (source.hasRemaining()) {
                w.write(source);
            }
            total += n;
        }
        assertThat(w.size()).isEqualTo(SIZE);
        w.commit();
        assertThat(driver.stat("/blobs/large").size()).isEqualTo(SIZE);

        MessageDigest read = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        long seen = 0;
        try (InputStream in = driver.reader("/blobs/large", 0)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.update(buffer, 0, n);
                seen += n;
            }
        }
        assertThat(seen).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(HexFormat.of().formatHex(written.digest()));
    }

    private static void fill(SplittableRandom random, byte[] chunk, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long v = random.nextLong();
            for (int k = 0; k < 8; k++) {
                chunk[i + k] = (byte) (v >>> (8 * k));
            }
        }
        for (; i < n; i++) {
            chunk[i] = (byte) random.nextInt(256);
        }
    }
}
