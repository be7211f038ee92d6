package dev.stowage.driver.azure;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import java.util.Map;

/**
 * The whole conformance kit against Azurite: each case gets a driver under a fresh random
 * {@code rootdirectory} in the shared test container. A small chunk size makes the kit's streams
 * span many staged blocks.
 */
class AzureConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        Map<String, Object> parameters = Azurite.get().parameters();
        parameters.put("chunksize", "64KiB");
        return TestDrivers.create(parameters);
    }
}
