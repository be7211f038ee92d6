package dev.stowage.driver.inmemory;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;

/** The in-memory driver passes the whole conformance kit; each case gets a new, empty store. */
class InMemoryDriverConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create(InMemoryDriverFactory.NAME, Map.of());
    }
}
