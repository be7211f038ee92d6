package dev.stowage.registry.upload;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A SHA-256 computation whose state can be saved after any byte and restored later, in another
 * request or another process, in the format of Go's {@code crypto/sha256}
 * {@code digest.MarshalBinary}: the Go registry's {@code _uploads/<id>/hashstates/sha256/<offset>}
 * files. A state saved here can be restored by Go, and the other way round.
 *
 * <p>On the hot path the JDK's own (intrinsified) SHA-256 does the hashing where the JVM opens
 * {@code java.base/sun.security.provider} to this code ({@code --add-opens
 * java.base/sun.security.provider=ALL-UNNAMED}) and its internals are the ones this class was
 * checked against; otherwise a pure-Java SHA-256 gives the same results, more slowly. Which one is
 * in use is decided once, when this class is initialised, and is told by {@link #implementation()};
 * the system property {@code stowage.registry.sha256=portable} forces the pure-Java one.
 *
 * <p>Instances are not thread-safe.
 */
public final class ResumableSha256 {
    /** The system property that, set to {@code portable}, turns the JDK's SHA-256 off. */
    static final String IMPLEMENTATION_PROPERTY = "stowage.registry.sha256";

    /** The ways of hashing; package-private so that tests can pick one. */
    enum Implementation {
        JDK("jdk"),
        PORTABLE("portable");

        final String label;

        Implementation(String label) {
            this.label = label;
        }
    }

    private static final Implementation DEFAULT = chooseDefault();

    /** Buffers without an accessible array are hashed through a heap copy of at most this many bytes. */
    private static final int COPY_CHUNK = 16 * 1024;

    private final Sha256Engine engine;
    private byte[] copyChunk;

    private ResumableSha256(Sha256Engine engine) {
        this.engine = engine;
    }

    /** A fresh SHA-256, nothing hashed yet. */
    public static ResumableSha256 create() {
        return create(DEFAULT);
    }

    /**
     * A SHA-256 that continues from a state saved by {@link #marshalBinary()} or by Go's
     * {@code crypto/sha256} {@code MarshalBinary}.
     *
     * @throws InvalidHashStateException if the bytes are not such a state (wrong size, wrong magic,
     *     a length that does not fit the rest); the message says which
     */
    public static ResumableSha256 restore(byte[] goState) throws InvalidHashStateException {
        return restore(goState, DEFAULT);
    }

    static ResumableSha256 create(Implementation implementation) {
        return new ResumableSha256(switch (implementation) {
            case JDK -> new JdkSha256();
            case PORTABLE -> new PortableSha256();
        });
    }

    static ResumableSha256 restore(byte[] goState, Implementation implementation) throws InvalidHashStateException {
        GoSha256State state = GoSha256State.parse(goState);
        return new ResumableSha256(switch (implementation) {
            case JDK -> new JdkSha256(state);
            case PORTABLE -> new PortableSha256(state);
        });
    }

    /**
     * Hashes the remaining bytes of {@code src} (heap, direct or read-only) and leaves its position
     * at its limit.
     */
    public void update(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        if (src.hasArray()) {
            engine.update(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
            return;
        }
        int wanted = Math.min(COPY_CHUNK, src.remaining());
        if (copyChunk == null || copyChunk.length < wanted) {
            copyChunk = new byte[wanted];
        }
        while (src.hasRemaining()) {
            int n = Math.min(src.remaining(), copyChunk.length);
            src.get(copyChunk, 0, n);
            engine.update(copyChunk, 0, n);
        }
    }

    /** Hashes {@code len} bytes of {@code b} from {@code off}. */
    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(b, "b").length);
        engine.update(b, off, len);
    }

    /** The number of bytes hashed so far, including those hashed before the state was restored. */
    public long length() {
        return engine.length();
    }

    /**
     * The current state as Go's {@code crypto/sha256} {@code digest.MarshalBinary} writes it: 108
     * bytes, restorable by {@link #restore(byte[])} and by Go.
     */
    public byte[] marshalBinary() {
        return engine.state().toBytes();
    }

    /** The SHA-256 of everything hashed so far (32 bytes); the state is unchanged, more may follow. */
    public byte[] sum() {
        return engine.sum();
    }

    /** {@code "jdk"} when the JDK's SHA-256 does the hashing, {@code "portable"} when pure Java does. */
    public static String implementation() {
        return DEFAULT.label;
    }

    static Implementation defaultImplementation() {
        return DEFAULT;
    }

    /** Null when the JDK's SHA-256 can be used here, else why not. */
    static String jdkUnavailableReason() {
        return JdkSha256.unavailableReason();
    }

    private static Implementation chooseDefault() {
        if (Implementation.PORTABLE.label.equals(System.getProperty(IMPLEMENTATION_PROPERTY))) {
            return Implementation.PORTABLE;
        }
        return JdkSha256.unavailableReason() == null ? Implementation.JDK : Implementation.PORTABLE;
    }
}
