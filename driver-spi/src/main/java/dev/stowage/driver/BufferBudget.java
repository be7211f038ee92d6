package dev.stowage.driver;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The most bytes the {@link PartBuffer}s of one driver's writers may hold at once, so that a
 * process with many uploads in flight holds a bounded amount of buffer memory whatever their
 * number. A driver that buffers parts makes one budget (from its {@code buffermemory} parameter)
 * and gives it to every part buffer it creates.
 *
 * <p>A part buffer holds its first 64 KiB without asking; to grow beyond that it takes a whole
 * part from the budget at once and gives it back once that part is shipped or its writer ends,
 * so that writers waiting for memory take turns part by part. A writer whose backend
 * client buffers for it (a resumable upload channel) {@linkplain #take takes} that client's
 * buffer size before its first byte, and closes the {@link Grant} when it ends. Taking a whole part, never
 * a piece, is what keeps writers from blocking each other for good: a writer either holds no more
 * than 64 KiB or can fill and ship its part without asking again. So the bytes held are at most
 * the budget plus 64 KiB for each open writer, and the budget must be at least one part.
 *
 * <p>When the budget is spent, a writer that needs a part waits, in arrival order, until another
 * writer ships a part or ends; after {@link #maxWait()} it fails with a
 * {@link BufferMemoryExhaustedException} naming the budget. A writer's last part goes back only when the
 * writer ends (commit, cancel or close), so writers must always be ended. Thread-safe.
 */
public final class BufferBudget {

    /**
     * How long a writer waits for buffer memory by default before it fails: less than the 30
     * seconds after which HTTP servers commonly drop a connection whose body is not being read,
     * so that a server can answer the request itself.
     */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(20);

    private static final BufferBudget UNLIMITED = new BufferBudget(Long.MAX_VALUE, Duration.ZERO);

    private final long limit;
    private final Duration maxWait;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition returned = lock.newCondition();
    private long taken;
    private int waiting;

    private BufferBudget(long limit, Duration maxWait) {
        this.limit = limit;
        this.maxWait = maxWait;
    }

    /**
     * A budget of {@code bytes}, for which a writer waits at most {@code maxWait}.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive or {@code maxWait} is negative
     */
    public static BufferBudget of(long bytes, Duration maxWait) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a buffer budget must be positive, not " + bytes + " bytes");
        }
        if (Objects.requireNonNull(maxWait, "maxWait").isNegative()) {
            throw new IllegalArgumentException("the wait for buffer memory must not be negative: " + maxWait);
        }
        return new BufferBudget(bytes, maxWait);
    }

    /**
     * The budget a driver's size parameter {@code key} asks for (keys are named
     * {@code buffermemory} by convention), for parts of {@code partSize} bytes: the value given, or
     * when the key is unset a quarter of the JVM's maximum heap ({@code -Xmx}) but at least one part;
     * writers wait at most {@link #DEFAULT_MAX_WAIT} for it.
     *
     * @throws InvalidParameterException if the value given is less than one part
     */
    public static BufferBudget fromParameter(DriverParameters parameters, String key, long partSize)
            throws InvalidParameterException {
        Optional<Long> given = parameters.findSize(key);
        if (given.isPresent() && given.get() < partSize) {
            throw parameters.invalid(key, "must be at least one part (chunksize, " + partSize + " bytes), not "
                    + given.get() + " bytes: a writer holds a whole part");
        }
        return of(given.orElse(Math.max(partSize, Runtime.getRuntime().maxMemory() / 4)), DEFAULT_MAX_WAIT);
    }

    /** A budget that never runs out (for a driver that bounds its memory some other way). */
    public static BufferBudget unlimited() {
        return UNLIMITED;
    }

    /** The most bytes this budget hands out at once. */
    public long limit() {
        return limit;
    }

    /** How long a writer waits for memory before it fails. */
    public Duration maxWait() {
        return maxWait;
    }

    /** The bytes handed out and not yet returned. */
    public long inUse() {
        lock.lock();
        try {
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code bytes} for the writer of {@code path}, waiting up to {@link #maxWait()} for
     * other writers to return theirs; closing the grant gives them back.
     *
     * @throws BufferMemoryExhaustedException if the wait ran out
     * @throws StorageDriverException if {@code bytes} is more than the whole budget
     * @throws InterruptedIOException if the thread was interrupted while waiting
     */
    public Grant take(long bytes, String path) throws IOException {
        if (this != UNLIMITED) {
            await(bytes, path);
        }
        return new Grant(bytes);
    }

    /** Bytes taken from a budget, given back once by {@link #close()}. */
    public final class Grant implements AutoCloseable {
        private final long bytes;
        private boolean open = true;

        private Grant(long bytes) {
            this.bytes = bytes;
        }

        /** How many bytes this grant holds. */
        public long bytes() {
            return bytes;
        }

        /** Gives the bytes back to the budget; does nothing the second time. */
        @Override
        public synchronized void close() {
            if (open) {
                open = false;
                give(bytes);
            }
        }
    }

    private void await(long bytes, String path) throws IOException {
        if (bytes > limit) {
            throw new StorageDriverException(null, path, "a part of " + bytes + " bytes is more than the whole buffer"
                    + " memory of " + limit + " bytes (buffermemory must be at least one part)");
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        lock.lock();
        try {
            waiting++;
            try {
                while (limit - taken < bytes) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new BufferMemoryExhaustedException(path, "waited " + maxWait.toSeconds() + " s for "
                                + bytes + " bytes of buffer memory, but open writers hold " + taken + " of its "
                                + limit + " bytes (buffermemory) and " + (waiting - 1) + " other writers wait");
                    }
                    returned.await(left, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for buffer memory for " + path);
            } finally {
                waiting--;
            }
            taken += bytes;
        } finally {
            lock.unlock();
        }
    }

    private void give(long bytes) {
        if (this == UNLIMITED) {
            return;
        }
        lock.lock();
        try {
            taken -= bytes;
            returned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return this == UNLIMITED ? "BufferBudget[unlimited]" : "BufferBudget[" + inUse() + " of " + limit + " bytes in use]";
    }
}
