package dev.stowage.registry.upload;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.s3.S3MockServer;

/** Upload purging on the s3 driver against S3Mock, each case under a fresh root. */
class S3UploadPurgerTest extends UploadPurgerSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return S3MockServer.driver(S3MockServer.parameters());
    }

    /** The open writer keeps its parts (blocks) outside the folder: its commit still stores what it wrote. */
    @Override
    protected boolean openWriterOutlivesDelete() {
        return true;
    }
}
