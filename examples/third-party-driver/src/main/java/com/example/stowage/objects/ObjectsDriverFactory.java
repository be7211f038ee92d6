package com.example.stowage.objects;

import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import java.util.List;

/**
 * Registers the {@code exampleobjects} driver: a pretend object store (one bucket per JVM, kept
 * in memory) whose drivers each work under a key prefix, the {@code rootdirectory} parameter.
 */
public final class ObjectsDriverFactory implements StorageDriverFactory {

    /** The registration name. */
    public static final String NAME = "exampleobjects";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StorageDriver create(DriverParameters parameters) {
        // bound once by StorageDrivers against parameters(): a required key always has a value
        return new ObjectsDriver(parameters.getString("rootdirectory"));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.required("rootdirectory", ParameterType.STRING, "key prefix of this driver's files in the bucket"));
    }
}
