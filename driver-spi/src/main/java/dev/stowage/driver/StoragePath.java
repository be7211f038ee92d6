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
 *
 * <p>Lengths are bounded too: a segment has at most {@value #MAX_SEGMENT_LENGTH} characters and
 * a path at most {@value #MAX_PATH_LENGTH}, and every driver stores every path within both. The
 * backends bound them anyway (a file name of 255 bytes on ext4, a key of 1,024 bytes on S3 and
 * GCS, a blob name of 1,024 characters on Azure, each including the driver's root directory), and
 * each in its own way; the grammar refuses a longer path with {@link InvalidPathException} before
 * any backend sees it, so that a path is good on every driver or on none. The registry's longest
 * paths (a 255-character repository name, a 128-character tag, a SHA-512 digest) stay below
 * {@value #MAX_PATH_LENGTH}, which leaves 256 characters of a 1,024-byte key to a root directory.
 *
 * <p>Paths are case-sensitive: {@code /b} and {@code /B} are different files on every driver.
 */
public final class StoragePath {

    /** The pattern every non-root path matches. */
    public static final Pattern PATTERN = Pattern.compile("^(/[A-Za-z0-9._-]+)+$");

    /** The most characters a path segment has. */
    public static final int MAX_SEGMENT_LENGTH = 255;

    /** The most characters a path has, its leading {@code /} included. */
    public static final int MAX_PATH_LENGTH = 768;

    /** The root directory. */
    public static final String ROOT = "/";

    private StoragePath() {}

    /** Whether {@code path} is a valid non-root path. */
    public static boolean isValid(String path) {
        return path != null && path.length() <= MAX_PATH_LENGTH && PATTERN.matcher(path).matches()
                && !hasDotSegment(path) && longestSegment(path) <= MAX_SEGMENT_LENGTH;
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
        if (path.length() > MAX_PATH_LENGTH) {
            return "longer than " + MAX_PATH_LENGTH + " characters (" + path.length() + ")";
        }
        if (longestSegment(path) > MAX_SEGMENT_LENGTH) {
            return "a segment is longer than " + MAX_SEGMENT_LENGTH + " characters (" + longestSegment(path) + ")";
        }
        return "does not match " + PATTERN.pattern();
    }

    private static boolean hasDotSegment(String path) {
        return path.endsWith("/.") || path.endsWith("/..") || path.contains("/./") || path.contains("/../");
    }

    private static int longestSegment(String path) {
        int longest = 0;
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                longest = Math.max(longest, i - start);
                start = i + 1;
            }
        }
        return longest;
    }
}
