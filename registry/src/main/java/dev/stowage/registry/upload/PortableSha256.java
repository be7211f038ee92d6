package dev.stowage.registry.upload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** SHA-256 (FIPS 180-4) in plain Java; its state is its own, so it can always be saved and restored. */
final class PortableSha256 implements Sha256Engine {
    private static final VarHandle BIG_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int BLOCK = GoSha256State.BLOCK;

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    };

    private final int[] h;
    private final byte[] pending = new byte[BLOCK];
    private final int[] w = new int[64];
    private long length;

    PortableSha256() {
        this.h = GoSha256State.INITIAL_WORDS.clone();
    }

    PortableSha256(GoSha256State state) {
        this.h = state.words.clone();
        System.arraycopy(state.pending, 0, pending, 0, state.pendingLength());
        this.length = state.length;
    }

    private PortableSha256(PortableSha256 other) {
        this.h = other.h.clone();
        System.arraycopy(other.pending, 0, pending, 0, BLOCK);
        this.length = other.length;
    }

    @Override
    public void update(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        int nx = (int) (length % BLOCK);
        length += len;
        if (nx > 0) {
            int n = Math.min(len, BLOCK - nx);
            System.arraycopy(b, off, pending, nx, n);
            off += n;
            len -= n;
            if (nx + n < BLOCK) {
                return;
            }
            compress(pending, 0);
        }
        while (len >= BLOCK) {
            compress(b, off);
            off += BLOCK;
            len -= BLOCK;
        }
        System.arraycopy(b, off, pending, 0, len);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public GoSha256State state() {
        byte[] block = new byte[BLOCK];
        System.arraycopy(pending, 0, block, 0, (int) (length % BLOCK));
        return new GoSha256State(h.clone(), block, length);
    }

    @Override
    public byte[] sum() {
        return new PortableSha256(this).finish();
    }

    /** Pads and finishes this (throw-away) instance. */
    private byte[] finish() {
        long bits = length << 3;
        int nx = (int) (length % BLOCK);
        byte[] tail = new byte[nx < 56 ? BLOCK - nx : 2 * BLOCK - nx];
        tail[0] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            tail[tail.length - 1 - i] = (byte) (bits >>> (8 * i));
        }
        update(tail, 0, tail.length);
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            BIG_ENDIAN_INT.set(out, 4 * i, h[i]);
        }
        return out;
    }

    /**
     * One 64-byte block into {@link #h}. The rounds are written out eight at a time with the
     * working variables' roles rotating instead of their values (FIPS 180-4, 6.2.2, step 3: after
     * eight rounds each variable is back in its place), so no round shuffles eight registers.
     */
    private void compress(byte[] block, int off) {
        int[] w = this.w;
        for (int t = 0; t < 16; t++) {
            w[t] = (int) BIG_ENDIAN_INT.get(block, off + 4 * t);
        }
        for (int t = 16; t < 64; t++) {
            int w15 = w[t - 15];
            int w2 = w[t - 2];
            int s0 = Integer.rotateRight(w15, 7) ^ Integer.rotateRight(w15, 18) ^ (w15 >>> 3);
            int s1 = Integer.rotateRight(w2, 17) ^ Integer.rotateRight(w2, 19) ^ (w2 >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = h[0];
        int b = h[1];
        int c = h[2];
        int d = h[3];
        int e = h[4];
        int f = h[5];
        int g = h[6];
        int k = h[7];
        for (int t = 0; t < 64; t += 8) {
            k += sigma1(e) + choose(e, f, g) + K[t] + w[t];
            d += k;
            k += sigma0(a) + majority(a, b, c);
            g += sigma1(d) + choose(d, e, f) + K[t + 1] + w[t + 1];
            c += g;
            g += sigma0(k) + majority(k, a, b);
            f += sigma1(c) + choose(c, d, e) + K[t + 2] + w[t + 2];
            b += f;
            f += sigma0(g) + majority(g, k, a);
            e += sigma1(b) + choose(b, c, d) + K[t + 3] + w[t + 3];
            a += e;
            e += sigma0(f) + majority(f, g, k);
            d += sigma1(a) + choose(a, b, c) + K[t + 4] + w[t + 4];
            k += d;
            d += sigma0(e) + majority(e, f, g);
            c += sigma1(k) + choose(k, a, b) + K[t + 5] + w[t + 5];
            g += c;
            c += sigma0(d) + majority(d, e, f);
            b += sigma1(g) + choose(g, k, a) + K[t + 6] + w[t + 6];
            f += b;
            b += sigma0(c) + majority(c, d, e);
            a += sigma1(f) + choose(f, g, k) + K[t + 7] + w[t + 7];
            e += a;
            a += sigma0(b) + majority(b, c, d);
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += k;
    }

    private static int sigma0(int x) {
        return Integer.rotateRight(x, 2) ^ Integer.rotateRight(x, 13) ^ Integer.rotateRight(x, 22);
    }

    private static int sigma1(int x) {
        return Integer.rotateRight(x, 6) ^ Integer.rotateRight(x, 11) ^ Integer.rotateRight(x, 25);
    }

    private static int choose(int x, int y, int z) {
        return z ^ (x & (y ^ z));
    }

    private static int majority(int x, int y, int z) {
        return (x & y) | (z & (x | y));
    }
}
