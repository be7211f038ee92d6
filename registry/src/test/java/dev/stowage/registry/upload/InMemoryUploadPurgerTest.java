package dev.stowage.registry.upload;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;

/** The upload purger on the in-memory driver. */
class InMemoryUploadPurgerTest extends UploadPurgerSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("inmemory", Map.of());
    }

    @Override
    protected boolean openWriterOutlivesDelete() {
        return true;
    }
}
