package dev.stowage.registry.catalog;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.azure.Azurite;

/** The catalog on the azure driver against Azurite, each case under a fresh root. */
class AzureCatalogTest extends CatalogSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("azure", Azurite.get().parameters());
    }
}
