package dev.stowage.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code storage.maintenance.uploadpurging}: the background removal of abandoned uploads.
 *
 * @param enabled whether purging runs; Go's default is on
 * @param age uploads older than this are removed; Go's default 168h
 * @param interval time between purges; Go's default 24h
 * @param dryRun log what would be removed without removing it
 */
public record UploadPurging(boolean enabled, Duration age, Duration interval, boolean dryRun) {

    /** Go's defaults: enabled, 168h, 24h, not a dry run. */
    public static final UploadPurging GO_DEFAULTS = new UploadPurging(true, Duration.ofHours(168), Duration.ofHours(24), false);

    public UploadPurging {
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(interval, "interval");
    }
}
