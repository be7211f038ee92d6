package dev.stowage.registry.catalog;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;

/** The catalog on the in-memory driver. */
class InMemoryCatalogTest extends CatalogSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("inmemory", Map.of());
    }
}
