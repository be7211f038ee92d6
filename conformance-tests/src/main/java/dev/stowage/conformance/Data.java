package dev.stowage.conformance;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.SplittableRandom;
import org.opentest4j.AssertionFailedError;

/**
 * Content helpers of the kit, public for drivers' own tests: seeded random content streamed
 * into a writer without holding it ({@link SeededBytes}), a stream's size and SHA-256
 * ({@link #digest}), small contents written in pieces ({@link #write}).
 */
public final class Data {

    private Data() {}

    static byte[] random(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /**
     * Writes all of {@code content} in pieces of at most {@code chunk} bytes; a short write is
     * continued, never dropped.
     */
    public static void write(FileWriter writer, byte[] content, int chunk) throws IOException {
        for (int at = 0; at < content.length; at += chunk) {
            writeWhole(writer, ByteBuffer.wrap(content, at, Math.min(chunk, content.length - at)));
        }
    }

    /**
     * Writes every remaining byte of {@code piece}, continuing a short write; each write must
     * return exactly the number of bytes it took (its advance of the position), and a write of a
     * non-empty buffer that takes nothing fails rather than loops.
     */
    static void writeWhole(FileWriter writer, ByteBuffer piece) throws IOException {
        while (piece.hasRemaining()) {
            int before = piece.position();
            int returned = writer.write(piece);
            int taken = piece.position() - before;
            if (returned != taken || taken <= 0) {
                throw new AssertionFailedError("FileWriter.write of " + (piece.limit() - before) + " remaining bytes returned "
                        + returned + " and moved the buffer's position by " + taken
                        + "; it must take the bytes, return how many, and advance the position by as many");
            }
        }
    }

    /** Writes {@code size} seeded pseudo-random bytes in 1 MiB pieces and returns their SHA-256, never holding them whole. */
    static String writeStream(FileWriter writer, long seed, long size) throws IOException {
        SeededBytes bytes = new SeededBytes(seed);
        bytes.writeTo(writer, size, 1 << 20);
        return bytes.digest().sha256();
    }

    /**
     * An endless sequence of pseudo-random bytes from a seed, appended to writers piece by piece
     * and digested as it goes, so that a file of any size is written (in one writer session or
     * several) with no more than one piece in memory. The same seed and the same piece sizes give
     * the same bytes. Not thread-safe.
     */
    public static final class SeededBytes {
        private final SplittableRandom random;
        private final MessageDigest digest = sha256();
        private byte[] buffer = new byte[0];
        private long size;

        public SeededBytes(long seed) {
            this.random = new SplittableRandom(seed);
        }

        /**
         * Appends the next {@code count} bytes to {@code writer} in pieces of {@code piece} bytes
         * (the last one shorter), each written whole: a short write is continued, never dropped.
         *
         * @throws IllegalArgumentException if {@code count < 0} or {@code piece < 1}
         */
        public void writeTo(FileWriter writer, long count, int piece) throws IOException {
            if (count < 0 || piece < 1) {
                throw new IllegalArgumentException("writeTo needs count >= 0 and piece >= 1, got count " + count
                        + ", piece " + piece);
            }
            if (buffer.length < piece) {
                buffer = new byte[piece];
            }
            for (long left = count; left > 0; ) {
                int n = (int) Math.min(piece, left);
                fill(random, buffer, n);
                digest.update(buffer, 0, n);
                writeWhole(writer, ByteBuffer.wrap(buffer, 0, n));
                size += n;
                left -= n;
            }
        }

        /** The size and SHA-256 of every byte written so far. */
        public Digest digest() {
            try {
                return new Digest(size, HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest()));
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
            }
        }
    }

    /**
     * The bytes at {@code offsets} (each below {@code size}) of the
     * stream {@link #writeStream} wrote from {@code seed}, {@code length} bytes from each
     * (fewer at the end), regenerated in one pass without holding the stream.
     */
    static byte[][] seededWindows(long seed, long size, long[] offsets, int length) {
        SplittableRandom generator = new SplittableRandom(seed);
        byte[] buffer = new byte[1 << 20];
        byte[][] windows = new byte[offsets.length][];
        for (int i = 0; i < offsets.length; i++) {
            windows[i] = new byte[(int) Math.min(length, size - offsets[i])];
        }
        long last = 0;
        for (int i = 0; i < offsets.length; i++) {
            last = Math.max(last, offsets[i] + windows[i].length);
        }
        for (long at = 0; at < last; at += buffer.length) {
            int n = (int) Math.min(buffer.length, size - at);
            long end = at + n;
            fill(generator, buffer, n);
            for (int i = 0; i < offsets.length; i++) {
                long from = Math.max(at, offsets[i]);
                long to = Math.min(end, offsets[i] + windows[i].length);
                if (from < to) {
                    System.arraycopy(buffer, (int) (from - at), windows[i], (int) (from - offsets[i]), (int) (to - from));
                }
            }
        }
        return windows;
    }

    private static void fill(SplittableRandom random, byte[] buffer, int n) {
        int i = 0;
        while (i + 8 <= n) {
            long v = random.nextLong();
            for (int k = 0; k < 8; k++) {
                buffer[i++] = (byte) (v >>> (8 * k));
            }
        }
        while (i < n) {
            buffer[i++] = (byte) random.nextInt();
        }
    }

    /**
     * The size of some bytes and their SHA-256.
     *
     * @param size the number of bytes
     * @param sha256 their SHA-256, lower-case hex
     */
    public record Digest(long size, String sha256) {}

    /** Reads {@code in} to its end, returning the byte count and SHA-256; closes it. */
    public static Digest digest(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        long size = 0;
        try (in) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new Digest(size, HexFormat.of().formatHex(digest.digest()));
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    /** Reads the whole stream; only for contents the kit made small. Closes it. */
    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    static byte[] read(StorageDriver driver, String path, long offset) throws IOException {
        return readAll(driver.reader(path, offset));
    }

    static String describe(byte[] content) {
        if (content == null) {
            return "null";
        }
        return content.length + " bytes (sha256 " + sha256(content).substring(0, 12) + ")";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
