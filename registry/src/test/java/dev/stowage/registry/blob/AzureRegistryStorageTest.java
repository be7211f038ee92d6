package dev.stowage.registry.blob;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.azure.Azurite;
import java.util.Map;

/** The registry storage suite on the azure driver against Azurite, each case under a fresh root. */
class AzureRegistryStorageTest extends RegistryStorageSuite {

    private Map<String, Object> parameters;

    @Override
    protected StorageDriver newDriver() throws Exception {
        parameters = Azurite.get().parameters();
        return StorageDrivers.create("azure", parameters);
    }

    @Override
    protected StorageDriver sameStore(StorageDriver driver) throws Exception {
        return StorageDrivers.create("azure", parameters);
    }
}
