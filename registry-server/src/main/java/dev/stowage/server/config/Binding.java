package dev.stowage.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one parse: the source's name, which key paths the environment set (so that errors
 * name the variable rather than a line of the file), and the warnings collected so far.
 */
final class Binding {

    private final String source;
    private final Map<String, String> environmentOrigins = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    Binding(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    /** Records that {@code variable} set the value at {@code path}. */
    void setByEnvironment(String path, String variable) {
        environmentOrigins.put(path, variable);
    }

    void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * An error at {@code path} (dotted; empty for the document), found at {@code line} of the source
     * (0 if unknown). If an environment variable set that path, one of its parents or one of its
     * children, the message names the variable instead of the line.
     */
    ConfigException error(String path, int line, String message) {
        String variable = variableFor(path);
        StringBuilder text = new StringBuilder(source);
        if (variable != null) {
            text.append(", environment variable ").append(variable);
        } else if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!path.isEmpty()) {
            text.append(path).append(": ");
        }
        text.append(message);
        return new ConfigException(source, path.isEmpty() ? null : path, text.toString());
    }

    private String variableFor(String path) {
        if (path.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, String> origin : environmentOrigins.entrySet()) {
            String set = origin.getKey();
            if (set.equals(path) || isBelow(path, set) || isBelow(set, path)) {
                return origin.getValue();
            }
        }
        return null;
    }

    private static boolean isBelow(String path, String ancestor) {
        return path.length() > ancestor.length() && path.startsWith(ancestor)
                && (path.charAt(ancestor.length()) == '.' || path.charAt(ancestor.length()) == '[');
    }
}
