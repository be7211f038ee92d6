package dev.stowage.driver;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A driver's parameters, checked against its {@link ParameterSpec}s: every key known, every value
 * converted to its type, every required key present, defaults filled in. Immutable.
 */
public final class DriverParameters {

    private final String driverName;
    private final Map<String, Object> values;

    private DriverParameters(String driverName, Map<String, Object> values) {
        this.driverName = driverName;
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
        return new DriverParameters(driverName, values);
    }

    /** The bound values, keyed by parameter name. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Whether the key has a value (given or default). */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A {@link ParameterType#STRING} value, if any. */
    public Optional<String> string(String name) {
        return Optional.ofNullable((String) values.get(name));
    }

    /** A {@link ParameterType#BOOLEAN} value, false when absent. */
    public boolean bool(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    /** A {@link ParameterType#INTEGER} or {@link ParameterType#SIZE} value, if any. */
    public Optional<Long> number(String name) {
        return Optional.ofNullable((Long) values.get(name));
    }

    /** A {@link ParameterType#DURATION} value, if any. */
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

    private static boolean isSecret(String key) {
        return key.contains("key") || key.contains("secret") || key.contains("token") || key.contains("password");
    }
}
