package dev.stowage.driver.azure;

import com.azure.storage.blob.models.UserDelegationKey;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The user delegation key a driver with token credentials signs its SAS with. A key is fetched
 * with the longest life the service grants and reused for every SAS that expires at least
 * {@link #MARGIN} before the key does; a SAS that would outlive it gets a fresh key. Thread-safe.
 */
final class DelegationKeys {

    /** Asks the service for a key valid from {@code start} to {@code expiry}. */
    @FunctionalInterface
    interface Fetcher {
        UserDelegationKey fetch(OffsetDateTime start, OffsetDateTime expiry);
    }

    /** The longest life of a user delegation key. */
    static final Duration LIFETIME = AzureSettings.MAX_REDIRECT_EXPIRY;
    /** How long before its key's expiry a SAS must expire, for clocks that disagree. */
    static final Duration MARGIN = Duration.ofMinutes(5);
    /** How far back a key's validity starts, for the same reason. */
    private static final Duration START_SKEW = Duration.ofMinutes(5);

    private final Fetcher fetcher;
    private final Clock clock;
    private UserDelegationKey current;

    DelegationKeys(Fetcher fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /** A key that is valid until at least {@link #MARGIN} after {@code sasExpiry}, or the longest-lived one the service grants. */
    synchronized UserDelegationKey keyFor(OffsetDateTime sasExpiry) {
        if (current == null || current.getSignedExpiry().minus(MARGIN).isBefore(sasExpiry)) {
            OffsetDateTime now = OffsetDateTime.now(clock);
            current = fetcher.fetch(now.minus(START_SKEW), now.plus(LIFETIME));
        }
        return current;
    }
}
