package dev.stowage.registry.manifest;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.gcs.LocalGcs;
import java.util.Map;
import java.util.UUID;

/** Manifests and tags on the gcs driver against the in-process fake. */
class GcsManifestAndTagTest extends ManifestAndTagSuite {
    @Override
    protected StorageDriver newDriver() throws Exception {
        return new LocalGcs().driver(Map.of("rootdirectory", "/t-" + UUID.randomUUID()));
    }
}
