package dev.stowage.driver.azure;

import com.azure.core.http.policy.HttpPipelinePolicy;
import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Drivers on the shared Azurite, each under a fresh random root unless told otherwise. */
final class TestDrivers {

    private TestDrivers() {}

    /** A driver made the way users make one: through {@link StorageDrivers} and the factory. */
    static StorageDriver create(Map<String, Object> parameters) throws IOException {
        return StorageDrivers.create(AzureDriverFactory.NAME, parameters);
    }

    /** A validating driver with extra pipeline policies and a listing page size, for tests of the SDK seams. */
    static StorageDriver create(Map<String, Object> parameters, List<HttpPipelinePolicy> policies, int listPageSize)
            throws IOException {
        AzureSettings settings = AzureSettings.from(DriverParameters.bind(new AzureDriverFactory(), parameters));
        return StorageDrivers.validating(AzureDriver.open(settings, policies, listPageSize));
    }
}
