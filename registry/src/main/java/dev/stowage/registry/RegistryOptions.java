package dev.stowage.registry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a {@link Registry} behaves where the Go registry's {@code config.yml} lets one choose.
 *
 * @param deleteEnabled whether blobs and manifests may be deleted through a repository; off by
 *     default, as in the Go registry ({@code storage.delete.enabled})
 * @param redirect whether blob reads are answered with the driver's redirect URL when it has
 *     one (the Go registry's {@code storage.redirect.disable} inverted); on by default
 * @param redirectExpiry how long a redirect URL stays valid at least, from when it is handed out
 *     (a URL is reused for a quarter of that, and asked of the driver for that much longer)
 * @param maxSmallBlobSize the largest blob {@code get} returns whole, in bytes
 * @param bufferSize the size of the buffer a streamed blob body is copied through, in bytes
 * @param maxManifestSize the largest manifest accepted, in bytes (4 MiB by default, as OCI
 *     registries commonly accept)
 * @param manifestUrlsAllow regular expressions a layer URL in a manifest must match one of (any
 *     part of the URL, as Go's {@code MatchString}); empty allows every http(s) URL. The Go
 *     registry's {@code validation.manifests.urls.allow}
 * @param manifestUrlsDeny regular expressions no layer URL may match; the Go registry's
 *     {@code validation.manifests.urls.deny}
 */
public record RegistryOptions(
        boolean deleteEnabled,
        boolean redirect,
        Duration redirectExpiry,
        long maxSmallBlobSize,
        int bufferSize,
        long maxManifestSize,
        List<String> manifestUrlsAllow,
        List<String> manifestUrlsDeny) {

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
        if (maxManifestSize <= 0 || maxManifestSize > maxSmallBlobSize) {
            throw new IllegalArgumentException("maxManifestSize must be positive and at most maxSmallBlobSize ("
                    + maxSmallBlobSize + "), not " + maxManifestSize);
        }
        manifestUrlsAllow = List.copyOf(manifestUrlsAllow);
        manifestUrlsDeny = List.copyOf(manifestUrlsDeny);
        for (String expression : manifestUrlsAllow) {
            compile(expression, "manifestUrlsAllow");
        }
        for (String expression : manifestUrlsDeny) {
            compile(expression, "manifestUrlsDeny");
        }
    }

    private static void compile(String expression, String option) {
        try {
            Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(option + ": invalid regular expression \"" + expression + "\": "
                    + e.getDescription(), e);
        }
    }

    /**
     * Deletes off, redirects on for 20 minutes, small blobs and manifests up to 4 MiB, 128 KiB
     * buffers, every http(s) layer URL allowed.
     */
    public static RegistryOptions defaults() {
        return new RegistryOptions(false, true, Duration.ofMinutes(20), 4L << 20, 128 << 10, 4L << 20, List.of(), List.of());
    }

    /** A copy with {@link #deleteEnabled()} set as given. */
    public RegistryOptions withDeleteEnabled(boolean value) {
        return new RegistryOptions(value, redirect, redirectExpiry, maxSmallBlobSize, bufferSize, maxManifestSize,
                manifestUrlsAllow, manifestUrlsDeny);
    }

    /** A copy with {@link #redirect()} set as given. */
    public RegistryOptions withRedirect(boolean value) {
        return new RegistryOptions(deleteEnabled, value, redirectExpiry, maxSmallBlobSize, bufferSize, maxManifestSize,
                manifestUrlsAllow, manifestUrlsDeny);
    }

    /** A copy with {@link #redirectExpiry()} set as given. */
    public RegistryOptions withRedirectExpiry(Duration value) {
        return new RegistryOptions(deleteEnabled, redirect, value, maxSmallBlobSize, bufferSize, maxManifestSize,
                manifestUrlsAllow, manifestUrlsDeny);
    }

    /** A copy with {@link #maxSmallBlobSize()} set as given (the manifest limit shrinks to match). */
    public RegistryOptions withMaxSmallBlobSize(long value) {
        return new RegistryOptions(deleteEnabled, redirect, redirectExpiry, value, bufferSize,
                Math.min(maxManifestSize, Math.max(1, value)), manifestUrlsAllow, manifestUrlsDeny);
    }

    /** A copy with {@link #bufferSize()} set as given. */
    public RegistryOptions withBufferSize(int value) {
        return new RegistryOptions(deleteEnabled, redirect, redirectExpiry, maxSmallBlobSize, value, maxManifestSize,
                manifestUrlsAllow, manifestUrlsDeny);
    }

    /** A copy with {@link #maxManifestSize()} set as given (the small-blob limit grows to match). */
    public RegistryOptions withMaxManifestSize(long value) {
        return new RegistryOptions(deleteEnabled, redirect, redirectExpiry, Math.max(maxSmallBlobSize, value), bufferSize,
                value, manifestUrlsAllow, manifestUrlsDeny);
    }

    /** A copy with the layer URL rules set as given. */
    public RegistryOptions withManifestUrls(List<String> allow, List<String> deny) {
        return new RegistryOptions(deleteEnabled, redirect, redirectExpiry, maxSmallBlobSize, bufferSize, maxManifestSize,
                allow, deny);
    }
}
