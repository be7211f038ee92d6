package dev.stowage.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StorageHealthTest {

    /** A driver whose stat fails while {@code down} is set. */
    static final class Flaky extends ForwardingStorageDriver {
        final AtomicBoolean down = new AtomicBoolean();

        Flaky(StorageDriver delegate) {
            super(delegate);
        }

        @Override
        public FileInfo stat(String path) throws IOException {
            if (down.get()) {
                throw new IOException("backend unreachable");
            }
            return super.stat(path);
        }
    }

    @Test
    void storageIsUnhealthyOnlyAfterThresholdFailuresInARowAndHealthyAgainAfterOneSuccess() throws Exception {
        Flaky driver = new Flaky(StorageDrivers.create("inmemory", Map.of()));
        StorageHealth health = StorageHealth.start(driver, java.time.Duration.ofHours(1), 3);
        try {
            Thread.sleep(200); // the first, immediate check: a missing root is healthy
            assertThat(health.problem()).isEmpty();
            driver.down.set(true);
            health.check();
            health.check();
            assertThat(health.problem()).as("two failures are below the threshold of three").isEmpty();
            health.check();
            assertThat(health.problem()).hasValueSatisfying(p -> assertThat(p).contains("backend unreachable"));
            driver.down.set(false);
            health.check();
            assertThat(health.problem()).isEmpty();
        } finally {
            health.close();
            driver.close();
        }
    }
}
