package dev.stowage.driver;

import java.util.regex.Pattern;

/**
 * The path rules of every driver, in one place. A path is absolute and {@code /}-separated, each
 * segment made of {@code A-Z a-z 0-9 . _ -}: it matches {@code ^(/[A-Za-z0-9._-]+)+$}. The root
 * {@code "/"} is a valid argument of {@code list} and {@code walk} only.
 *
 * <p>The segments {@code .} and {@code ..} match the pattern but are rejected too: a file system
 * would resolve them while an object store would not, so no backend could honour them alike, and
 * a path must never reach outside a driver's root.
 */
public final class StoragePath {

    /** The pattern every non-root path matches. */
    public static final Pattern PATTERN = Pattern.compile("^(/[A-Za-z0-9._-]+)+$");

    /** The root directory. */
    public static final String ROOT = "/";

    private StoragePath() {}

    /** Whether {@code path} is a valid non-root path. */
    public static boolean isValid(String path) {
        return path != null && PATTERN.matcher(path).matches() && !hasDotSegment(path);
    }

    /** Checks a non-root path. */
    public static String requireValid(String path) throws InvalidPathException {
        if (path == null) {
            throw new InvalidPathException(null, "null");
        }
        if (!isValid(path)) {
            throw new InvalidPathException(path, reason(path));
        }
        return path;
    }

    /** Checks a path that may also be the root. */
    public static String requireValidOrRoot(String path) throws InvalidPathException {
        if (ROOT.equals(path)) {
            return path;
        }
        return requireValid(path);
    }

    /** The parent of a valid non-root path; {@code "/"} for a top-level entry. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? ROOT : path.substring(0, slash);
    }

    /** The last segment of a valid non-root path. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The child {@code name} of {@code directory} (which may be the root). */
    public static String child(String directory, String name) {
        return ROOT.equals(directory) ? ROOT + name : directory + "/" + name;
    }

    /**
     * Whether {@code path} is {@code ancestor} or lies below it. {@code /a/b} is below {@code /a};
     * {@code /ab} is not. Everything is below the root.
     */
    public static boolean isSameOrBelow(String path, String ancestor) {
        if (ROOT.equals(ancestor)) {
            return true;
        }
        return path.equals(ancestor)
                || (path.length() > ancestor.length() && path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/');
    }

    /**
     * The key a path sorts by in walk order: a directory counts with a trailing {@code /}, so it
     * sorts right before its descendants.
     */
    public static String walkKey(String path, boolean isDirectory) {
        return isDirectory ? path + "/" : path;
    }

    private static String reason(String path) {
        if (path.isEmpty()) {
            return "empty";
        }
        if (ROOT.equals(path)) {
            return "the root is not allowed here";
        }
        if (path.charAt(0) != '/') {
            return "must start with '/'";
        }
        if (path.endsWith("/")) {
            return "must not end with '/'";
        }
        if (path.contains("//")) {
            return "empty segment";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!(c == '/' || c == '.' || c == '_' || c == '-' || (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return String.format("character %s at index %d is not one of A-Z a-z 0-9 . _ -",
                        Character.isISOControl(c) || Character.isWhitespace(c) ? String.format("U+%04X", (int) c) : "'" + c + "'", i);
            }
        }
        if (hasDotSegment(path)) {
            return "'.' and '..' segments are not allowed";
        }
        return "does not match " + PATTERN.pattern();
    }

    private static boolean hasDotSegment(String path) {
        return path.endsWith("/.") || path.endsWith("/..") || path.contains("/./") || path.contains("/../");
    }
}
