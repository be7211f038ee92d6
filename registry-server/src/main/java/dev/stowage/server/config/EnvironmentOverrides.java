package dev.stowage.server.config;

import dev.stowage.server.config.YamlNode.Mapping;
import dev.stowage.server.config.YamlNode.Scalar;
import dev.stowage.server.config.YamlNode.ScalarKind;
import dev.stowage.server.config.YamlNode.Sequence;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies {@code REGISTRY_*} and {@code STOWAGE_*} variables to the parsed document before binding,
 * by the rules of Go's {@code configuration/parser.go} (see {@link ServerConfigs}).
 */
final class EnvironmentOverrides {

    /** Prefixes, weakest first. */
    private static final String GO_PREFIX = "REGISTRY_";
    private static final String OWN_PREFIX = "STOWAGE_";

    /** Names that are variables of the command, not overrides. */
    private static final String CONFIGURATION_PATH = "CONFIGURATION_PATH";

    private EnvironmentOverrides() {
    }

    private record EnvOverride(String variable, String value) {
    }

    static void apply(Mapping document, Map<String, String> environment, Binding binding) throws ConfigException {
        // Sorted by name after the prefix: Go sorts lexically so that REGISTRY_STORAGE comes before
        // REGISTRY_STORAGE_S3_REGION; STOWAGE_X replaces REGISTRY_X.
        Map<String, EnvOverride> byName = new TreeMap<>();
        for (String prefix : new String[] {GO_PREFIX, OWN_PREFIX}) {
            environment.forEach((variable, value) -> {
                if (variable.startsWith(prefix) && variable.length() > prefix.length() && value != null) {
                    byName.put(variable.substring(prefix.length()), new EnvOverride(variable, value));
                }
            });
        }
        for (Map.Entry<String, EnvOverride> entry : byName.entrySet()) {
            String name = entry.getKey();
            EnvOverride override = entry.getValue();
            if (name.equals(CONFIGURATION_PATH)) {
                continue;
            }
            String[] parts = name.split("_", -1);
            if (parts[0].equalsIgnoreCase("version")) {
                binding.warn("environment variable " + override.variable()
                        + " is ignored: the version cannot be overridden");
                continue;
            }
            if (!ConfigBinder.TOP_LEVEL_KEYS.contains(parts[0].toLowerCase(Locale.ROOT))) {
                binding.warn("environment variable " + override.variable()
                        + " names no configuration section and is ignored");
                continue;
            }
            for (String part : parts) {
                if (part.isEmpty()) {
                    throw binding.error("", 0, "environment variable " + override.variable()
                            + ": empty part in the key path (two underscores in a row?)");
                }
            }
            String key = keyFor(document, parts[0]);
            YamlNode replaced = set(document.entries().get(key), parts, 1, key, override, binding);
            document.entries().put(key, replaced);
        }
    }

    /**
     * Returns the node to put at {@code path} after setting {@code parts[i..]} under
     * {@code current} (which may be null).
     */
    private static YamlNode set(YamlNode current, String[] parts, int i, String path, EnvOverride override,
            Binding binding) throws ConfigException {
        if (i == parts.length) {
            if (current instanceof Mapping mapping && !mapping.entries().isEmpty()
                    || current instanceof Sequence sequence && !sequence.items().isEmpty()) {
                binding.warn("environment variable " + override.variable() + " replaces the whole `" + path
                        + "` section of the file, as the Go registry does");
            }
            binding.setByEnvironment(path, override.variable());
            return value(override.value());
        }
        YamlNode container = current;
        if (YamlNode.isEmpty(container)) {
            container = new Mapping(0);
        } else if (container instanceof Scalar scalar && (path.equals("storage") || path.equals("auth"))) {
            // `storage: inmemory` is Go's short form of `storage: {inmemory: {}}`.
            container = ConfigBinder.expandShortForm(scalar);
        }
        String part = parts[i];
        if (container instanceof Mapping mapping) {
            String key = keyFor(mapping, part);
            String childPath = path + "." + key;
            YamlNode child = set(mapping.entries().get(key), parts, i + 1, childPath, override, binding);
            mapping.entries().put(key, child);
            return mapping;
        }
        if (container instanceof Sequence sequence) {
            int index;
            try {
                index = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw binding.error(path, 0, "environment variable " + override.variable()
                        + ": " + part + " is not a list index");
            }
            if (index < 0 || index > sequence.items().size()) {
                throw binding.error(path, 0, "environment variable " + override.variable() + ": index " + index
                        + " is past the end of the list (" + sequence.items().size() + " items)");
            }
            String childPath = path + "[" + index + "]";
            if (index == sequence.items().size()) {
                sequence.items().add(set(null, parts, i + 1, childPath, override, binding));
            } else {
                sequence.items().set(index, set(sequence.items().get(index), parts, i + 1, childPath, override, binding));
            }
            return sequence;
        }
        binding.setByEnvironment(path + "." + part.toLowerCase(Locale.ROOT), override.variable());
        throw binding.error(path, container.line(), "is " + container.describe() + ", so "
                + part.toLowerCase(Locale.ROOT) + " cannot be set under it");
    }

    /** The existing key that matches {@code part} ignoring case, else {@code part} in lower case (as Go). */
    private static String keyFor(Mapping mapping, String part) {
        for (String key : mapping.entries().keySet()) {
            if (key.equalsIgnoreCase(part)) {
                return key;
            }
        }
        return part.toLowerCase(Locale.ROOT);
    }

    /** The variable's value read as YAML, as Go does; text that is not YAML is taken as a string. */
    private static YamlNode value(String text) {
        try {
            return YamlReader.read(text);
        } catch (YamlReader.YamlException e) {
            return new Scalar(text, ScalarKind.STRING, 0);
        }
    }
}
