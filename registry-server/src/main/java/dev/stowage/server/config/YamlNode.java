package dev.stowage.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a parsed YAML document, with the line it starts on (0 when it came from the
 * environment). Mappings and sequences are mutable so that environment overrides can be applied in
 * place before binding; nothing outside this package sees them.
 */
sealed interface YamlNode {

    /** 1-based line in the source, or 0 when the node did not come from a file. */
    int line();

    /** A short name of the node's kind for error messages ("a string", "a map", ...). */
    String describe();

    /** How a scalar was resolved by the YAML 1.1 rules (plain {@code yes} is a boolean, {@code '5'} a string). */
    enum ScalarKind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    /**
     * A scalar, keeping its text exactly as written (so {@code 0123} stays {@code 0123} when read
     * as a string, as Go's YAML decoder does).
     */
    record Scalar(String text, ScalarKind kind, int line) implements YamlNode {
        boolean isNull() {
            return kind == ScalarKind.NULL;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case FLOAT -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "an empty value";
            };
        }
    }

    /** A mapping with string keys, in document order, with the line of each key (absent when set from the environment). */
    record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line) implements YamlNode {
        Mapping(int line) {
            this(new LinkedHashMap<>(), new LinkedHashMap<>(), line);
        }

        /** The line of {@code key}, else of its value, else of this map. */
        int lineOf(String key) {
            Integer keyLine = keyLines.get(key);
            if (keyLine != null) {
                return keyLine;
            }
            YamlNode value = entries.get(key);
            return value != null ? value.line() : line;
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A sequence. */
    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        Sequence(int line) {
            this(new ArrayList<>(), line);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A null scalar at {@code line}. */
    static Scalar nothing(int line) {
        return new Scalar("", ScalarKind.NULL, line);
    }

    /** Whether {@code node} is absent or an empty YAML value. */
    static boolean isEmpty(YamlNode node) {
        return node == null || node instanceof Scalar scalar && scalar.isNull();
    }
}
