package dev.stowage.driver.filesystem;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers of one size for writers, their addresses aligned as direct I/O needs (see
 * {@link DirectWrites}), kept for reuse up to a bound so that many short-lived writers neither
 * allocate nor leave direct memory for the garbage collector to find.
 */
final class BufferPool {

    private final int bufferSize;
    private final int alignment;
    private final ArrayBlockingQueue<ByteBuffer> idle;

    BufferPool(int bufferSize, int alignment, int retained) {
        this.bufferSize = bufferSize;
        this.alignment = alignment;
        this.idle = new ArrayBlockingQueue<>(retained);
    }

    int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer of {@link #bufferSize()} bytes. */
    ByteBuffer take() {
        ByteBuffer buffer = idle.poll();
        if (buffer != null) {
            return buffer;
        }
        return ByteBuffer.allocateDirect(bufferSize + alignment - 1).alignedSlice(alignment).limit(bufferSize).slice();
    }

    /** Returns a buffer taken from this pool; kept if there is room. */
    void give(ByteBuffer buffer) {
        buffer.clear();
        idle.offer(buffer);
    }
}
