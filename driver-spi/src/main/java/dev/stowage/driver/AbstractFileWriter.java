package dev.stowage.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The base of a driver's {@link FileWriter}: it keeps the writer's {@link State}, counts its
 * size, serialises every call on the writer, and enforces {@code FileWriter}'s rules, so that a
 * driver supplies only the backend steps: {@link #implWrite}, {@link #implClose},
 * {@link #implCommit}, {@link #implCancel} and, if it holds resources, {@link #implRelease}.
 *
 * <ul>
 *   <li>{@code write}, {@code commit} and {@code cancel} on a writer that is no longer
 *       {@link State#OPEN} throw a {@link StorageDriverException} that names the path and how the
 *       writer ended, and reach no backend step.
 *   <li>An empty {@code write} returns 0 and reaches no backend step: it is not an end.
 *   <li>{@code close} runs {@link #implClose} once, on an open writer only; on an ended writer it
 *       does nothing. A close whose backend step fails still leaves the writer
 *       {@link State#CLOSED}.
 *   <li>A commit or cancel whose backend step throws ends the writer too, in
 *       {@link State#COMMIT_FAILED} or {@link State#CANCEL_FAILED}: it is neither retried nor
 *       followed by another ending, and the backend holds whatever the failure left (a later
 *       {@code writer(path, false)} starts afresh over it).
 *   <li>A {@code write} whose backend step throws leaves the writer open; {@link #size()} counts
 *       the bytes the step took from the source before it failed, which the source's position
 *       shows too.
 *   <li>After any ending, failed or not, {@link #implRelease} runs once.
 *   <li>Given the driver's {@link Capabilities#maxFileSize()}, a {@code write} that would take the
 *       size past it throws a {@link StorageDriverException} naming the limit, takes none of that
 *       buffer's bytes and leaves the writer open (it may still commit or cancel).
 * </ul>
 *
 * <p>Subclasses are called with the writer's lock held and need no synchronisation of their own
 * for state they touch only from these steps.
 */
public abstract class AbstractFileWriter implements FileWriter {

    /** Where a writer is in its life: open, or ended one of five ways. */
    public enum State {
        /** Accepting writes. */
        OPEN(null),
        /** Closed without commit: the content is kept for {@code writer(path, true)}. */
        CLOSED("was already closed"),
        /** Committed: the content is readable at the path. */
        COMMITTED("was already committed"),
        /** Cancelled: the content is discarded. */
        CANCELLED("was already cancelled"),
        /** Ended by a commit that threw. */
        COMMIT_FAILED("ended with a failed commit"),
        /** Ended by a cancel that threw. */
        CANCEL_FAILED("ended with a failed cancel");

        private final String ending;

        State(String ending) {
            this.ending = ending;
        }
    }

    private final String path;
    private final long maxSize;
    private long size;
    private final long openedSize;
    private State state = State.OPEN;
    /** Whether {@link #implClose} returned: the close kept the session whole. */
    private boolean closeReturned;

    /**
     * An open writer for {@code path} that continues {@code size} bytes of earlier sessions (0 for
     * a fresh writer).
     *
     * @throws IllegalArgumentException if {@code size} is negative
     */
    protected AbstractFileWriter(String path, long size) {
        this(path, size, Long.MAX_VALUE);
    }

    /**
     * An open writer for {@code path} that continues {@code size} bytes of earlier sessions and
     * refuses any write that would take it past {@code maxSize}, the driver's
     * {@link Capabilities#maxFileSize()}. (Added so that every driver keeps the limit rule the same
     * way, in one place, rather than each checking it in its own write step.)
     *
     * @throws IllegalArgumentException if {@code size} is negative or {@code maxSize} is not positive
     */
    protected AbstractFileWriter(String path, long size, long maxSize) {
        this.path = Objects.requireNonNull(path, "path");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for a writer of " + path);
        }
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize must be positive, not " + maxSize + " for a writer of " + path);
        }
        this.size = size;
        this.openedSize = size;
        this.maxSize = maxSize;
    }

    /**
     * Appends the remaining bytes of {@code src} by {@link #implWrite}; returns how many, all of
     * them unless it throws. An empty {@code src} returns 0 and reaches no backend step.
     */
    @Override
    public final synchronized int write(ByteBuffer src) throws IOException {
        requireOpen("write");
        if (!src.hasRemaining()) {
            return 0;
        }
        if (src.remaining() > maxSize - size) {
            throw new StorageDriverException(null, path, "a write of " + src.remaining() + " bytes at size " + size
                    + " would pass maxFileSize " + maxSize);
        }
        int start = src.position();
        try {
            implWrite(src);
        } finally {
            size += src.position() - start;
        }
        return src.position() - start;
    }

    @Override
    public final synchronized long size() {
        return size;
    }

    @Override
    public final synchronized void commit() throws IOException {
        requireOpen("commit");
        end(State.COMMITTED, State.COMMIT_FAILED, this::implCommit);
    }

    @Override
    public final synchronized void cancel() throws IOException {
        requireOpen("cancel");
        end(State.CANCELLED, State.CANCEL_FAILED, this::implCancel);
    }

    /** Whether the writer is {@link State#OPEN}. */
    @Override
    public final synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    /** Ends an open writer by {@link #implClose}, keeping its content; does nothing on an ended one. */
    @Override
    public final synchronized void close() throws IOException {
        if (state == State.OPEN) {
            end(State.CLOSED, State.CLOSED, this::implClose);
            closeReturned = true;
        }
    }

    /** The path this writer writes. */
    protected final String path() {
        return path;
    }

    /** The writer's state. */
    protected final synchronized State state() {
        return state;
    }

    /**
     * Whether the backend holds the session as a {@link #sessionTag()} names it: closed by a close
     * that returned (what it kept), or open with nothing written yet (what the writer continues).
     */
    protected final synchronized boolean sessionSettled() {
        return (state == State.CLOSED && closeReturned) || (state == State.OPEN && size == openedSize);
    }

    /**
     * Takes every remaining byte of {@code src} (never empty; any kind of buffer, see
     * {@link FileWriter}), advancing its position. If it throws, the position must stand after the
     * bytes taken so far, which count as written.
     */
    protected abstract void implWrite(ByteBuffer src) throws IOException;

    /** Keeps everything written, earlier sessions included, for a later {@code writer(path, true)}. */
    protected abstract void implClose() throws IOException;

    /** Makes exactly the bytes written, earlier sessions included, readable at the path. */
    protected abstract void implCommit() throws IOException;

    /** Discards everything written, earlier sessions included. */
    protected abstract void implCancel() throws IOException;

    /**
     * Frees what the writer holds (buffers, channels, claims on the path). Runs once, after the
     * ending's step, however the writer ended; does nothing unless overridden.
     */
    protected void implRelease() throws IOException {}

    private void requireOpen(String operation) throws StorageDriverException {
        if (state != State.OPEN) {
            throw new StorageDriverException(null, path, operation + " on a writer that " + state.ending);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    /** Runs an ending's step in state {@code failed}, then moves to {@code ended} if it returned. */
    @SuppressWarnings("Finally") // finally throws only when the step did not fail; else it adds a suppressed one
    private void end(State ended, State failed, Step step) throws IOException {
        state = failed;
        Throwable failure = null;
        try {
            step.run();
            state = ended;
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            try {
                implRelease();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }
}
