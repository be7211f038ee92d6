package dev.stowage.registry.gc;

import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one garbage collection deleted, or (in a dry run) would have deleted, and how long it took.
 * A dry run reports exactly what the same run would delete.
 *
 * @param options the options it ran with
 * @param markStart when the mark phase began (by the collector's clock)
 * @param repositories how many repositories were walked
 * @param manifestsMarked how many manifests were kept (in every repository, counted per repository)
 * @param blobsMarked how many distinct digests were marked (manifests, configs, layers), as the
 *     Go registry's "blobs marked"
 * @param manifests the manifests deleted (or eligible), per repository, in digest order; empty
 *     unless {@code deleteUntagged}
 * @param blobs the blobs deleted (or eligible) with their sizes, in digest order
 * @param bytesFreed the sum of their sizes
 * @param blobsKeptAsFresh unreferenced blobs kept because their data is newer than the grace period
 * @param manifestsKeptByRemark manifests kept because they were pushed or tagged while the
 *     collection ran (found by the re-mark phase)
 * @param layerLinksDeleted repository links to deleted blobs that were removed (or would be)
 * @param problems what could not be read and was skipped (a manifest whose blob is missing, a
 *     stray file); the collection went on
 * @param markTime the mark phase: the walk of the repositories, reading manifests, the walk of the blobs
 * @param remarkTime the second walk of the repositories and marking what it found new
 * @param sweepTime deleting (zero in a dry run)
 */
public record GcReport(GcOptions options, Instant markStart, int repositories, int manifestsMarked, int blobsMarked,
                       Map<RepositoryName, List<Digest>> manifests, List<Blob> blobs, long bytesFreed,
                       int blobsKeptAsFresh, int manifestsKeptByRemark, int layerLinksDeleted, List<String> problems,
                       Duration markTime, Duration remarkTime, Duration sweepTime) {

    public GcReport {
        Objects.requireNonNull(options, "options");
        manifests = Map.copyOf(manifests);
        blobs = List.copyOf(blobs);
        problems = List.copyOf(problems);
    }

    /** A blob deleted (or eligible), with the size of its data. */
    public record Blob(Digest digest, long size) {}

    /** How many manifests were deleted (or are eligible) across all repositories. */
    public int manifestCount() {
        return manifests.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The report as lines in the Go registry's {@code garbage-collect} wording where it has one
     * ({@code <repository>: manifest eligible for deletion: …}, {@code N blobs marked, M blobs and K manifests
     * eligible for deletion}, {@code blob eligible for deletion: …}), then Stowage's own totals.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        manifests.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.value().compareTo(b.value())))
                .forEach(e -> e.getValue().forEach(d -> lines.add(e.getKey().value() + ": manifest eligible for deletion: " + d)));
        lines.add(blobsMarked + " blobs marked, " + blobs.size() + " blobs and " + manifestCount()
                + " manifests eligible for deletion");
        blobs.forEach(b -> lines.add("blob eligible for deletion: " + b.digest()));
        lines.add((options.dryRun() ? "would free " : "freed ") + bytesFreed + " bytes; " + blobsKeptAsFresh
                + " unreferenced blobs newer than the grace period kept; " + manifestsKeptByRemark
                + " manifests kept by the re-mark; " + layerLinksDeleted + " layer links "
                + (options.dryRun() ? "to delete" : "deleted"));
        lines.add("mark " + markTime.toMillis() + " ms, re-mark " + remarkTime.toMillis() + " ms, sweep "
                + sweepTime.toMillis() + " ms");
        problems.forEach(p -> lines.add("skipped: " + p));
        return lines;
    }
}
