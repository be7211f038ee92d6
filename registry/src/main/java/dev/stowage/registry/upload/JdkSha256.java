package dev.stowage.registry.upload;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;

/**
 * SHA-256 done by the JDK's own {@code sun.security.provider.SHA2$SHA256} (whose block function
 * HotSpot replaces with SHA-NI/AVX2 code), with its state read and written through the fields of
 * {@code DigestBase} and {@code SHA2}. That takes {@code --add-opens
 * java.base/sun.security.provider=ALL-UNNAMED} (or to this module) and the field layout of
 * OpenJDK 17 to 25:
 *
 * <ul>
 *   <li>{@code DigestBase}: {@code byte[] buffer} (the pending partial block), {@code int bufOfs}
 *       (how many bytes of it are pending), {@code long bytesProcessed} (all bytes hashed; -1
 *       after a digest, which only ever happens here on a clone), {@code final void
 *       engineUpdate(byte[], int, int)}, {@code final byte[] engineDigest()}, public {@code
 *       clone()};
 *   <li>{@code SHA2}: {@code int[] state} (the eight words H0..H7).
 * </ul>
 *
 * <p>Whether all this is there and gives the same results as {@link PortableSha256} is checked
 * once, when this class is initialised; {@link #unavailableReason()} says why not when it does not.
 */
final class JdkSha256 implements Sha256Engine {
    private static final String SPI_CLASS = "sun.security.provider.SHA2$SHA256";

    private static final MethodHandle NEW_SPI;
    private static final MethodHandle ENGINE_UPDATE;
    private static final MethodHandle ENGINE_DIGEST;
    private static final VarHandle BUFFER;
    private static final VarHandle BUF_OFS;
    private static final VarHandle BYTES_PROCESSED;
    private static final VarHandle STATE;
    private static final String UNAVAILABLE_REASON;

    static {
        MethodHandle newSpi = null;
        MethodHandle engineUpdate = null;
        MethodHandle engineDigest = null;
        VarHandle buffer = null;
        VarHandle bufOfs = null;
        VarHandle bytesProcessed = null;
        VarHandle state = null;
        String reason;
        try {
            Provider.Service service = sunSha256Service();
            Class<?> spiClass = service.newInstance(null).getClass();
            if (!spiClass.getName().equals(SPI_CLASS)) {
                throw new UnsupportedOperationException("the SUN provider's SHA-256 is " + spiClass.getName()
                        + ", not " + SPI_CLASS);
            }
            Class<?> sha2 = spiClass.getSuperclass();
            Class<?> digestBase = sha2.getSuperclass();
            MethodHandles.Lookup base = MethodHandles.privateLookupIn(digestBase, MethodHandles.lookup());
            MethodHandles.Lookup words = MethodHandles.privateLookupIn(sha2, MethodHandles.lookup());
            newSpi = base.findConstructor(spiClass, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(MessageDigestSpi.class));
            engineUpdate = base.findVirtual(digestBase, "engineUpdate",
                            MethodType.methodType(void.class, byte[].class, int.class, int.class))
                    .asType(MethodType.methodType(void.class, MessageDigestSpi.class, byte[].class, int.class, int.class));
            engineDigest = base.findVirtual(digestBase, "engineDigest", MethodType.methodType(byte[].class))
                    .asType(MethodType.methodType(byte[].class, MessageDigestSpi.class));
            buffer = base.findVarHandle(digestBase, "buffer", byte[].class);
            bufOfs = base.findVarHandle(digestBase, "bufOfs", int.class);
            bytesProcessed = base.findVarHandle(digestBase, "bytesProcessed", long.class);
            state = words.findVarHandle(sha2, "state", int[].class);
            reason = null;
        } catch (ReflectiveOperationException | GeneralSecurityException | RuntimeException | LinkageError e) {
            reason = e.toString();
        }
        NEW_SPI = newSpi;
        ENGINE_UPDATE = engineUpdate;
        ENGINE_DIGEST = engineDigest;
        BUFFER = buffer;
        BUF_OFS = bufOfs;
        BYTES_PROCESSED = bytesProcessed;
        STATE = state;
        UNAVAILABLE_REASON = reason != null ? reason : selfCheck();
    }

    private final MessageDigestSpi spi;

    JdkSha256() {
        this.spi = newSpi();
    }

    JdkSha256(GoSha256State restored) {
        this.spi = newSpi();
        int nx = restored.pendingLength();
        System.arraycopy(restored.words, 0, words(spi), 0, 8);
        System.arraycopy(restored.pending, 0, buffer(spi), 0, nx);
        BUF_OFS.set(spi, nx);
        BYTES_PROCESSED.set(spi, restored.length);
    }

    /** Null when this engine works in this JVM, else why it does not. */
    static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    @Override
    public void update(byte[] b, int off, int len) {
        try {
            ENGINE_UPDATE.invokeExact(spi, b, off, len);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("JDK SHA-256 update failed", e);
        }
    }

    @Override
    public long length() {
        return (long) BYTES_PROCESSED.get(spi);
    }

    @Override
    public GoSha256State state() {
        long length = length();
        int nx = (int) BUF_OFS.get(spi);
        byte[] pending = new byte[GoSha256State.BLOCK];
        System.arraycopy(buffer(spi), 0, pending, 0, nx);
        return new GoSha256State(words(spi).clone(), pending, length);
    }

    @Override
    public byte[] sum() {
        try {
            MessageDigestSpi copy = (MessageDigestSpi) spi.clone();
            return (byte[]) ENGINE_DIGEST.invokeExact(copy);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("JDK SHA-256 digest failed", e);
        }
    }

    private static Provider.Service sunSha256Service() throws NoSuchAlgorithmException {
        Provider sun = Security.getProvider("SUN");
        Provider.Service service = sun == null ? null : sun.getService("MessageDigest", "SHA-256");
        if (service == null) {
            throw new NoSuchAlgorithmException("no SHA-256 in the SUN provider");
        }
        return service;
    }

    private static MessageDigestSpi newSpi() {
        // While the self-check runs (in this class's initialiser) the reason still reads null.
        if (UNAVAILABLE_REASON != null) {
            throw new IllegalStateException("the JDK SHA-256 cannot be used here: " + UNAVAILABLE_REASON);
        }
        try {
            return (MessageDigestSpi) NEW_SPI.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the JDK SHA-256", e);
        }
    }

    private static byte[] buffer(MessageDigestSpi spi) {
        return (byte[]) BUFFER.get(spi);
    }

    private static int[] words(MessageDigestSpi spi) {
        return (int[]) STATE.get(spi);
    }

    /**
     * Hashes inputs of several lengths in several chunkings, saves and restores states both ways
     * with {@link PortableSha256}, and compares states and digests with it and with {@link
     * MessageDigest}; returns null when all agree, else what did not.
     */
    private static String selfCheck() {
        try {
            byte[] data = new byte[1000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31 + 7);
            }
            for (int len : new int[] {0, 3, 64, 200, 1000}) {
                for (int split : new int[] {0, 1, 63, 64, 130}) {
                    int head = Math.min(split, len);
                    byte[] want = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(data, len));
                    JdkSha256 jdk = new JdkSha256();
                    PortableSha256 portable = new PortableSha256();
                    jdk.update(data, 0, head);
                    portable.update(data, 0, head);
                    byte[] jdkState = jdk.state().toBytes();
                    if (!Arrays.equals(jdkState, portable.state().toBytes())) {
                        return "JDK SHA-256 state after " + head + " bytes differs from the portable one";
                    }
                    JdkSha256 resumed = new JdkSha256(GoSha256State.parse(jdkState));
                    resumed.update(data, head, len - head);
                    PortableSha256 crossed = new PortableSha256(GoSha256State.parse(jdkState));
                    crossed.update(data, head, len - head);
                    jdk.update(data, head, len - head);
                    byte[] jdkSum = jdk.sum();
                    // sum() digests a clone, so asking again must give the same digest
                    if (!Arrays.equals(want, jdkSum) || !Arrays.equals(jdkSum, jdk.sum())
                            || !Arrays.equals(want, resumed.sum()) || !Arrays.equals(want, crossed.sum())
                            || resumed.length() != len
                            || !Arrays.equals(resumed.state().toBytes(), crossed.state().toBytes())) {
                        return "JDK SHA-256 through its state gives a wrong digest for " + len + " bytes split at "
                                + head;
                    }
                }
            }
            return null;
        } catch (Exception | LinkageError e) {
            return "JDK SHA-256 self-check failed: " + e;
        }
    }
}
