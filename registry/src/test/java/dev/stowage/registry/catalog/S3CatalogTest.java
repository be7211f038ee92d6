package dev.stowage.registry.catalog;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.s3.S3MockServer;

/** The catalog on the s3 driver against S3Mock, each case under a fresh root. */
class S3CatalogTest extends CatalogSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return S3MockServer.driver(S3MockServer.parameters());
    }
}
