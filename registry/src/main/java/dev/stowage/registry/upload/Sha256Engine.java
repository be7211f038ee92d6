package dev.stowage.registry.upload;

/** One way of computing SHA-256 whose state can be exported and imported in Go's layout. */
interface Sha256Engine {
    /** Hashes {@code len} bytes of {@code b} from {@code off}; the range has been checked. */
    void update(byte[] b, int off, int len);

    /** Bytes hashed so far. */
    long length();

    /** The current state; later updates do not change what is returned. */
    GoSha256State state();

    /** The digest of everything hashed so far, without changing the state. */
    byte[] sum();
}
