package dev.stowage.registry.manifest;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;

/** Manifests and tags on the in-memory driver. */
class InMemoryManifestAndTagTest extends ManifestAndTagSuite {
    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("inmemory", Map.of());
    }
}
