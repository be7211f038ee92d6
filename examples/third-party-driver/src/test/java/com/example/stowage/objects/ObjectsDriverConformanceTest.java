package com.example.stowage.objects;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;
import java.util.UUID;

/** The whole Stowage conformance kit against this driver: each case under a new, empty key prefix. */
class ObjectsDriverConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create(ObjectsDriverFactory.NAME, Map.of("rootdirectory", "tests/" + UUID.randomUUID()));
    }
}
