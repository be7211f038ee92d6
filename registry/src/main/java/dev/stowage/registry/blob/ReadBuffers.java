package dev.stowage.registry.blob;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one size through which blob bodies go from storage to a connection. Up to
 * {@code kept} of them are kept for reuse, so that a busy server allocates few; any more are left
 * to the collector. A buffer given back must no longer be used by anyone. Thread-safe.
 */
final class ReadBuffers {

    private final int size;
    private final int kept;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();

    ReadBuffers(int size, int kept) {
        this.size = size;
        this.kept = kept;
    }

    /** The size of every buffer. */
    int size() {
        return size;
    }

    /** A cleared buffer of {@link #size()} bytes, kept or new. */
    ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            return ByteBuffer.allocateDirect(size);
        }
        freeCount.decrementAndGet();
        return buffer.clear();
    }

    /** Gives a buffer back for reuse; dropped when enough are kept already. */
    void give(ByteBuffer buffer) {
        if (freeCount.incrementAndGet() <= kept) {
            free.offer(buffer);
        } else {
            freeCount.decrementAndGet();
        }
    }
}
