package dev.stowage.driver.gcs;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import java.util.UUID;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The whole conformance kit against the gcs driver on fake-gcs-server, an HTTP emulator of the
 * GCS JSON API, run through Testcontainers where a Docker engine exists; without one the class is
 * reported skipped (by {@code @Testcontainers(disabledWithoutDocker = true)} for the JUnit Jupiter
 * cases and by {@link SkipWithoutDocker} for the jqwik properties, which the Jupiter extension does
 * not reach). {@link GcsConformanceTest}, on the in-process LocalStorageHelper, runs everywhere.
 * Unlike that fake, this one goes through the driver's real wiring: {@code StorageDrivers.create}
 * with the {@code endpoint} and {@code anonymous} parameters, HTTP resumable uploads and all.
 *
 * <p>The container is {@link FakeGcsServer}'s, one per test JVM and started on first use (the
 * Jupiter and jqwik engines each run the class, so neither engine's lifecycle may own it). Each
 * case gets a driver under a fresh random {@code rootdirectory} with the smallest chunk, 256 KiB.
 */
@Testcontainers(disabledWithoutDocker = true)
@AddLifecycleHook(FakeGcsServerConformanceTest.SkipWithoutDocker.class)
class FakeGcsServerConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        return FakeGcsServer.driver(FakeGcsServer.parameters("conformance-" + UUID.randomUUID(), "256KiB"));
    }

    /** Skips the class's jqwik properties and stateful test when no Docker engine answers. */
    static final class SkipWithoutDocker implements SkipExecutionHook {

        /* made by jqwik */
        SkipWithoutDocker() {}

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return DockerClientFactory.instance().isDockerAvailable()
                    ? SkipResult.doNotSkip()
                    : SkipResult.skip("no Docker engine: the fake-gcs-server run needs Testcontainers "
                            + "(GcsConformanceTest runs on LocalStorageHelper)");
        }
    }
}
