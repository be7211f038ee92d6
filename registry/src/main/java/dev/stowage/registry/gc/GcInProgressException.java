package dev.stowage.registry.gc;

import java.io.IOException;
import java.time.Instant;

/**
 * Another garbage collector holds the store's lease: only one runs at a time. Its lease runs out
 * at {@link #expires()} unless that collector is still running and renews it.
 */
public final class GcInProgressException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final transient Instant expires;

    GcInProgressException(String holder, String host, Instant expires) {
        super("another garbage collection is running on this store (lease " + holder + " held by " + host
                + ", until " + expires + " unless renewed); try again when it has finished");
        this.host = host;
        this.expires = expires;
    }

    /** The host and process of the collector that holds the lease. */
    public String host() {
        return host;
    }

    /** When its lease runs out unless renewed. */
    public Instant expires() {
        return expires;
    }
}
