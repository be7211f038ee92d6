package dev.stowage.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.conformance.Data;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import java.util.Map;
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
            Data.SeededBytes content = new Data.SeededBytes(1);
            FileWriter writer = driver.writer("/big/data", false);
            content.writeTo(writer, SIZE, 1 << 20);
            writer.commit();
            assertThat(driver.stat("/big/data").size()).isEqualTo(SIZE);
            assertThat(Data.digest(driver.reader("/big/data", 0))).isEqualTo(content.digest());
            driver.delete("/big");
        }
    }
}
