package dev.stowage.driver.inmemory;

import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.WholeContent;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A growable byte sequence in fixed-size chunks, so files can pass 2 GiB. Full chunks are never
 * changed again, so a frozen copy can share them.
 */
final class Content {

    static final int CHUNK = 64 * 1024;

    private final List<byte[]> chunks;
    private long size;

    Content() {
        this.chunks = new ArrayList<>();
    }

    /** Over {@code chunks} (full ones, the last possibly partial) holding {@code size} bytes; shares them. */
    Content(List<byte[]> chunks, long size) {
        this.chunks = chunks;
        this.size = size;
    }

    static Content of(byte[] bytes) {
        Content c = new Content();
        c.append(ByteBuffer.wrap(bytes));
        return c;
    }

    long size() {
        return size;
    }

    /** A copy that shares the full chunks and copies the partial last one. */
    Content copy() {
        List<byte[]> copied = new ArrayList<>(chunks);
        int last = copied.size() - 1;
        if (last >= 0 && size % CHUNK != 0) {
            copied.set(last, copied.get(last).clone());
        }
        return new Content(copied, size);
    }

    void append(ByteBuffer src) {
        while (src.hasRemaining()) {
            int inLast = (int) (size % CHUNK);
            if (inLast == 0) {
                chunks.add(new byte[CHUNK]);
            }
            byte[] last = chunks.get(chunks.size() - 1);
            int n = Math.min(src.remaining(), CHUNK - inLast);
            src.get(last, inLast, n);
            size += n;
        }
    }

    /**
     * The whole content in one new array; a content larger than an array holds is refused,
     * naming {@code path} and the size, before anything is allocated.
     */
    byte[] toByteArray(String path) throws StorageDriverException {
        WholeContent.requireArraySize(path, size);
        byte[] all = new byte[(int) size];
        read(0, all, 0, all.length);
        return all;
    }

    /** Copies up to {@code len} bytes from {@code offset}; returns the count, -1 at the end. */
    int read(long offset, byte[] dst, int off, int len) {
        if (offset >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - offset);
        int done = 0;
        while (done < n) {
            long at = offset + done;
            byte[] chunk = chunks.get((int) (at / CHUNK));
            int inChunk = (int) (at % CHUNK);
            int step = Math.min(n - done, CHUNK - inChunk);
            System.arraycopy(chunk, inChunk, dst, off + done, step);
            done += step;
        }
        return n;
    }

    /** A stream over a frozen content from {@code offset}. */
    InputStream stream(long offset) {
        return new InputStream() {
            private long position = offset;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                int n = Content.this.read(position, b, off, len);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public long skip(long n) {
                long skipped = Math.max(0, Math.min(n, size - position));
                position += skipped;
                return skipped;
            }

            @Override
            public int available() {
                return (int) Math.min(Integer.MAX_VALUE, size - position);
            }
        };
    }
}
