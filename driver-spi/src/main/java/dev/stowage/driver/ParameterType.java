package dev.stowage.driver;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a parameter's value is read from YAML, environment variables or code. Each type accepts its
 * Java class as it is and converts text, since environment variables are always text.
 */
public enum ParameterType {
    /** A {@link String}; numbers and booleans are taken as their text. */
    STRING,
    /** A {@link Boolean}; text {@code true} or {@code false}, any case. */
    BOOLEAN,
    /** A {@link Long}; any integral number, or its decimal text. */
    INTEGER,
    /**
     * A byte count as a {@link Long}: a number, or text such as {@code 5242880}, {@code 10MiB},
     * {@code 10M}, {@code 512KiB}, {@code 1GiB} (binary units).
     */
    SIZE,
    /**
     * A {@link Duration}: Go-style text such as {@code 500ms}, {@code 30s}, {@code 20m},
     * {@code 1h30m}, ISO-8601 such as {@code PT20M}, or a number of seconds.
     */
    DURATION;

    private static final Pattern SIZE_TEXT = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    /**
     * Converts {@code value} to this type's Java class.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public Object convert(Object value) {
        return switch (this) {
            case STRING -> {
                if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                    yield value.toString();
                }
                throw expected("a string", value);
            }
            case BOOLEAN -> {
                if (value instanceof Boolean) {
                    yield value;
                }
                if (value instanceof String text) {
                    String t = text.trim().toLowerCase(Locale.ROOT);
                    if (t.equals("true") || t.equals("false")) {
                        yield Boolean.valueOf(t);
                    }
                }
                throw expected("true or false", value);
            }
            case INTEGER -> {
                if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                    yield ((Number) value).longValue();
                }
                if (value instanceof String text) {
                    try {
                        yield Long.parseLong(text.trim());
                    } catch (NumberFormatException e) {
                        // fall through
                    }
                }
                throw expected("an integer", value);
            }
            case SIZE -> {
                if (value instanceof Long || value instanceof Integer) {
                    long n = ((Number) value).longValue();
                    if (n >= 0) {
                        yield n;
                    }
                }
                if (value instanceof String text) {
                    Matcher m = SIZE_TEXT.matcher(text.trim());
                    if (m.matches()) {
                        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                            case "k" -> 10;
                            case "m" -> 20;
                            case "g" -> 30;
                            case "t" -> 40;
                            default -> 0;
                        };
                        try {
                            long n = Long.parseLong(m.group(1));
                            if (n <= (Long.MAX_VALUE >> shift)) {
                                yield n << shift;
                            }
                        } catch (NumberFormatException e) {
                            // fall through
                        }
                    }
                }
                throw expected("a byte size such as 10485760 or 10MiB", value);
            }
            case DURATION -> {
                if (value instanceof Duration) {
                    yield value;
                }
                if (value instanceof Long || value instanceof Integer) {
                    yield Duration.ofSeconds(((Number) value).longValue());
                }
                if (value instanceof String text) {
                    Duration d = parseDuration(text.trim());
                    if (d != null) {
                        yield d;
                    }
                }
                throw expected("a duration such as 30s, 20m or PT20M", value);
            }
        };
    }

    private static Duration parseDuration(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (text.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        Matcher m = GO_DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        return end == text.length() ? total : null;
    }

    private static IllegalArgumentException expected(String what, Object value) {
        String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        String kind = value == null ? "" : " (" + value.getClass().getSimpleName() + ")";
        return new IllegalArgumentException("expected " + what + ", got " + shown + kind);
    }
}
