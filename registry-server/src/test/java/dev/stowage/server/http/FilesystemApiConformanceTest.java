package dev.stowage.server.http;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The conformance workflows on the filesystem driver. */
class FilesystemApiConformanceTest extends ApiConformanceSuite {

    @TempDir
    static Path root;

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    @Override
    protected StorageDriver replicaDriver(StorageDriver first) throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }
}
