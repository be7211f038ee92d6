package dev.stowage.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code log} section.
 *
 * @param level {@code log.level}, else the deprecated top-level {@code loglevel}, else {@code info}
 * @param formatter {@code log.formatter}, default {@code text}
 * @param fields {@code log.fields}: static fields added to every log line, in file order; values are
 *     strings, or nested maps and lists of strings as written
 * @param accessLogDisabled {@code log.accesslog.disabled}
 */
public record LogSettings(LogLevel level, LogFormatter formatter, Map<String, Object> fields, boolean accessLogDisabled) {

    public LogSettings {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(formatter, "formatter");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Info level, text formatter, no fields, access log on. */
    public static LogSettings defaults() {
        return new LogSettings(LogLevel.INFO, LogFormatter.TEXT, Map.of(), false);
    }
}
