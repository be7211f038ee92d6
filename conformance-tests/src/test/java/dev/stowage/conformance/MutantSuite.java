package dev.stowage.conformance;

import dev.stowage.driver.StorageDriver;
import java.util.function.Supplier;

/** The suite over whatever driver {@link #use} set; run by {@link MutationProofTest} through the Launcher, never by surefire. */
class MutantSuite extends DriverConformanceSuite {

    private static volatile Supplier<StorageDriver> drivers;

    static void use(Supplier<StorageDriver> supplier) {
        drivers = supplier;
    }

    @Override
    protected StorageDriver newDriver() {
        return drivers.get();
    }
}
