package dev.stowage.registry.gc;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.azure.Azurite;

/** The garbage collector's suite on the azure driver against Azurite. */
class AzureGarbageCollectorTest extends GarbageCollectorSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("azure", Azurite.get().parameters());
    }
}
