package dev.stowage.server.config;

import dev.stowage.server.config.YamlNode.Mapping;
import dev.stowage.server.config.YamlNode.Scalar;
import dev.stowage.server.config.YamlNode.ScalarKind;
import dev.stowage.server.config.YamlNode.Sequence;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One map of the configuration being bound, at a dotted key path, with typed reads that fail naming
 * the key. The value rules are those of Go's YAML decoder into the Go registry's fields: a string
 * field takes any scalar's text; a boolean takes a YAML boolean; an integer takes a YAML integer (a
 * quoted number is refused, as in Go); a duration takes Go duration text or an integer of
 * nanoseconds; an empty value ({@code key:} or {@code ~}) is as if the key were absent.
 */
final class Section {

    private final Mapping mapping;
    private final String path;
    private final Binding binding;
    private final boolean present;

    private Section(Mapping mapping, String path, Binding binding, boolean present) {
        this.mapping = mapping;
        this.path = path;
        this.binding = binding;
        this.present = present;
    }

    /** The map at {@code path}; an absent or empty node reads as an empty map. */
    static Section of(YamlNode node, String path, int line, Binding binding) throws ConfigException {
        if (YamlNode.isEmpty(node)) {
            return new Section(new Mapping(line), path, binding, false);
        }
        if (node instanceof Mapping mapping) {
            return new Section(mapping, path, binding, true);
        }
        throw binding.error(path, node.line(), "expected a map of keys, found " + node.describe());
    }

    /** Whether the section was written (even with no keys). */
    boolean present() {
        return present;
    }

    String path() {
        return path;
    }

    Binding binding() {
        return binding;
    }

    /** The keys, in document order. */
    Set<String> keys() {
        return Collections.unmodifiableSet(mapping.entries().keySet());
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    int lineOf(String key) {
        return mapping.lineOf(key);
    }

    /** Fails on the first key not in {@code known}, listing the known ones. */
    Section allowOnly(String... known) throws ConfigException {
        List<String> knownKeys = Arrays.asList(known);
        for (String key : mapping.entries().keySet()) {
            if (!knownKeys.contains(key)) {
                throw unknownKey(key, knownKeys);
            }
        }
        return this;
    }

    ConfigException unknownKey(String key, List<String> known) {
        return binding.error(pathOf(key), lineOf(key), "unknown key (known: " + String.join(", ", known) + ")");
    }

    /** Whether {@code key} is present with a non-empty value. */
    boolean has(String key) {
        return !YamlNode.isEmpty(mapping.entries().get(key));
    }

    /** Whether {@code key} is written at all, even empty. */
    boolean written(String key) {
        return mapping.entries().containsKey(key);
    }

    YamlNode node(String key) {
        return mapping.entries().get(key);
    }

    /** When {@code key} is written, warns that it is {@code what}, e.g. "not supported yet and is ignored". */
    void warnIfWritten(String key, String what) {
        if (written(key)) {
            binding.warn("`" + pathOf(key) + "` is " + what);
        }
    }

    ConfigException error(String key, String message) {
        return binding.error(pathOf(key), lineOf(key), message);
    }

    /** The sub-map at {@code key}; absent reads as empty. */
    Section section(String key) throws ConfigException {
        return Section.of(node(key), pathOf(key), lineOf(key), binding);
    }

    Optional<String> string(String key) throws ConfigException {
        YamlNode node = node(key);
        if (YamlNode.isEmpty(node)) {
            return Optional.empty();
        }
        if (node instanceof Scalar scalar) {
            return Optional.of(scalar.text());
        }
        throw error(key, "expected a string, found " + node.describe());
    }

    String string(String key, String otherwise) throws ConfigException {
        return string(key).orElse(otherwise);
    }

    /** A string that must be present and non-empty. */
    String required(String key) throws ConfigException {
        Optional<String> value = string(key);
        if (value.isEmpty() || value.get().isEmpty()) {
            throw error(key, "required");
        }
        return value.get();
    }

    /** One of {@code allowed} (exact text), or {@code otherwise} when absent. */
    String oneOf(String key, String otherwise, String... allowed) throws ConfigException {
        Optional<String> value = string(key);
        if (value.isEmpty() || value.get().isEmpty()) {
            return otherwise;
        }
        if (!Arrays.asList(allowed).contains(value.get())) {
            throw error(key, "expected one of " + String.join(", ", allowed) + ", found \"" + value.get() + "\"");
        }
        return value.get();
    }

    Optional<Path> path(String key) throws ConfigException {
        Optional<String> value = string(key).filter(text -> !text.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toPath(key, value.get()));
    }

    Path toPath(String key, String text) throws ConfigException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw error(key, "not a valid file path: " + e.getMessage());
        }
    }

    boolean bool(String key, boolean otherwise) throws ConfigException {
        YamlNode node = node(key);
        if (YamlNode.isEmpty(node)) {
            return otherwise;
        }
        if (node instanceof Scalar scalar && scalar.kind() == ScalarKind.BOOLEAN) {
            return switch (scalar.text().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y", "on" -> true;
                default -> false;
            };
        }
        throw error(key, "expected true or false, found " + shown(node));
    }

    int integer(String key, int otherwise) throws ConfigException {
        YamlNode node = node(key);
        if (YamlNode.isEmpty(node)) {
            return otherwise;
        }
        if (node instanceof Scalar scalar && scalar.kind() == ScalarKind.INTEGER) {
            try {
                return Math.toIntExact(Long.decode(scalar.text().replace("_", "")));
            } catch (NumberFormatException | ArithmeticException e) {
                throw error(key, "integer out of range: " + scalar.text());
            }
        }
        throw error(key, "expected an integer, found " + shown(node));
    }

    /** A non-negative integer. */
    int count(String key, int otherwise) throws ConfigException {
        int value = integer(key, otherwise);
        if (value < 0) {
            throw error(key, "must not be negative, found " + value);
        }
        return value;
    }

    /** A size in bytes: an integer, or with a unit as the drivers' sizes ({@code 64MiB}, {@code 512KiB}, {@code 1GB}). */
    long size(String key, long otherwise) throws ConfigException {
        YamlNode node = node(key);
        if (YamlNode.isEmpty(node)) {
            return otherwise;
        }
        if (node instanceof Scalar scalar) {
            try {
                return (Long) dev.stowage.driver.ParameterType.SIZE.convert(scalar.text().replace("_", ""));
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }
        throw error(key, "expected a size such as 64MiB, found " + shown(node));
    }

    /** A non-negative Go duration ({@code 10s}, {@code 1h30m}) or an integer of nanoseconds. */
    Duration duration(String key, Duration otherwise) throws ConfigException {
        YamlNode node = node(key);
        if (YamlNode.isEmpty(node)) {
            return otherwise;
        }
        Duration value;
        if (node instanceof Scalar scalar && scalar.kind() == ScalarKind.INTEGER) {
            try {
                value = Duration.ofNanos(Long.decode(scalar.text().replace("_", "")));
            } catch (NumberFormatException e) {
                throw error(key, "duration out of range: " + scalar.text());
            }
        } else if (node instanceof Scalar scalar && scalar.kind() == ScalarKind.STRING) {
            try {
                value = GoDuration.parse(scalar.text());
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        } else {
            throw error(key, "expected a duration such as 10s, 5m or 1h30m, found " + shown(node));
        }
        if (value.isNegative()) {
            throw error(key, "must not be negative, found " + value);
        }
        return value;
    }

    /** A list of strings; a single scalar reads as a list of one; absent reads as empty. */
    List<String> strings(String key) throws ConfigException {
        YamlNode node = node(key);
        if (YamlNode.isEmpty(node)) {
            return List.of();
        }
        if (node instanceof Scalar scalar) {
            return List.of(scalar.text());
        }
        if (node instanceof Sequence sequence) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < sequence.items().size(); i++) {
                YamlNode item = sequence.items().get(i);
                if (!(item instanceof Scalar scalar) || scalar.isNull()) {
                    throw binding.error(pathOf(key) + "[" + i + "]", item.line(),
                            "expected a string, found " + item.describe());
                }
                values.add(scalar.text());
            }
            return List.copyOf(values);
        }
        throw error(key, "expected a list of strings, found " + node.describe());
    }

    /**
     * The node as plain Java values: scalars as their text (booleans as {@code true}/{@code false}),
     * maps as unmodifiable ordered {@code Map<String, Object>}, lists as unmodifiable lists; empty
     * values inside maps are dropped (as if absent).
     */
    static Object plain(YamlNode node) {
        if (node instanceof Scalar scalar) {
            if (scalar.isNull()) {
                return null;
            }
            if (scalar.kind() == ScalarKind.BOOLEAN) {
                return switch (scalar.text().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "y", "on" -> "true";
                    default -> "false";
                };
            }
            return scalar.text();
        }
        if (node instanceof Mapping mapping) {
            Map<String, Object> values = new LinkedHashMap<>();
            mapping.entries().forEach((key, value) -> {
                Object plain = plain(value);
                if (plain != null) {
                    values.put(key, plain);
                }
            });
            return Collections.unmodifiableMap(values);
        }
        List<Object> items = new ArrayList<>();
        for (YamlNode item : ((Sequence) node).items()) {
            Object plain = plain(item);
            items.add(plain == null ? "" : plain);
        }
        return Collections.unmodifiableList(items);
    }

    private static String shown(YamlNode node) {
        if (node instanceof Scalar scalar) {
            return scalar.describe() + " \"" + scalar.text() + "\"";
        }
        return node.describe();
    }
}
