package dev.stowage.driver;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Makes drivers of one kind. Registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.stowage.driver.StorageDriverFactory} and found by
 * {@link StorageDrivers}, which checks the parameters against {@link #parameters()}, fills in
 * defaults and wraps the driver made here in the validating wrapper.
 */
public interface StorageDriverFactory {

    /** The registration name, unique among the factories on the class path, e.g. {@code "s3"}. */
    String name();

    /**
     * Makes a driver. {@code parameters} holds, for each declared parameter that was given or has
     * a default, a value of the type's Java class (see {@link ParameterType}); read it with
     * {@link DriverParameters#bind}, which also checks a map that did not come through
     * {@link StorageDrivers}.
     *
     * @throws InvalidParameterException if a value is unusable (for example a folder that cannot
     *     be written), naming the key
     * @throws IOException if the backend cannot be reached or prepared
     */
    StorageDriver create(Map<String, Object> parameters) throws IOException;

    /** The parameters this driver accepts; any other key is refused. */
    List<ParameterSpec> parameters();
}
