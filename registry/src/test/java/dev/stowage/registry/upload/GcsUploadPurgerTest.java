package dev.stowage.registry.upload;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.gcs.LocalGcs;
import java.util.Map;
import java.util.UUID;

/** Upload purging on the gcs driver against the in-process fake, each case under a fresh root. */
class GcsUploadPurgerTest extends UploadPurgerSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return new LocalGcs().driver(Map.of("rootdirectory", "/t-" + UUID.randomUUID()));
    }

    /** The staged object goes with the folder: the held request's commit fails. */
    @Override
    protected boolean openWriterOutlivesDelete() {
        return false;
    }
}
