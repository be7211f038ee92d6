package dev.stowage.conformance.runner;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;

/** The suite over the driver the command line names; {@link CaseDrivers} gives each case a fresh root. */
class CommandLineSuite extends DriverConformanceSuite {

    static volatile CaseDrivers drivers;

    @Override
    protected StorageDriver newDriver() throws Exception {
        return drivers.next();
    }
}
