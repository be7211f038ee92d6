package dev.stowage.driver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The entry point for users of drivers: finds {@link StorageDriverFactory}s through
 * {@link ServiceLoader} and builds drivers from a name and parameters or from the {@code storage:}
 * section of a registry config. Every driver it returns is wrapped in the validating wrapper
 * (paths and offsets checked, exceptions stamped with the driver name).
 */
public final class StorageDrivers {

    /** Keys of a {@code storage:} section that sit beside the driver key and are not drivers. */
    public static final Set<String> NON_DRIVER_KEYS = Set.of("delete", "redirect", "cache", "maintenance", "tag");

    /** Environment variable prefix for parameter overrides: {@code STOWAGE_STORAGE_<DRIVER>_<PARAM>}. */
    public static final String ENV_PREFIX = "STOWAGE_STORAGE";

    private StorageDrivers() {}

    /** The factories visible to this class's class loader, sorted by name. */
    public static List<StorageDriverFactory> available() {
        return available(StorageDrivers.class.getClassLoader());
    }

    /** The factories visible to {@code loader}, sorted by name. */
    public static List<StorageDriverFactory> available(ClassLoader loader) {
        List<StorageDriverFactory> found = new ArrayList<>();
        for (StorageDriverFactory factory : ServiceLoader.load(StorageDriverFactory.class, loader)) {
            found.add(factory);
        }
        found.sort(Comparator.comparing(StorageDriverFactory::name));
        return List.copyOf(found);
    }

    /**
     * The factory registered as {@code name}.
     *
     * @throws InvalidParameterException if there is none; the message lists the drivers found
     */
    public static StorageDriverFactory factory(String name, ClassLoader loader) throws InvalidParameterException {
        List<StorageDriverFactory> all = available(loader);
        for (StorageDriverFactory factory : all) {
            if (factory.name().equals(name)) {
                return factory;
            }
        }
        String known = all.isEmpty() ? "none (is a driver jar on the class path?)"
                : all.stream().map(StorageDriverFactory::name).collect(Collectors.joining(", "));
        throw new InvalidParameterException(name, null, "unknown storage driver '" + name + "'; drivers found: " + known);
    }

    /** Builds the driver registered as {@code name}; see {@link #create(StorageDriverFactory, Map)}. */
    public static StorageDriver create(String name, Map<String, ?> parameters) throws IOException {
        return create(factory(name, StorageDrivers.class.getClassLoader()), parameters);
    }

    /** Builds the driver registered as {@code name} among the factories {@code loader} sees. */
    public static StorageDriver create(String name, Map<String, ?> parameters, ClassLoader loader) throws IOException {
        return create(factory(name, loader), parameters);
    }

    /**
     * Checks {@code parameters} against the factory's specs once, fills in defaults, makes the
     * driver with {@link StorageDriverFactory#create(DriverParameters)} and wraps it in the
     * validating wrapper.
     *
     * @throws InvalidParameterException naming the key and the driver
     */
    public static StorageDriver create(StorageDriverFactory factory, Map<String, ?> parameters) throws IOException {
        DriverParameters bound = DriverParameters.bind(factory, parameters);
        StorageDriver driver;
        try {
            driver = factory.create(bound);
        } catch (StorageDriverException e) {
            e.stampDriverName(factory.name());
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new StorageDriverException(factory.name(), null, "cannot create driver: " + e.getMessage(), e);
        }
        return validating(driver);
    }

    /**
     * Wraps {@code driver} in the validating wrapper unless it already is: paths and offsets are
     * checked before the driver sees them, and every exception carries the driver name.
     */
    public static StorageDriver validating(StorageDriver driver) {
        return ValidatingStorageDriver.isValidating(driver) ? driver : new ValidatingStorageDriver(driver);
    }

    /**
     * Resolves a {@code storage:} section: exactly one driver key (an empty value counts as no
     * parameters), the other keys kept as sections, environment overrides applied. The variable
     * {@code STOWAGE_STORAGE} names the driver instead of the section; a variable
     * {@code STOWAGE_STORAGE_<DRIVER>_<PARAM>} sets the lower-cased parameter of that driver.
     *
     * @throws InvalidParameterException if the section has no driver key or more than one, or a
     *     driver's value is not a map
     */
    public static StorageConfig parseConfig(Map<String, ?> storageSection, Map<String, String> environment)
            throws InvalidParameterException {
        Map<String, ?> section = storageSection == null ? Map.of() : storageSection;
        Map<String, String> env = environment == null ? Map.of() : environment;
        Map<String, Object> sections = new LinkedHashMap<>();
        Map<String, Object> drivers = new TreeMap<>();
        for (Map.Entry<String, ?> entry : section.entrySet()) {
            if (NON_DRIVER_KEYS.contains(entry.getKey())) {
                if (entry.getValue() != null) {
                    sections.put(entry.getKey(), entry.getValue());
                }
            } else {
                drivers.put(entry.getKey(), entry.getValue());
            }
        }
        String driverName;
        Map<String, Object> parameters = new LinkedHashMap<>();
        String fromEnv = env.get(ENV_PREFIX);
        if (fromEnv != null && !fromEnv.isBlank()) {
            driverName = fromEnv.trim();
            addParameters(parameters, driverName, drivers.get(driverName));
        } else if (drivers.size() == 1) {
            driverName = drivers.keySet().iterator().next();
            addParameters(parameters, driverName, drivers.get(driverName));
        } else if (drivers.isEmpty()) {
            throw new InvalidParameterException(null, null,
                    "storage section names no driver; give exactly one driver key beside " + new java.util.TreeSet<>(NON_DRIVER_KEYS));
        } else {
            throw new InvalidParameterException(null, null,
                    "storage section names more than one driver: " + String.join(", ", drivers.keySet()) + "; give exactly one");
        }
        String prefix = ENV_PREFIX + "_" + driverName.toUpperCase(Locale.ROOT) + "_";
        for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
            if (variable.getKey().startsWith(prefix) && variable.getKey().length() > prefix.length()) {
                parameters.put(variable.getKey().substring(prefix.length()).toLowerCase(Locale.ROOT), variable.getValue());
            }
        }
        return new StorageConfig(driverName, parameters, sections);
    }

    /** Builds the driver of a {@code storage:} section; see {@link #parseConfig}. */
    public static ConfiguredStorage fromConfig(Map<String, ?> storageSection, Map<String, String> environment) throws IOException {
        return fromConfig(storageSection, environment, StorageDrivers.class.getClassLoader());
    }

    /** As {@link #fromConfig(Map, Map)}, with factories seen by {@code loader}. */
    public static ConfiguredStorage fromConfig(Map<String, ?> storageSection, Map<String, String> environment, ClassLoader loader)
            throws IOException {
        StorageConfig config = parseConfig(storageSection, environment);
        StorageDriver driver;
        try {
            driver = create(factory(config.driverName(), loader), config.parameters());
        } catch (InvalidParameterException e) {
            String variable = e.parameter() == null ? null
                    : ENV_PREFIX + "_" + config.driverName().toUpperCase(Locale.ROOT) + "_" + e.parameter().toUpperCase(Locale.ROOT);
            if (variable != null && environment != null && environment.containsKey(variable)) {
                throw new InvalidParameterException(config.driverName(), e.parameter(),
                        e.reason() + " (set by environment variable " + variable + ")");
            }
            throw e;
        }
        return new ConfiguredStorage(driver, config.sections());
    }

    private static void addParameters(Map<String, Object> into, String driverName, Object value) throws InvalidParameterException {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidParameterException(driverName, null,
                    "the value of storage driver key '" + driverName + "' must be a map of parameters, not " + value.getClass().getSimpleName());
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            into.put(String.valueOf(entry.getKey()), entry.getValue());
        }
    }
}
