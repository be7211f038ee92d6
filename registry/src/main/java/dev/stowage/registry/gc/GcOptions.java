package dev.stowage.registry.gc;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link GarbageCollector} runs.
 *
 * @param dryRun decide and report everything, delete nothing (the Go registry's {@code --dry-run})
 * @param deleteUntagged also delete the manifests nothing keeps: not tagged, not a child of a kept
 *     index, not a referrer of a kept manifest, and not newer than the grace period (the Go
 *     registry's {@code --delete-untagged}, with those exceptions)
 * @param gracePeriod how old a blob's data (and, with {@code deleteUntagged}, a manifest's
 *     revision link, or a layer link) must be before it may be deleted; zero is allowed and is
 *     what the Go registry does. Covers blobs uploaded but not yet referenced by a manifest.
 * @param parallelism how many repositories are read at once (and blobs deleted at once)
 */
public record GcOptions(boolean dryRun, boolean deleteUntagged, Duration gracePeriod, int parallelism) {

    /** The default grace period: one hour. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(1);

    public GcOptions {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("negative grace period " + gracePeriod);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
    }

    /** Deletes for real, keeps untagged manifests, a grace period of one hour, eight at once. */
    public static GcOptions defaults() {
        return new GcOptions(false, false, DEFAULT_GRACE_PERIOD, 8);
    }

    public GcOptions withDryRun(boolean value) {
        return new GcOptions(value, deleteUntagged, gracePeriod, parallelism);
    }

    public GcOptions withDeleteUntagged(boolean value) {
        return new GcOptions(dryRun, value, gracePeriod, parallelism);
    }

    public GcOptions withGracePeriod(Duration value) {
        return new GcOptions(dryRun, deleteUntagged, value, parallelism);
    }

    public GcOptions withParallelism(int value) {
        return new GcOptions(dryRun, deleteUntagged, gracePeriod, value);
    }
}
