package dev.stowage.driver.filesystem;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers of one size for writers, kept for reuse up to a bound so that many short-lived
 * writers neither allocate nor leave direct memory for the garbage collector to find.
 */
final class BufferPool {

    private final int bufferSize;
    private final ArrayBlockingQueue<ByteBuffer> idle;

    BufferPool(int bufferSize, int retained) {
        this.bufferSize = bufferSize;
        this.idle = new ArrayBlockingQueue<>(retained);
    }

    int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer of {@link #bufferSize()} bytes. */
    ByteBuffer take() {
        ByteBuffer buffer = idle.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(bufferSize);
    }

    /** Returns a buffer taken from this pool; kept if there is room. */
    void give(ByteBuffer buffer) {
        buffer.clear();
        idle.offer(buffer);
    }
}
