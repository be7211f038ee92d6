package dev.stowage.server.http;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;

/** The conformance workflows on the in-memory driver. */
class InMemoryApiConformanceTest extends ApiConformanceSuite {
    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("inmemory", Map.of());
    }
}
