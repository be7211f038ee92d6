package dev.stowage.registry.gc;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.s3.S3MockServer;

/** The garbage collector's suite on the s3 driver against S3Mock, each case under a fresh root. */
class S3GarbageCollectorTest extends GarbageCollectorSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return S3MockServer.driver(S3MockServer.parameters());
    }
}
