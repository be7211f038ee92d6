package dev.stowage.driver;

import java.util.Optional;

/**
 * Where an object-store driver keeps its paths: the {@code rootdirectory} parameter turned into a
 * prefix of object keys, the same way in every such driver (and as the Go registry's drivers do).
 * A path {@code /a/b} under the root directory {@code /registry} is the key {@code registry/a/b};
 * without a root directory it is {@code a/b}.
 *
 * <p>The root directory is read as a path whose leading and trailing slashes are optional:
 * {@code registry}, {@code /registry} and {@code /registry/} are the same root, and the empty
 * text (or {@code /}) is the top of the bucket or container. Otherwise it must follow the path
 * rules of {@link StoragePath}, so that every key below it maps back to a path.
 *
 * @param value empty, or the root directory without a leading slash and with a trailing one
 *     (e.g. {@code registry/}); every key of the driver starts with it
 */
public record KeyPrefix(String value) {

    /** The name of the parameter a prefix is made from. */
    public static final String PARAMETER = "rootdirectory";

    /** The prefix of no root directory: keys are the paths without their leading slash. */
    public static final KeyPrefix NONE = new KeyPrefix("");

    public KeyPrefix {
        if (!value.isEmpty() && (!value.endsWith("/") || !StoragePath.isValid("/" + value.substring(0, value.length() - 1)))) {
            throw new IllegalArgumentException("a key prefix is empty or a valid path without its leading slash and with a "
                    + "trailing one, not '" + value + "'");
        }
    }

    /**
     * The prefix of the {@value #PARAMETER} parameter of {@code parameters} (a
     * {@link ParameterType#STRING} that has a default, normally {@code ""}).
     *
     * @throws InvalidParameterException naming {@value #PARAMETER} and what is wrong with it
     */
    public static KeyPrefix of(DriverParameters parameters) throws InvalidParameterException {
        String rootDirectory = parameters.getString(PARAMETER);
        String trimmed = rootDirectory.trim();
        int from = 0;
        int to = trimmed.length();
        while (from < to && trimmed.charAt(from) == '/') {
            from++;
        }
        while (to > from && trimmed.charAt(to - 1) == '/') {
            to--;
        }
        trimmed = trimmed.substring(from, to);
        if (trimmed.isEmpty()) {
            return NONE;
        }
        if (!StoragePath.isValid("/" + trimmed)) {
            throw parameters.invalid(PARAMETER, "'" + rootDirectory + "' is not a root directory: give /-separated "
                    + "segments of A-Z a-z 0-9 . _ - (no empty, '.' or '..' segment), such as /registry");
        }
        return new KeyPrefix(trimmed + "/");
    }

    /** The key of a valid non-root path. */
    public String key(String path) {
        return value + path.substring(1);
    }

    /**
     * The prefix shared by the keys of everything below {@code path}, a valid path or the root:
     * {@code key(path) + "/"}, or {@link #value()} for the root.
     */
    public String below(String path) {
        return StoragePath.ROOT.equals(path) ? value : key(path) + "/";
    }

    /**
     * The path a key stands for: empty when the key lies outside this prefix or does not map to a
     * valid path (such as a driver's hidden keys, which hold a character no path can).
     */
    public Optional<String> path(String key) {
        if (!key.startsWith(value) || key.length() == value.length()) {
            return Optional.empty();
        }
        String path = "/" + key.substring(value.length());
        return StoragePath.isValid(path) ? Optional.of(path) : Optional.empty();
    }
}
