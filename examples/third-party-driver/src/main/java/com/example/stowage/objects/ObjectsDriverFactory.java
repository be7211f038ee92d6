package com.example.stowage.objects;

import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;

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
    public StorageDriver create(Map<String, Object> parameters) throws IOException {
        DriverParameters bound = DriverParameters.bind(this, parameters);
        return new ObjectsDriver(bound.string("rootdirectory").orElseThrow());
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.required("rootdirectory", ParameterType.STRING, "key prefix of this driver's files in the bucket"));
    }
}
