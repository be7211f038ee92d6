package dev.stowage.registry.blob;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.gcs.LocalGcs;
import java.util.Map;
import java.util.UUID;

/**
 * The registry storage suite on the gcs driver against the in-process fake, each case under a
 * fresh root; "another process" is a new client over the same fake backend.
 */
class GcsRegistryStorageTest extends RegistryStorageSuite {

    private final LocalGcs gcs = new LocalGcs();
    private Map<String, Object> parameters;

    @Override
    protected StorageDriver newDriver() throws Exception {
        parameters = Map.of("rootdirectory", "/t-" + UUID.randomUUID());
        return gcs.driver(parameters);
    }

    @Override
    protected StorageDriver sameStore(StorageDriver driver) throws Exception {
        return LocalGcs.driver(gcs.newClient(), parameters);
    }
}
