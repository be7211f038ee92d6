package dev.stowage.driver;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * Makes drivers of one kind. Registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.stowage.driver.StorageDriverFactory} and found by
 * {@link StorageDrivers}, which checks the parameters against {@link #parameters()} once, fills in
 * defaults, calls {@link #create(DriverParameters)} and wraps the driver made there in the
 * validating wrapper.
 *
 * <p><b>Which method to implement.</b> A driver implements {@link #create(DriverParameters)} and
 * reads its values with the typed getters of {@link DriverParameters}, which already hold the
 * declared defaults (so a factory never restates a default). Before 1.0 the one method was
 * {@link #create(Map)}; it stays, as a default method, so that a driver compiled against it still
 * runs unchanged: {@code create(DriverParameters)} then forwards the bound values to it as a map.
 * A factory that implements neither fails its first {@code create} with an
 * {@link IllegalStateException} naming the factory.
 *
 * <p><b>Parameter names</b> are lower case. A key the Go registry's driver of the same kind has
 * keeps the Go spelling, so a Go {@code config.yml} carries over (the azure driver's
 * {@code max_retries}, for example); a key Stowage adds runs its words together, as most Go keys
 * do ({@code chunksize}, {@code redirectmaxexpiry}). The parameters every object-store driver
 * shares have one name and one meaning: {@code rootdirectory} (see {@link KeyPrefix}),
 * {@code chunksize} and {@code redirectmaxexpiry} (see {@link StorageDriver#redirectUrl}).
 */
public interface StorageDriverFactory {

    /** The registration name, unique among the factories on the class path, e.g. {@code "s3"}. */
    String name();

    /**
     * Makes a driver from parameters bound against {@link #parameters()}.
     *
     * @throws InvalidParameterException if a value is of the right type but unusable (for example
     *     a folder that cannot be written), naming the key; make it with
     *     {@link DriverParameters#invalid}
     * @throws IOException if the backend cannot be reached or prepared
     */
    default StorageDriver create(DriverParameters parameters) throws IOException {
        if (implementation("create", Map.class) == StorageDriverFactory.class) {
            throw new IllegalStateException("storage driver factory " + getClass().getName() + " ('" + name()
                    + "') implements neither create(DriverParameters) nor create(Map)");
        }
        return create(parameters.asMap());
    }

    /**
     * Binds {@code parameters} against {@link #parameters()} and makes a driver with
     * {@link #create(DriverParameters)}; the driver is not wrapped (use
     * {@link StorageDrivers#create(StorageDriverFactory, Map)} for a checked driver).
     *
     * @throws InvalidParameterException naming the key: an unknown key, a value of the wrong type,
     *     a missing required key or an unusable value
     * @throws IOException if the backend cannot be reached or prepared
     * @deprecated the method drivers implemented before 1.0, kept so that they still run; a
     *     driver implements {@link #create(DriverParameters)}, and a user calls
     *     {@link StorageDrivers#create(StorageDriverFactory, Map)}
     */
    @Deprecated(since = "1.0")
    default StorageDriver create(Map<String, Object> parameters) throws IOException {
        return create(DriverParameters.bind(this, parameters));
    }

    /** The parameters this driver accepts; any other key is refused. */
    List<ParameterSpec> parameters();

    private Class<?> implementation(String method, Class<?> parameterType) {
        try {
            Method found = getClass().getMethod(method, parameterType);
            return found.getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e); // declared above
        }
    }
}
