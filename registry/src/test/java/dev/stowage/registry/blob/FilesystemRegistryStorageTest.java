package dev.stowage.registry.blob;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The registry storage suite on the filesystem driver, each case in a fresh folder. */
class FilesystemRegistryStorageTest extends RegistryStorageSuite {

    @TempDir
    Path root;

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    @Override
    protected StorageDriver sameStore(StorageDriver driver) throws Exception {
        return newDriver();
    }
}
