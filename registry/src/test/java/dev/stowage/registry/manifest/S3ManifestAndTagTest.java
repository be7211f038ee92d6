package dev.stowage.registry.manifest;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.s3.S3MockServer;

/** Manifests and tags on the s3 driver against S3Mock. */
class S3ManifestAndTagTest extends ManifestAndTagSuite {
    @Override
    protected StorageDriver newDriver() throws Exception {
        return S3MockServer.driver(S3MockServer.parameters());
    }
}
