package dev.stowage.driver;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * A read-only {@link SeekableByteChannel} over one file of a driver, for a caller that already
 * knows the file's size (from a descriptor, say). It never calls {@code stat}: it opens
 * {@code reader(path, position)} on the first read, keeps that stream while reads are sequential,
 * and reopens after a seek. Reading ends at the given size even if the file is longer; a file
 * shorter than the given size fails the read that reaches its end with an {@link EOFException}.
 *
 * <p>Not thread-safe; one reader per thread.
 */
public final class FileReader implements SeekableByteChannel {

    private final StorageDriver driver;
    private final String path;
    private final long size;
    private InputStream stream; // positioned at streamPosition, or null
    private long streamPosition;
    private long position;
    private boolean open = true;
    private byte[] transfer = new byte[0];

    /**
     * A reader of {@code size} bytes of {@code path}.
     *
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public FileReader(StorageDriver driver, String path, long size) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.path = Objects.requireNonNull(path, "path");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + path);
        }
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        if (stream != null && streamPosition != position) {
            closeStream();
        }
        if (stream == null) {
            stream = driver.reader(path, position);
            streamPosition = position;
        }
        int want = (int) Math.min(dst.remaining(), size - position);
        int n;
        if (dst.hasArray()) {
            n = stream.read(dst.array(), dst.arrayOffset() + dst.position(), want);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
        } else {
            if (transfer.length < Math.min(want, 64 * 1024)) {
                transfer = new byte[Math.min(want, 64 * 1024)];
            }
            n = stream.read(transfer, 0, Math.min(want, transfer.length));
            if (n > 0) {
                dst.put(transfer, 0, n);
            }
        }
        if (n < 0) {
            throw new EOFException(path + ": file ended at " + position + " bytes, before the expected size " + size);
        }
        position += n;
        streamPosition += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    /** Moves to {@code newPosition}; a position past the size makes reads return end of stream. */
    @Override
    public FileReader position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    /** The size given at construction. */
    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            closeStream();
        }
    }

    /**
     * An {@link InputStream} view from the current position; reading it moves this channel's
     * position, and closing it closes the channel.
     */
    public InputStream asInputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                return FileReader.this.read(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public long skip(long n) throws IOException {
                if (n <= 0) {
                    return 0;
                }
                long skipped = Math.min(n, Math.max(0, size - position));
                position += skipped;
                return skipped;
            }

            @Override
            public int available() {
                return 0;
            }

            @Override
            public void close() throws IOException {
                FileReader.this.close();
            }
        };
    }

    private void closeStream() throws IOException {
        InputStream s = stream;
        stream = null;
        if (s != null) {
            s.close();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
