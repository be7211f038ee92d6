package dev.stowage.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Registry} behaves where the Go registry's {@code config.yml} lets one choose.
 *
 * @param deleteEnabled whether blobs (and later manifests) may be deleted through a repository;
 *     off by default, as in the Go registry ({@code storage.delete.enabled})
 * @param redirect whether blob reads are answered with the driver's redirect URL when it has
 *     one (the Go registry's {@code storage.redirect.disable} inverted); on by default
 * @param redirectExpiry how long a redirect URL stays valid
 * @param maxSmallBlobSize the largest blob {@code get} returns whole, in bytes
 * @param bufferSize the size of the buffer a streamed blob body is copied through, in bytes
 */
public record RegistryOptions(
        boolean deleteEnabled,
        boolean redirect,
        Duration redirectExpiry,
        long maxSmallBlobSize,
        int bufferSize) {

    public RegistryOptions {
        Objects.requireNonNull(redirectExpiry, "redirectExpiry");
        if (redirectExpiry.isNegative() || redirectExpiry.isZero()) {
            throw new IllegalArgumentException("redirectExpiry must be positive, not " + redirectExpiry);
        }
        if (maxSmallBlobSize < 0 || maxSmallBlobSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxSmallBlobSize must be between 0 and 2 GiB, not " + maxSmallBlobSize);
        }
        if (bufferSize < 512) {
            throw new IllegalArgumentException("bufferSize must be at least 512 bytes, not " + bufferSize);
        }
    }

    /** Deletes off, redirects on for 20 minutes, small blobs up to 4 MiB, 128 KiB buffers. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(false, true, Duration.ofMinutes(20), 4L << 20, 128 << 10);
    }

    /** A copy with {@link #deleteEnabled()} set as given. */
    public RegistryOptions withDeleteEnabled(boolean value) {
        return new RegistryOptions(value, redirect, redirectExpiry, maxSmallBlobSize, bufferSize);
    }

    /** A copy with {@link #redirect()} set as given. */
    public RegistryOptions withRedirect(boolean value) {
        return new RegistryOptions(deleteEnabled, value, redirectExpiry, maxSmallBlobSize, bufferSize);
    }

    /** A copy with {@link #redirectExpiry()} set as given. */
    public RegistryOptions withRedirectExpiry(Duration value) {
        return new RegistryOptions(deleteEnabled, redirect, value, maxSmallBlobSize, bufferSize);
    }

    /** A copy with {@link #maxSmallBlobSize()} set as given. */
    public RegistryOptions withMaxSmallBlobSize(long value) {
        return new RegistryOptions(deleteEnabled, redirect, redirectExpiry, value, bufferSize);
    }

    /** A copy with {@link #bufferSize()} set as given. */
    public RegistryOptions withBufferSize(int value) {
        return new RegistryOptions(deleteEnabled, redirect, redirectExpiry, maxSmallBlobSize, value);
    }
}
