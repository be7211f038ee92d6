package dev.stowage.driver;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What a caller of {@link StorageDriver#redirectUrl} wants to do with the URL.
 *
 * @param method {@code GET} or {@code HEAD}
 * @param expiry how long the URL must stay valid; positive
 */
public record RedirectRequest(String method, Duration expiry) {

    public RedirectRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(expiry, "expiry");
        method = method.toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new IllegalArgumentException("redirect method must be GET or HEAD, not " + method);
        }
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("redirect expiry must be positive, not " + expiry);
        }
    }

    /** A GET valid for {@code expiry}. */
    public static RedirectRequest get(Duration expiry) {
        return new RedirectRequest("GET", expiry);
    }

    /** A HEAD valid for {@code expiry}. */
    public static RedirectRequest head(Duration expiry) {
        return new RedirectRequest("HEAD", expiry);
    }
}
