package dev.stowage.driver;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A driver's parameters, checked against its {@link ParameterSpec}s: every key known, every value
 * converted to its type, every required key present, defaults filled in. Immutable.
 *
 * <p>Read a value with the getter of its declared type. A key that is required or has a default
 * always has a value, so its getter ({@link #getString}, {@link #getBoolean}, {@link #getInteger},
 * {@link #getSize}, {@link #getDuration}) returns it plainly; only a key with neither may be
 * absent, and is read with the matching {@code find…} getter, which returns an {@link Optional}.
 * Calling a getter for a key the driver does not declare, for a key of another type, or the plain
 * getter of a key that may be absent (or the other way round) is a programming error: it throws
 * an {@link IllegalArgumentException} that names the key, its declared type and the getter to use.
 */
public final class DriverParameters {

    private final String driverName;
    private final Map<String, ParameterSpec> specs;
    private final Map<String, Object> values;

    private DriverParameters(String driverName, Map<String, ParameterSpec> specs, Map<String, Object> values) {
        this.driverName = driverName;
        this.specs = Collections.unmodifiableMap(specs);
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Checks {@code raw} against {@code factory}'s specs. Binding already bound values gives the
     * same values.
     *
     * @throws InvalidParameterException naming the key and the driver: an unknown key (listing the
     *     known ones), a value of the wrong type, or a missing required key
     */
    public static DriverParameters bind(StorageDriverFactory factory, Map<String, ?> raw) throws InvalidParameterException {
        return bind(factory.name(), factory.parameters(), raw);
    }

    /** As {@link #bind(StorageDriverFactory, Map)}, for a driver name and its specs. */
    public static DriverParameters bind(String driverName, List<ParameterSpec> specs, Map<String, ?> raw)
            throws InvalidParameterException {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : (raw == null ? Map.<String, Object>of() : raw).entrySet()) {
            ParameterSpec spec = byName.get(entry.getKey());
            if (spec == null) {
                throw new InvalidParameterException(driverName, entry.getKey(),
                        "unknown parameter; known: " + String.join(", ", new TreeSet<>(byName.keySet())));
            }
            if (entry.getValue() == null) {
                continue; // an empty YAML value: as if absent
            }
            try {
                values.put(spec.name(), spec.type().convert(entry.getValue()));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException(driverName, spec.name(), e.getMessage());
            }
        }
        for (ParameterSpec spec : specs) {
            if (!values.containsKey(spec.name())) {
                if (spec.required()) {
                    throw new InvalidParameterException(driverName, spec.name(), "required parameter is missing");
                }
                if (spec.defaultValue() != null) {
                    values.put(spec.name(), spec.type().convert(spec.defaultValue()));
                }
            }
        }
        return new DriverParameters(driverName, byName, values);
    }

    /** The name of the driver these parameters were bound for. */
    public String driverName() {
        return driverName;
    }

    /** The bound values, keyed by parameter name: each given or defaulted key, none other. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** The value of a {@link ParameterType#STRING} key that is required or has a default. */
    public String getString(String name) {
        return (String) value(name, ParameterType.STRING);
    }

    /** The value of a {@link ParameterType#STRING} key that has no default and is not required. */
    public Optional<String> findString(String name) {
        return Optional.ofNullable((String) find(name, ParameterType.STRING));
    }

    /** The value of a {@link ParameterType#BOOLEAN} key that is required or has a default. */
    public boolean getBoolean(String name) {
        return (Boolean) value(name, ParameterType.BOOLEAN);
    }

    /** The value of a {@link ParameterType#BOOLEAN} key that has no default and is not required. */
    public Optional<Boolean> findBoolean(String name) {
        return Optional.ofNullable((Boolean) find(name, ParameterType.BOOLEAN));
    }

    /** The value of an {@link ParameterType#INTEGER} key that is required or has a default. */
    public long getInteger(String name) {
        return (Long) value(name, ParameterType.INTEGER);
    }

    /** The value of an {@link ParameterType#INTEGER} key that has no default and is not required. */
    public Optional<Long> findInteger(String name) {
        return Optional.ofNullable((Long) find(name, ParameterType.INTEGER));
    }

    /** The byte count of a {@link ParameterType#SIZE} key that is required or has a default. */
    public long getSize(String name) {
        return (Long) value(name, ParameterType.SIZE);
    }

    /** The byte count of a {@link ParameterType#SIZE} key that has no default and is not required. */
    public Optional<Long> findSize(String name) {
        return Optional.ofNullable((Long) find(name, ParameterType.SIZE));
    }

    /** The value of a {@link ParameterType#DURATION} key that is required or has a default. */
    public Duration getDuration(String name) {
        return (Duration) value(name, ParameterType.DURATION);
    }

    /** The value of a {@link ParameterType#DURATION} key that has no default and is not required. */
    public Optional<Duration> findDuration(String name) {
        return Optional.ofNullable((Duration) find(name, ParameterType.DURATION));
    }

    /**
     * A {@link ParameterType#STRING} value, if any.
     *
     * @deprecated kept so that drivers compiled before 1.0 still run; use {@link #getString} or
     *     {@link #findString}, which also check that the key is declared with this type
     */
    @Deprecated(since = "1.0", forRemoval = true)
    public Optional<String> string(String name) {
        return Optional.ofNullable((String) values.get(name));
    }

    /**
     * A {@link ParameterType#BOOLEAN} value, false when absent.
     *
     * @deprecated kept so that drivers compiled before 1.0 still run; use {@link #getBoolean}
     */
    @Deprecated(since = "1.0", forRemoval = true)
    public boolean bool(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    /**
     * A {@link ParameterType#INTEGER} or {@link ParameterType#SIZE} value, if any.
     *
     * @deprecated kept so that drivers compiled before 1.0 still run; use {@link #getInteger},
     *     {@link #getSize} or their {@code find…} forms
     */
    @Deprecated(since = "1.0", forRemoval = true)
    public Optional<Long> number(String name) {
        return Optional.ofNullable((Long) values.get(name));
    }

    /**
     * A {@link ParameterType#DURATION} value, if any.
     *
     * @deprecated kept so that drivers compiled before 1.0 still run; use {@link #getDuration} or
     *     {@link #findDuration}
     */
    @Deprecated(since = "1.0", forRemoval = true)
    public Optional<Duration> duration(String name) {
        return Optional.ofNullable((Duration) values.get(name));
    }

    /**
     * An {@link InvalidParameterException} about {@code name} for this driver, for a value that
     * is of the right type but unusable.
     */
    public InvalidParameterException invalid(String name, String detail) {
        return new InvalidParameterException(driverName, name, detail);
    }

    @Override
    public String toString() {
        return driverName + values.entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "***" : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private Object value(String name, ParameterType type) {
        ParameterSpec spec = spec(name, type);
        if (!spec.required() && spec.defaultValue() == null) {
            throw misuse(spec, "has no default and is not required, so it may be absent; read it with "
                    + getter("find", type) + ", which returns an Optional");
        }
        return values.get(name);
    }

    private Object find(String name, ParameterType type) {
        ParameterSpec spec = spec(name, type);
        if (spec.required() || spec.defaultValue() != null) {
            throw misuse(spec, (spec.required() ? "is required" : "has a default") + ", so it always has a value; read it with "
                    + getter("get", type));
        }
        return values.get(name);
    }

    private ParameterSpec spec(String name, ParameterType type) {
        ParameterSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("driver " + driverName + " declares no parameter '" + name
                    + "'; declared: " + String.join(", ", new TreeSet<>(specs.keySet())));
        }
        if (spec.type() != type) {
            throw misuse(spec, "is declared " + spec.type() + ", not " + type + "; read it with "
                    + getter(spec.required() || spec.defaultValue() != null ? "get" : "find", spec.type()));
        }
        return spec;
    }

    private IllegalArgumentException misuse(ParameterSpec spec, String detail) {
        return new IllegalArgumentException("parameter '" + spec.name() + "' of driver " + driverName + " " + detail);
    }

    private static String getter(String prefix, ParameterType type) {
        return prefix + type.name().charAt(0) + type.name().substring(1).toLowerCase(Locale.ROOT) + "()";
    }

    private static boolean isSecret(String key) {
        return key.contains("key") || key.contains("secret") || key.contains("token") || key.contains("password");
    }
}
