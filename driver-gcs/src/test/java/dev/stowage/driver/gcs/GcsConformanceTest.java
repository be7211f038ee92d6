package dev.stowage.driver.gcs;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import java.util.Map;

/**
 * The whole conformance kit against the driver over google-cloud-nio's in-process fake GCS: a
 * fresh fake backend per case, and a chunk size of 256 KiB (the smallest allowed) so that the
 * kit's streams span many resumable-upload chunks.
 */
class GcsConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return new LocalGcs().driver(Map.of("chunksize", "256KiB", "rootdirectory", "conformance"));
    }
}
