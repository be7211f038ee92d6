package dev.stowage.registry.blob;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;

/** The registry storage suite on the in-memory driver. */
class InMemoryRegistryStorageTest extends RegistryStorageSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("inmemory", Map.of());
    }

    @Override
    protected StorageDriver sameStore(StorageDriver driver) {
        return driver;
    }
}
