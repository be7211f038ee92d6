package dev.stowage.server.http;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.s3.S3MockServer;

/** The conformance workflows on the s3 driver against S3Mock. */
class S3ApiConformanceTest extends ApiConformanceSuite {
    @Override
    protected StorageDriver newDriver() throws Exception {
        return S3MockServer.driver(S3MockServer.parameters());
    }
}
