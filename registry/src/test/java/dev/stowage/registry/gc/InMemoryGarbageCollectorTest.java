package dev.stowage.registry.gc;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;

/** The garbage collector's suite on the in-memory driver. */
class InMemoryGarbageCollectorTest extends GarbageCollectorSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("inmemory", Map.of());
    }
}
