package dev.stowage.registry.catalog;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.gcs.LocalGcs;
import java.util.Map;
import java.util.UUID;

/** The catalog on the gcs driver against the in-process fake, each case under a fresh root. */
class GcsCatalogTest extends CatalogSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return new LocalGcs().driver(Map.of("rootdirectory", "/t-" + UUID.randomUUID()));
    }
}
