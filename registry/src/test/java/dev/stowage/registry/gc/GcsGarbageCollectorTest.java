package dev.stowage.registry.gc;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.gcs.LocalGcs;
import java.util.Map;
import java.util.UUID;

/** The garbage collector's suite on the gcs driver against the in-process fake. */
class GcsGarbageCollectorTest extends GarbageCollectorSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return new LocalGcs().driver(Map.of("rootdirectory", "/t-" + UUID.randomUUID()));
    }
}
