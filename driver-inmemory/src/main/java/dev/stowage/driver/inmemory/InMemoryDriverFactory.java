package dev.stowage.driver.inmemory;

import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import dev.stowage.driver.ParameterSpec;
import java.util.List;

/**
 * Makes {@code inmemory} drivers: each one a separate, empty, thread-safe store that lives as
 * long as the driver. It takes no parameters. Files may exceed 2 GiB; {@code getContent} of such
 * a file fails.
 */
public final class InMemoryDriverFactory implements StorageDriverFactory {

    /** The registration name. */
    public static final String NAME = "inmemory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StorageDriver create(DriverParameters parameters) {
        return new InMemoryDriver();
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }
}
