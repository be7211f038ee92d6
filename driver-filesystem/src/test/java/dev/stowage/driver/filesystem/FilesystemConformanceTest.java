package dev.stowage.driver.filesystem;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole conformance kit (example cases, properties and the stateful test) against the
 * filesystem driver, each case over a fresh, empty temporary root directory that is removed
 * when the kit closes the case's driver (after its own hygiene check).
 */
class FilesystemConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        Path root = Files.createTempDirectory("stowage-fs-case-");
        return new RootRemovingDriver(StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString())), root);
    }

    /** Closes the driver, then removes its root (by then holding only the driver's private area). */
    private static final class RootRemovingDriver extends ForwardingStorageDriver {
        private final Path root;

        RootRemovingDriver(StorageDriver delegate, Path root) {
            super(delegate);
            this.root = root;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                removeRoot();
            }
        }

        private void removeRoot() throws IOException {
            if (!Files.exists(root)) {
                return; // closed before: a second close does nothing (the contract's rule)
            }
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
