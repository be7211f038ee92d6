package dev.stowage.driver;

/**
 * What a driver declares it can do. The conformance kit reads these and asserts the declared
 * behaviour; it never skips a case silently.
 *
 * @param redirect whether {@link StorageDriver#redirectUrl} returns URLs
 * @param appendToCommitted whether {@code writer(path, true)} appends to non-empty committed
 *     content; when false it throws {@link UnsupportedMethodException} there
 * @param maxFileSize the largest file the backend stores, in bytes
 * @param minPartSize the smallest unit the backend uploads in (0 when it has none); a writer
 *     buffers at most about this much before a part goes out
 * @param maxPartSize the largest unit the backend uploads in ({@link Long#MAX_VALUE} when none)
 */
public record Capabilities(
        boolean redirect,
        boolean appendToCommitted,
        long maxFileSize,
        long minPartSize,
        long maxPartSize) {

    public Capabilities {
        if (maxFileSize <= 0) {
            throw new IllegalArgumentException("maxFileSize must be positive, not " + maxFileSize);
        }
        if (minPartSize < 0 || maxPartSize <= 0 || minPartSize > maxPartSize) {
            throw new IllegalArgumentException(
                    "part sizes must satisfy 0 <= min <= max, not min " + minPartSize + ", max " + maxPartSize);
        }
    }

    /** No redirects, no append to committed content, no size or part limits. */
    public static Capabilities basic() {
        return new Capabilities(false, false, Long.MAX_VALUE, 0, Long.MAX_VALUE);
    }

    /** A copy with {@link #redirect()} set as given. */
    public Capabilities withRedirect(boolean value) {
        return new Capabilities(value, appendToCommitted, maxFileSize, minPartSize, maxPartSize);
    }

    /** A copy with {@link #appendToCommitted()} set as given. */
    public Capabilities withAppendToCommitted(boolean value) {
        return new Capabilities(redirect, value, maxFileSize, minPartSize, maxPartSize);
    }

    /** A copy with {@link #maxFileSize()} set as given. */
    public Capabilities withMaxFileSize(long value) {
        return new Capabilities(redirect, appendToCommitted, value, minPartSize, maxPartSize);
    }

    /** A copy with the part-size limits set as given. */
    public Capabilities withPartSizes(long min, long max) {
        return new Capabilities(redirect, appendToCommitted, maxFileSize, min, max);
    }
}
