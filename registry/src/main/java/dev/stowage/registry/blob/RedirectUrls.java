package dev.stowage.registry.blob;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The driver's redirect URLs for blob {@code GET}s, each asked for once and handed out for a
 * while: signing one costs real CPU (on S3 two thirds of a redirected {@code GET}'s time in a
 * freshly started server; an RSA signature on GCS), and one URL serves every client that fetches
 * the blob meanwhile. A URL is asked for the registry's expiry plus a quarter of it and handed out
 * during that first quarter only, so every client still gets at least the registry's expiry
 * (within the longest the driver grants). At most {@value #KEPT} URLs are kept, least recently
 * used first out. Thread-safe.
 */
final class RedirectUrls {

    /** How many URLs are kept at most: some 4 MiB of memory. */
    static final int KEPT = 4096;

    private final StorageDriver driver;
    private final RedirectRequest request;
    private final Cache<String, URI> urls;

    /** URLs from {@code driver}, valid for at least {@code expiry} when handed out, timed by {@code clock}. */
    RedirectUrls(StorageDriver driver, Duration expiry, Clock clock) {
        Duration reuse = expiry.dividedBy(4);
        this.driver = driver;
        this.request = RedirectRequest.get(expiry.plus(reuse));
        this.urls = Caffeine.newBuilder()
                .maximumSize(KEPT)
                .expireAfterWrite(reuse)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    /** A URL to {@code GET} the file at {@code path} from, or empty if the driver has none. */
    Optional<URI> get(String path) throws IOException {
        URI kept = urls.getIfPresent(path);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<URI> url = driver.redirectUrl(path, request);
        url.ifPresent(u -> urls.put(path, u));
        return url;
    }
}
