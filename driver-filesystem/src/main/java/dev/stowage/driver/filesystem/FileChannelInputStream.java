package dev.stowage.driver.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * An input stream over an open file channel from its current position to its end. Each read into
 * the heap is capped at {@link #MAX_READ} bytes, which bounds the JDK's per-thread temporary
 * direct buffer; {@code skip} moves the position without reading. Also a
 * {@link ReadableByteChannel} over the same position, so that a caller with a direct buffer reads
 * the file into it with no copy through the heap.
 */
final class FileChannelInputStream extends InputStream implements ReadableByteChannel {

    static final int MAX_READ = 1 << 20;

    private final FileChannel channel;
    private byte[] single;

    FileChannelInputStream(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        if (single == null) {
            single = new byte[1];
        }
        int n = read(single, 0, 1);
        return n <= 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        return read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dst.isDirect() || dst.remaining() <= MAX_READ) {
            return channel.read(dst);
        }
        int limit = dst.limit();
        dst.limit(dst.position() + MAX_READ);
        try {
            return channel.read(dst);
        } finally {
            dst.limit(limit);
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long position = channel.position();
        long skipped = Math.min(n, Math.max(0, channel.size() - position));
        channel.position(position + skipped);
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - channel.position()));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
