package dev.stowage.server.http;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.gcs.LocalGcs;
import java.util.Map;
import java.util.UUID;

/** The conformance workflows on the gcs driver against the in-process GCS fake; a replica is a new client. */
class GcsApiConformanceTest extends ApiConformanceSuite {

    private final LocalGcs gcs = new LocalGcs();
    private final String root = "/t-" + UUID.randomUUID();

    @Override
    protected StorageDriver newDriver() throws Exception {
        return gcs.driver(Map.of("rootdirectory", root));
    }

    @Override
    protected StorageDriver replicaDriver(StorageDriver first) throws Exception {
        return LocalGcs.driver(gcs.newClient(), Map.of("rootdirectory", root));
    }
}
