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

/** Content helpers of the kit: seeded random bytes, streamed writes and reads, digests. */
final class Data {

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

    /** Writes all of {@code content} in pieces of at most {@code chunk} bytes. */
    static void write(FileWriter writer, byte[] content, int chunk) throws IOException {
        for (int at = 0; at < content.length; at += chunk) {
            ByteBuffer buffer = ByteBuffer.wrap(content, at, Math.min(chunk, content.length - at));
            while (buffer.hasRemaining()) {
                writer.write(buffer);
            }
        }
    }

    /** Writes {@code size} seeded pseudo-random bytes in 1 MiB pieces and returns their SHA-256, never holding them whole. */
    static String writeStream(FileWriter writer, long seed, long size) throws IOException {
        MessageDigest digest = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[1 << 20];
        long left = size;
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            fill(random, buffer, n);
            digest.update(buffer, 0, n);
            ByteBuffer piece = ByteBuffer.wrap(buffer, 0, n);
            while (piece.hasRemaining()) {
                writer.write(piece);
            }
            left -= n;
        }
        return HexFormat.of().formatHex(digest.digest());
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

    record Digest(long size, String sha256) {}

    /** Reads {@code in} to its end, returning the byte count and SHA-256; closes it. */
    static Digest digest(InputStream in) throws IOException {
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
