package dev.stowage.driver.gcs;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import java.util.UUID;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The whole conformance kit against the gcs driver on fake-gcs-server, an HTTP emulator of the
 * GCS JSON API, run through Testcontainers where a Docker engine exists; without one the whole
 * class (example cases, properties and the stateful test, all Jupiter tests) is reported skipped by
 * {@code @Testcontainers(disabledWithoutDocker = true)}. {@link GcsConformanceTest}, on the
 * in-process LocalStorageHelper, runs everywhere.
 * Unlike that fake, this one goes through the driver's real wiring: {@code StorageDrivers.create}
 * with the {@code endpoint} and {@code anonymous} parameters, HTTP resumable uploads and all.
 *
 * <p>The container is {@link FakeGcsServer}'s, one per test JVM and started on first use. Each
 * case gets a driver under a fresh random {@code rootdirectory} with the smallest chunk, 256 KiB.
 */
@Testcontainers(disabledWithoutDocker = true)
class FakeGcsServerConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return FakeGcsServer.driver(FakeGcsServer.parameters("conformance-" + UUID.randomUUID(), "256KiB"));
    }
}
