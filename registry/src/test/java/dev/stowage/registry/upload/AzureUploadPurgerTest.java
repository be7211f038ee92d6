package dev.stowage.registry.upload;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.azure.Azurite;

/** Upload purging on the azure driver against Azurite, each case under a fresh root. */
class AzureUploadPurgerTest extends UploadPurgerSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("azure", Azurite.get().parameters());
    }

    /** The open writer keeps its parts (blocks) outside the folder: its commit still stores what it wrote. */
    @Override
    protected boolean openWriterOutlivesDelete() {
        return true;
    }
}
