package dev.stowage.registry.manifest;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.azure.Azurite;

/** Manifests and tags on the azure driver against Azurite. */
class AzureManifestAndTagTest extends ManifestAndTagSuite {
    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("azure", Azurite.get().parameters());
    }
}
