package dev.stowage.server.http;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.s3.S3MockServer;

/** The conformance workflows on the s3 driver against S3Mock. */
class S3ApiConformanceTest extends ApiConformanceSuite {

    private java.util.Map<String, Object> parameters;

    @Override
    protected StorageDriver newDriver() throws Exception {
        parameters = S3MockServer.parameters();
        return S3MockServer.driver(parameters);
    }

    @Override
    protected StorageDriver replicaDriver(StorageDriver first) throws Exception {
        return S3MockServer.driver(parameters);
    }
}
