package dev.stowage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.conformance.Data;
import dev.stowage.driver.FileWriter;
import org.junit.jupiter.api.Test;

/** A 256 MiB stream, generated and checked piece by piece so memory stays bounded. */
class LargeStreamTest extends DriverFixture {

    private static final long SIZE = 256L << 20;
    private static final int PIECE = 64 * 1024 + 7; // odd size: pieces straddle the writer's buffer

    @Test
    void aQuarterGibibyteStreamWrittenInTwoSessionsReadsBackWithTheSameSha256() throws Exception {
        Data.SeededBytes content = new Data.SeededBytes(20240501L);
        long half = SIZE / 2 + 12345; // the second session starts off any piece or buffer boundary
        FileWriter w = driver.writer("/blobs/large", false);
        content.writeTo(w, half, PIECE);
        w.close();
        w = driver.writer("/blobs/large", true);
        assertThat(w.size()).isEqualTo(half);
        content.writeTo(w, SIZE - half, PIECE);
        assertThat(w.size()).isEqualTo(SIZE);
        w.commit();
        assertThat(driver.stat("/blobs/large").size()).isEqualTo(SIZE);
        assertThat(Data.digest(driver.reader("/blobs/large", 0))).isEqualTo(content.digest());
    }
}
