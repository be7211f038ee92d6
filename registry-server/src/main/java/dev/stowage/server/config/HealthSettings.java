package dev.stowage.server.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code health} section. Only the storage driver check is modelled; {@code file}, {@code http}
 * and {@code tcp} checks are accepted with a warning.
 *
 * @param storageDriver {@code storagedriver}, when {@code enabled}
 */
public record HealthSettings(Optional<StorageDriverCheck> storageDriver) {

    public HealthSettings {
        Objects.requireNonNull(storageDriver, "storageDriver");
    }

    /** No health checks. */
    public static HealthSettings none() {
        return new HealthSettings(Optional.empty());
    }

    /**
     * {@code health.storagedriver}: a periodic check that the driver answers.
     *
     * @param interval {@code interval}, Go's default 10s
     * @param threshold {@code threshold}: failures in a row before unhealthy; 0 (Go's default): the first
     */
    public record StorageDriverCheck(Duration interval, int threshold) {
        /** Go's default interval. */
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

        public StorageDriverCheck {
            Objects.requireNonNull(interval, "interval");
        }
    }
}
