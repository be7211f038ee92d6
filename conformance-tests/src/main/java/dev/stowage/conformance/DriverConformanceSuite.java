package dev.stowage.conformance;

import dev.stowage.driver.StorageDriver;
import java.util.Set;

/**
 * The conformance suite of the Stowage storage driver SPI. A driver author extends this class
 * in a test source folder and implements {@link #newDriver()}; plain Maven surefire then runs
 * every case, all inherited from this one class, on the JUnit Jupiter engine alone: the example
 * cases, and the properties and the stateful test on the kit's own property engine
 * ({@link dev.stowage.conformance.property}):
 *
 * <pre>{@code
 * class MyDriverConformanceTest extends DriverConformanceSuite {
 *     @TempDir Path root;  // or a random key prefix in a test bucket
 *     protected StorageDriver newDriver() throws Exception {
 *         return StorageDrivers.create("mydriver", Map.of("rootdirectory", Files.createTempDirectory(root, "case").toString()));
 *     }
 * }
 * }</pre>
 *
 * <p>What it proves: every case of the Go registry's driver suite, every rule of the storage-driver
 * contract ({@code docs/storage-driver-contract.md} and the {@link StorageDriver} Javadoc), races of
 * {@code list}, {@code walk}, {@code stat} and reads against concurrent writes, moves and deletes
 * (judged by the contract: every observation explainable by some order of the operations),
 * properties over generated paths, contents, chunkings and offsets, and a
 * stateful test comparing random operation sequences with a reference model; a failing property
 * is shrunk to a minimal case and reported with its replay token. It reads the
 * driver's {@code Capabilities} and asserts the declared behaviour; a case that does not apply is
 * reported skipped with its reason, and a case the test backend cannot pass is declared in
 * {@link #exclusions()} and reported excluded with its reason.
 *
 * <p>Hygiene: each case (each try, for a property) gets its own driver from {@link #newDriver()},
 * whose root must be empty; afterwards the kit deletes every top-level entry, fails the case if
 * {@code list("/")} or {@code walk("/")} still finds anything, and closes the driver.
 *
 * <p>Sizes come from the system property {@code stowage.profile}: {@code quick} (default, every
 * build) or {@code large} (multi-GiB streams, thousands of files, more tries). The run's seed is
 * printed once; {@code -Dstowage.seed=N} replays it, and {@code -Dstowage.property.replay=TOKEN}
 * replays only the shrunk case of a failed property.
 */
public abstract class DriverConformanceSuite extends StatefulCases {

    /** For subclasses. */
    protected DriverConformanceSuite() {}

    /**
     * Returns a new driver over a fresh, EMPTY store root (a new temporary directory, a new random
     * key prefix, ...), on every call. The kit wraps it with {@code StorageDrivers.validating}
     * (a no-op if it already is) and closes it after the case.
     *
     * @throws Exception if no driver can be made; the case fails with it
     */
    @Override
    protected abstract StorageDriver newDriver() throws Exception;

    /**
     * The cases of the kit this driver's test setup cannot pass because of its test backend, each
     * with the reason; none by default. An excluded case does not run and is reported excluded with
     * its reason, never silently skipped: use it for a backend's known limit (an emulator), never
     * to hide a driver's fault.
     */
    @Override
    protected Set<Exclusion> exclusions() {
        return Set.of();
    }
}
