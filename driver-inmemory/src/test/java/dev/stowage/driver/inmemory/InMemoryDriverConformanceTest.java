package dev.stowage.driver.inmemory;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;

/**
 * The in-memory driver passes the whole conformance kit; each case gets a new, empty store. It
 * declares no size limit and holds files on the heap in 64 KiB chunks, so the large profile's
 * stream (past 4 GiB) is written, read and stat'ed whole: run that profile with a heap above it,
 * {@code -Dstowage.profile=large -Dsurefire.argLine=-Xmx7g}.
 */
class InMemoryDriverConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create(InMemoryDriverFactory.NAME, Map.of());
    }
}
