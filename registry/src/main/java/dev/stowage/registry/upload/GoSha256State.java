package dev.stowage.registry.upload;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 state in the layout of Go's {@code crypto/sha256} {@code digest.MarshalBinary}: the
 * magic {@code "sha\x03"}, the eight state words big-endian, the pending partial block
 * zero-padded to 64 bytes, and the number of bytes hashed as a big-endian 64-bit number.
 *
 * <p>Instances are built fresh for each save or restore and are not shared; the arrays are the
 * caller's to fill or read.
 */
final class GoSha256State {
    static final int SIZE = 4 + 32 + 64 + 8;
    static final int BLOCK = 64;
    /** SHA-256's initial state words (FIPS 180-4, 5.3.3). */
    static final int[] INITIAL_WORDS = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };
    /** SHA-256 hashes at most 2^64 - 1 bits. */
    static final long MAX_LENGTH = (1L << 61) - 1;

    private static final byte[] MAGIC = "sha\u0003".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] MAGIC_SHA224 = "sha\u0002".getBytes(StandardCharsets.ISO_8859_1);

    final int[] words;
    /** The first {@code length % 64} bytes are the pending partial block; the rest are zero. */
    final byte[] pending;
    final long length;

    GoSha256State(int[] words, byte[] pending, long length) {
        this.words = words;
        this.pending = pending;
        this.length = length;
    }

    int pendingLength() {
        return (int) (length % BLOCK);
    }

    byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(SIZE);
        out.put(MAGIC);
        for (int word : words) {
            out.putInt(word);
        }
        int nx = pendingLength();
        out.put(pending, 0, nx);
        out.position(out.position() + BLOCK - nx);
        out.putLong(length);
        return out.array();
    }

    static GoSha256State parse(byte[] state) throws InvalidHashStateException {
        if (state == null) {
            throw new InvalidHashStateException("SHA-256 hash state is missing (null)");
        }
        if (state.length != SIZE) {
            throw new InvalidHashStateException("SHA-256 hash state has " + state.length
                    + " bytes; Go's crypto/sha256 state has exactly " + SIZE);
        }
        ByteBuffer in = ByteBuffer.wrap(state);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (Arrays.equals(magic, MAGIC_SHA224)) {
            throw new InvalidHashStateException("hash state is a SHA-224 state (magic \"sha\\x02\"), not SHA-256");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new InvalidHashStateException("SHA-256 hash state does not start with the magic \"sha\\x03\" but with "
                    + "0x" + HexFormat.of().formatHex(magic));
        }
        int[] words = new int[8];
        for (int i = 0; i < words.length; i++) {
            words[i] = in.getInt();
        }
        byte[] pending = new byte[BLOCK];
        in.get(pending);
        long length = in.getLong();
        if (length < 0 || length > MAX_LENGTH) {
            throw new InvalidHashStateException("SHA-256 hash state claims " + Long.toUnsignedString(length)
                    + " bytes hashed, more than SHA-256 can hash (" + MAX_LENGTH + ")");
        }
        int nx = (int) (length % BLOCK);
        for (int i = nx; i < BLOCK; i++) {
            if (pending[i] != 0) {
                throw new InvalidHashStateException("SHA-256 hash state is inconsistent: its length " + length
                        + " leaves " + nx + " pending bytes, but pending byte " + i + " is not zero");
            }
        }
        if (length < BLOCK && !Arrays.equals(words, INITIAL_WORDS)) {
            throw new InvalidHashStateException("SHA-256 hash state is inconsistent: its length " + length
                    + " is less than one block, but its state words are not SHA-256's initial words");
        }
        return new GoSha256State(words, pending, length);
    }
}
