package dev.stowage.driver.filesystem;

import dev.stowage.driver.TransferableStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * An input stream over an open file channel from its current position to its end. Each read into
 * the heap is capped at {@link #MAX_READ} bytes, which bounds the JDK's per-thread temporary
 * direct buffer; {@code skip} moves the position without reading. Also a
 * {@link ReadableByteChannel} over the same position, so that a caller with a direct buffer reads
 * the file into it with no copy through the heap; and a {@link TransferableStream} that hands its
 * target the file mapped into memory, {@link #MAPPED_PIECE} bytes at a time, so that a socket
 * takes the bytes straight from the page cache (one copy fewer than a read into a buffer, and no
 * buffer held). Each mapping is released as soon as the target took it all, so a transfer holds
 * at most one piece mapped; a mapping whose write failed is left to the garbage collector, in
 * case the target still holds it. The file is never written in place (content is replaced by
 * renaming), so a mapping never loses its pages under the reader.
 */
final class FileChannelInputStream extends InputStream implements ReadableByteChannel, TransferableStream {

    static final int MAX_READ = 1 << 20;
    /**
     * The most bytes one mapping covers: 1 MiB, as much as the registry writes to a connection at
     * once. On a 128 MiB blob sent to curl, 1 MiB and 8 MiB mappings took the same time.
     */
    static final int MAPPED_PIECE = 1 << 20;

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
    public long transferTo(long count, WritableByteChannel target) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        long position = channel.position();
        long end = Math.min(channel.size(), position + Math.min(count, Long.MAX_VALUE - position));
        long start = position;
        try {
            while (position < end) {
                MappedByteBuffer piece = channel.map(FileChannel.MapMode.READ_ONLY, position, Math.min(MAPPED_PIECE, end - position));
                while (piece.hasRemaining()) {
                    position += target.write(piece);
                }
                Unmapper.unmap(piece);
            }
        } finally {
            channel.position(position);
        }
        return position - start;
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
