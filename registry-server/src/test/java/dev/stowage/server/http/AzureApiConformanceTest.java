package dev.stowage.server.http;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.azure.Azurite;

/** The conformance workflows on the azure driver against Azurite. */
class AzureApiConformanceTest extends ApiConformanceSuite {
    @Override
    protected StorageDriver newDriver() throws Exception {
        parameters = Azurite.get().parameters();
        return StorageDrivers.create("azure", parameters);
    }

    @Override
    protected StorageDriver replicaDriver(StorageDriver first) throws Exception {
        return StorageDrivers.create("azure", parameters); // the same root: the same store
    }

    private java.util.Map<String, Object> parameters;
}
