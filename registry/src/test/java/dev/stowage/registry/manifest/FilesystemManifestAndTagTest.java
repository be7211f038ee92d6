package dev.stowage.registry.manifest;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Manifests and tags on the filesystem driver. */
class FilesystemManifestAndTagTest extends ManifestAndTagSuite {
    @TempDir
    Path root;

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }
}
