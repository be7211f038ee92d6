package dev.stowage.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Collects a writer's bytes into parts of one size, for a backend that stores a file as a list of
 * uploaded parts (S3's multipart uploads, Azure's block lists). {@link #write} copies bytes from
 * any {@link ByteBuffer} (heap, direct or read-only, from its position); once the buffer holds a
 * whole part and another byte arrives, the whole part goes to the {@link PartConsumer} first. So
 * the buffer never holds more than one part, and the last part of a file stays buffered for the
 * writer to decide on at commit or close ({@link #flush}, or {@link #contents} to store it some
 * other way).
 *
 * <p>Memory grows with the bytes held, from 64 KiB (or the part size, if smaller) up to the part
 * size, and {@link #release} frees it. With a {@link BufferBudget}, the buffer takes a whole part
 * from the budget before it grows beyond its first 64 KiB (waiting for it, if the budget is
 * spent), and frees the memory and gives the part back once that part is shipped, or on
 * {@link #release}.
 *
 * <p>When the consumer throws, the part stays buffered and the exception passes to the caller of
 * {@code write} or {@code flush}; the source's position stands after the bytes taken, so the
 * caller may retry with the rest. Not thread-safe: the writer that owns it serialises its calls
 * (as {@link AbstractFileWriter} does).
 */
public final class PartBuffer {

    /** Receives one part: a read-only buffer of its bytes, valid until the consumer returns. */
    @FunctionalInterface
    public interface PartConsumer {
        void accept(ByteBuffer part) throws IOException;
    }

    private static final int FIRST_CAPACITY = 64 * 1024;
    private static final byte[] NONE = new byte[0];

    private final int partSize;
    private final BufferBudget budget;
    private final String path;
    private final PartConsumer consumer;
    private byte[] buffer = NONE;
    private int length;
    /** The part this buffer holds of the budget, or null. */
    private BufferBudget.Grant grant;
    /** Whether a budgeted part went out: the writer streams, so the next part is allocated whole at once. */
    private boolean shipped;

    /**
     * A buffer of parts of {@code partSize} bytes, each handed to {@code consumer}.
     *
     * @throws IllegalArgumentException if {@code partSize} is not positive
     */
    public PartBuffer(int partSize, PartConsumer consumer) {
        this(partSize, BufferBudget.unlimited(), "", consumer);
    }

    /**
     * A buffer of parts of {@code partSize} bytes for the writer of {@code path}, each handed to
     * {@code consumer}, that takes its memory beyond the first 64 KiB from {@code budget}.
     *
     * @throws IllegalArgumentException if {@code partSize} is not positive
     */
    public PartBuffer(int partSize, BufferBudget budget, String path, PartConsumer consumer) {
        if (partSize <= 0) {
            throw new IllegalArgumentException("part size must be positive, not " + partSize);
        }
        this.partSize = partSize;
        this.budget = Objects.requireNonNull(budget, "budget");
        this.path = Objects.requireNonNull(path, "path");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    /** The size of a whole part. */
    public int partSize() {
        return partSize;
    }

    /**
     * Takes every remaining byte of {@code src}, handing each whole part to the consumer when a
     * byte beyond it arrives.
     *
     * @throws StorageDriverException if the budget had no part to spare within its wait; the bytes
     *     taken until then stay buffered and the source's position stands after them
     */
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (length == partSize) {
                flush();
            }
            reserve((int) Math.min(partSize, (long) length + src.remaining()));
            int n = Math.min(src.remaining(), buffer.length - length);
            src.get(buffer, length, n);
            length += n;
        }
    }

    /** How many bytes are buffered, at most {@link #partSize()}. */
    public int size() {
        return length;
    }

    /** The buffered bytes, read-only; valid until the next call that changes this buffer. */
    public ByteBuffer contents() {
        return ByteBuffer.wrap(buffer, 0, length).slice().asReadOnlyBuffer();
    }

    /** Hands the buffered bytes, if any, to the consumer as a part (a short one, possibly) and empties the buffer. */
    public void flush() throws IOException {
        if (length > 0) {
            consumer.accept(contents());
            length = 0;
            if (grant != null) { // the part is shipped: its memory goes back, so that waiting writers take turns
                release();
                shipped = true;
            }
        }
    }

    /** Drops the buffered bytes, frees the memory and gives its part back to the budget; the buffer may be written again. */
    public void release() {
        buffer = NONE;
        length = 0;
        if (grant != null) {
            grant.close();
            grant = null;
        }
    }

    private void reserve(int capacity) throws IOException {
        if (capacity > buffer.length) {
            if (grant == null && capacity > FIRST_CAPACITY) {
                grant = budget.take(partSize, path);
            }
            long grown = shipped && grant != null ? partSize : Math.max(capacity, Math.max(FIRST_CAPACITY, 2L * buffer.length));
            byte[] larger = new byte[(int) Math.min(partSize, grown)];
            System.arraycopy(buffer, 0, larger, 0, length);
            buffer = larger;
        }
    }
}
