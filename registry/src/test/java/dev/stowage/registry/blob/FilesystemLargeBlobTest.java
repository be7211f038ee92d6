package dev.stowage.registry.blob;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** {@link LargeBlobSuite} on the filesystem driver. */
class FilesystemLargeBlobTest extends LargeBlobSuite {

    @TempDir
    Path root;

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }
}
