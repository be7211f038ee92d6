package dev.stowage.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A chunk whose response is lost after the server stored it is retried, and stored once. */
class WriterRetryTest {

    @Test
    void aChunkRetriedAfterASimulatedTimeoutIsNotDuplicated() throws IOException {
        Map<String, Object> parameters = Azurite.get().parameters();
        parameters.put("chunksize", "1KiB");
        LostResponsePolicy lose = new LostResponsePolicy(2); // the second block
        byte[] content = AzureDriverTest.random(4 * 1024 + 10, 42);

        try (StorageDriver driver = TestDrivers.create(parameters, List.of(lose), 5000)) {
            FileWriter writer = driver.writer("/retry/data", false);
            AzureDriverTest.write(writer, content, 300);
            writer.commit();

            assertThat(lose.lostResponses.get()).as("responses dropped after the server stored the block").isEqualTo(1);
            // 5 blocks, one of them sent twice
            assertThat(lose.stageRequests.get()).isEqualTo(6);
            assertThat(driver.stat("/retry/data").size()).isEqualTo(content.length);
            assertThat(driver.getContent("/retry/data")).isEqualTo(content);
        }
    }

    @Test
    void aRetriedChunkOfAContinuedWriterIsNotDuplicated() throws IOException {
        Map<String, Object> parameters = Azurite.get().parameters();
        parameters.put("chunksize", "1KiB");
        byte[] first = AzureDriverTest.random(1500, 1);
        byte[] second = AzureDriverTest.random(2100, 2);
        try (StorageDriver driver = TestDrivers.create(parameters)) {
            try (FileWriter writer = driver.writer("/retry/resumed", false)) {
                AzureDriverTest.write(writer, first, 1500);
            }
        }
        LostResponsePolicy lose = new LostResponsePolicy(1); // the first block of the new session
        try (StorageDriver driver = TestDrivers.create(parameters, List.of(lose), 5000)) {
            FileWriter writer = driver.writer("/retry/resumed", true);
            assertThat(writer.size()).isEqualTo(first.length);
            AzureDriverTest.write(writer, second, 700);
            writer.commit();

            assertThat(lose.lostResponses.get()).isEqualTo(1);
            assertThat(driver.getContent("/retry/resumed")).isEqualTo(AzureDriverTest.concat(first, second));
        }
    }
}
