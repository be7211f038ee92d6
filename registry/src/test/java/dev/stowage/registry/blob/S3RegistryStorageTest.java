package dev.stowage.registry.blob;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.s3.S3MockServer;
import java.util.Map;

/** The registry storage suite on the s3 driver against S3Mock, each case under a fresh root. */
class S3RegistryStorageTest extends RegistryStorageSuite {

    private Map<String, Object> parameters;

    @Override
    protected StorageDriver newDriver() throws Exception {
        parameters = S3MockServer.parameters();
        parameters.put("chunksize", "5MiB");
        return S3MockServer.driver(parameters);
    }

    @Override
    protected StorageDriver sameStore(StorageDriver driver) throws Exception {
        return S3MockServer.driver(parameters);
    }
}
