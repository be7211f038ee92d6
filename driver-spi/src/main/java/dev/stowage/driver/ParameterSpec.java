package dev.stowage.driver;

import java.util.Objects;

/**
 * One configuration parameter a {@link StorageDriverFactory} accepts.
 *
 * @param name the key, lower case as in the Go registry's config (e.g. {@code rootdirectory})
 * @param type how the value is read
 * @param defaultValue the value used when the key is absent, already of the type's Java class
 *     (see {@link ParameterType}); null when there is none
 * @param required whether the key must be given
 * @param description one line for users: what it sets, its unit and limits
 */
public record ParameterSpec(String name, ParameterType type, Object defaultValue, boolean required, String description) {

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("required parameter " + name + " cannot have a default");
        }
    }

    /** A required parameter. */
    public static ParameterSpec required(String name, ParameterType type, String description) {
        return new ParameterSpec(name, type, null, true, description);
    }

    /** An optional parameter with a default (null for none). */
    public static ParameterSpec optional(String name, ParameterType type, Object defaultValue, String description) {
        return new ParameterSpec(name, type, defaultValue, false, description);
    }
}
