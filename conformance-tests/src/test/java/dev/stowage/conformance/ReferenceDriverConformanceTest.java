package dev.stowage.conformance;

import dev.stowage.driver.StorageDriver;

/** The kit passes a correct driver: the whole suite (example cases, properties, the stateful test) from one subclass. */
class ReferenceDriverConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() {
        return new ReferenceDriver();
    }
}
