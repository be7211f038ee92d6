package dev.stowage.driver;

import java.util.Map;
import java.util.Objects;

/**
 * The {@code storage:} section of a config shaped like the Go registry's {@code config.yml},
 * resolved: which driver, its raw parameters (environment overrides applied), and the sections
 * beside the driver key ({@code delete}, {@code redirect}, {@code cache}, {@code maintenance},
 * {@code tag}) kept as they were for the caller.
 *
 * @param driverName the one driver key
 * @param parameters the driver's parameters before binding
 * @param sections the other keys of the section, unchanged
 */
public record StorageConfig(String driverName, Map<String, Object> parameters, Map<String, Object> sections) {

    public StorageConfig {
        Objects.requireNonNull(driverName, "driverName");
        parameters = Map.copyOf(parameters);
        sections = Map.copyOf(sections);
    }
}
