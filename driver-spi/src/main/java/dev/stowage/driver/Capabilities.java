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
 * @param exclusiveWriters whether an open writer holds its path against every other writer, in
 *     this process and in any other process sharing the store: while it is open,
 *     {@code writer(path, true)} for the same path throws an {@link java.io.IOException}. When
 *     false, two processes may continue one uncommitted writer at once (the contract still
 *     forbids interleaved committed content, but a caller that keeps its own record of what was
 *     written, as a registry's hash state, cannot rely on that record matching the data)
 * @param atomicCommit whether a writer's bytes show at its path only once {@link
 *     FileWriter#commit()} returns, all at once: until then (while the writer is open, after it is
 *     closed or cancelled, or if the process dies) reads, {@code stat}, {@code list} and
 *     {@code walk} see the path's earlier content, or nothing if it had none, and no byte of the
 *     new. A caller may then write a file straight at its final path and decide at the end whether
 *     it is published (a registry writes a blob whose digest it was told where the blob goes, and
 *     commits only if the bytes match). When false, the path may show part of the new content
 *     before the commit
 */
public record Capabilities(
        boolean redirect,
        boolean appendToCommitted,
        long maxFileSize,
        long minPartSize,
        long maxPartSize,
        boolean exclusiveWriters,
        boolean atomicCommit) {

    public Capabilities {
        if (maxFileSize <= 0) {
            throw new IllegalArgumentException("maxFileSize must be positive, not " + maxFileSize);
        }
        if (minPartSize < 0 || maxPartSize <= 0 || minPartSize > maxPartSize) {
            throw new IllegalArgumentException(
                    "part sizes must satisfy 0 <= min <= max, not min " + minPartSize + ", max " + maxPartSize);
        }
    }

    /**
     * The capabilities as declared before {@link #atomicCommit()} existed: commits not declared
     * atomic.
     */
    public Capabilities(boolean redirect, boolean appendToCommitted, long maxFileSize, long minPartSize,
                        long maxPartSize, boolean exclusiveWriters) {
        this(redirect, appendToCommitted, maxFileSize, minPartSize, maxPartSize, exclusiveWriters, false);
    }

    /**
     * The capabilities as declared before {@link #exclusiveWriters()} existed: writers not
     * declared exclusive, commits not declared atomic.
     */
    public Capabilities(boolean redirect, boolean appendToCommitted, long maxFileSize, long minPartSize,
                        long maxPartSize) {
        this(redirect, appendToCommitted, maxFileSize, minPartSize, maxPartSize, false, false);
    }

    /**
     * No redirects, no append to committed content, no size or part limits, writers not
     * exclusive, commits not atomic.
     */
    public static Capabilities basic() {
        return new Capabilities(false, false, Long.MAX_VALUE, 0, Long.MAX_VALUE, false, false);
    }

    /** A copy with {@link #redirect()} set as given. */
    public Capabilities withRedirect(boolean value) {
        return new Capabilities(value, appendToCommitted, maxFileSize, minPartSize, maxPartSize, exclusiveWriters, atomicCommit);
    }

    /** A copy with {@link #appendToCommitted()} set as given. */
    public Capabilities withAppendToCommitted(boolean value) {
        return new Capabilities(redirect, value, maxFileSize, minPartSize, maxPartSize, exclusiveWriters, atomicCommit);
    }

    /** A copy with {@link #maxFileSize()} set as given. */
    public Capabilities withMaxFileSize(long value) {
        return new Capabilities(redirect, appendToCommitted, value, minPartSize, maxPartSize, exclusiveWriters, atomicCommit);
    }

    /** A copy with the part-size limits set as given. */
    public Capabilities withPartSizes(long min, long max) {
        return new Capabilities(redirect, appendToCommitted, maxFileSize, min, max, exclusiveWriters, atomicCommit);
    }

    /** A copy with {@link #exclusiveWriters()} set as given. */
    public Capabilities withExclusiveWriters(boolean value) {
        return new Capabilities(redirect, appendToCommitted, maxFileSize, minPartSize, maxPartSize, value, atomicCommit);
    }

    /** A copy with {@link #atomicCommit()} set as given. */
    public Capabilities withAtomicCommit(boolean value) {
        return new Capabilities(redirect, appendToCommitted, maxFileSize, minPartSize, maxPartSize, exclusiveWriters, value);
    }
}
