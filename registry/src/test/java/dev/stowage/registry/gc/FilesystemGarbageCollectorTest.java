package dev.stowage.registry.gc;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The garbage collector's suite on the filesystem driver, each case in a fresh folder. */
class FilesystemGarbageCollectorTest extends GarbageCollectorSuite {

    @TempDir
    Path root;

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }
}
