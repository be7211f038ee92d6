package dev.stowage.registry.gc;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestAlgorithm;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.blob.GlobalBlobStore;
import dev.stowage.registry.cache.BlobDescriptorCache;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mark and sweep over every repository of a registry, compatible with the Go registry 2.8.2's
 * {@code registry garbage-collect} ({@code registry/storage/garbagecollect.go},
 * {@code vacuum.go}): it marks every manifest revision of every repository (with
 * {@link GcOptions#deleteUntagged()}, only the kept ones) and what each references (config and
 * layers; an index's children), then deletes every blob folder {@code blobs/<alg>/<2>/<hex>} that
 * nothing marked. With {@code deleteUntagged} it first deletes each manifest nothing keeps as the
 * Go registry's {@code Vacuum.RemoveManifest} does: its tag index entries
 * ({@code _manifests/tags/<tag>/index/<alg>/<hex>}) and its revision folder; tags' current links
 * are not touched (none points at it), and Stowage's referrers index entry for it goes too.
 *
 * <p><b>Beyond the Go registry.</b>
 * <ul>
 *   <li>A manifest is kept when it is tagged, when it is a child of a kept index (the Go registry
 *       2.8.2 deletes untagged index children and sweeps their layers, a known bug), when its
 *       {@code subject} is a kept manifest of the repository (so referrers of a deleted manifest go
 *       with it, transitively), or when its revision link is newer than the grace period.</li>
 *   <li>Walks, never lists: one {@link StorageDriver#walk} of the repositories collects revision
 *       links, tag links (with their times), tag index and referrers entries; one walk of the
 *       blobs; a second walk of the repositories (the re-mark) collects what changed and the layer
 *       links of the blobs to delete. Memory holds digests and sets, and the parsed references of
 *       one repository per thread.</li>
 *   <li>Safe while pushes go on, within the limits below: (1) a blob whose data is newer than the
 *       mark's start minus the grace period (times to the second, as S3 keeps them) is never
 *       swept, which covers blobs uploaded but not yet referenced; (2) after marking, the re-mark
 *       walks the repositories again and marks every manifest whose revision link is new or was
 *       rewritten, and keeps every manifest a new or rewritten tag link names (with what they keep
 *       in turn), so an old unreferenced blob that a manifest pushed during the mark comes to
 *       reference is not swept; (3) the manifest store checks a manifest's references once more
 *       after writing its revision link and withdraws the manifest with
 *       {@link dev.stowage.registry.ManifestBlobUnknownException} if the sweep took one.
 *       <b>The remaining window</b>: a manifest whose revision link is written after the re-mark
 *       walked past its repository, whose second check runs before the sweep deletes a blob it
 *       references, and that blob being older than the grace period and referenced by nothing
 *       else: that manifest is left without the blob (a re-push repairs it). Likewise a manifest
 *       tagged after the re-mark and before the sweep is deleted under its tag with
 *       {@code deleteUntagged}. The times compared with the grace period are the storage's and
 *       the collector's clock: keep them in step, or keep a grace period well above the skew.</li>
 *   <li>Deletes blobs through {@link GlobalBlobStore#delete}, which evicts the registry-wide
 *       descriptor cache entry, removes the repositories' layer links to the blobs it deleted
 *       (unless rewritten since the walk or newer than the grace period; the Go registry 2.8.2
 *       leaves them dangling) and evicts their repository cache entries. Manifest revisions are
 *       never cached.</li>
 *   <li>Reports what it deleted or would delete ({@link GcReport}) with the bytes freed and the
 *       time of each phase; a dry run deletes nothing and reports the same.</li>
 *   <li>Tolerates what the Go registry stops at: a repository with untagged manifests and no
 *       tags folder, a revision whose manifest blob is gone, a manifest it cannot parse (every
 *       digest-shaped string in it is kept).</li>
 * </ul>
 *
 * <p>Thread-safe. One collection runs on a store at a time, in any number of processes: a
 * second is refused with {@link GcInProgressException} while the first holds its lease.
 */
public final class GarbageCollector {

    /** The points between phases where a test may act. */
    enum Phase {
        /** Repositories walked and marked, blobs walked; the re-mark comes next. */
        MARKED,
        /** The re-mark is done; the sweep comes next. */
        REMARKED
    }

    /** Called at each {@link Phase}; a test seam. */
    @FunctionalInterface
    interface PhaseHook {
        void reached(Phase phase) throws IOException;
    }

    private final StorageDriver driver;
    private final GlobalBlobStore blobs;
    private final BlobDescriptorCache cache;
    private Clock clock = Clock.systemUTC();
    private PhaseHook hook = phase -> { };
    private Duration leaseSettle = GcLease.SETTLE;

    private GarbageCollector(StorageDriver driver, GlobalBlobStore blobs, BlobDescriptorCache cache) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * A collector over the registry stored in {@code driver}, deleting blobs through
     * {@code blobs} and evicting repository entries from {@code cache}.
     * {@link dev.stowage.registry.Registry#garbageCollector()} makes one.
     */
    public static GarbageCollector over(StorageDriver driver, GlobalBlobStore blobs, BlobDescriptorCache cache) {
        return new GarbageCollector(driver, blobs, cache);
    }

    /** The clock that stamps the mark's start; for tests. */
    GarbageCollector withClock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /** How long taking the lease waits before reading it back; for tests that do not race collectors. */
    GarbageCollector withLeaseSettle(Duration value) {
        this.leaseSettle = Objects.requireNonNull(value, "leaseSettle");
        return this;
    }

    /** Called between the phases; for tests. */
    GarbageCollector withHook(PhaseHook value) {
        this.hook = Objects.requireNonNull(value, "hook");
        return this;
    }

    /**
     * Runs one collection: mark, re-mark, sweep (no sweep in a dry run).
     *
     * <p>Only one collection runs on a store at a time: each holds a lease in storage
     * ({@link Layout#GC_LEASE}) while it runs, renewed as it goes; a collector that died leaves a
     * lease that runs out within minutes.
     *
     * @return what was deleted, or would be
     * @throws GcInProgressException if another collection is running on the store
     * @throws IOException if storage fails; what was deleted until then stays deleted
     */
    public GcReport collect(GcOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        try (GcLease lease = GcLease.take(driver, Clock.systemUTC(), leaseSettle)) {
            Run run = new Run(options, lease);
            ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), r -> {
                Thread t = new Thread(r, "stowage-gc");
                t.setDaemon(true);
                return t;
            });
            try {
                return run.collect(pool);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** The state of one collection. */
    private final class Run {
        private final GcOptions options;
        private final Instant markStart;
        private final Instant cutoff;
        private final Set<Digest> marked = ConcurrentHashMap.newKeySet();
        private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger manifestsMarked = new AtomicInteger();
        private final AtomicInteger keptByRemark = new AtomicInteger();
        /** Per repository: the manifests to delete, with what they reference (to keep them after all). */
        private final Map<String, Doomed> condemned = new ConcurrentHashMap<>();

        private final GcLease lease;

        Run(GcOptions options, GcLease lease) {
            this.options = options;
            this.lease = lease;
            this.markStart = clock.instant();
            // storage times may be whole seconds (S3): compare against the second the mark began in
            this.cutoff = markStart.truncatedTo(ChronoUnit.SECONDS).minus(options.gracePeriod());
        }

        GcReport collect(ExecutorService pool) throws IOException {
            long t0 = System.nanoTime();
            Map<String, RepositoryScan> first = RepositoryScan.walk(driver, d -> false, problems);
            List<Callable<Void>> marking = new ArrayList<>();
            for (RepositoryScan scan : first.values()) {
                marking.add(() -> {
                    mark(scan);
                    return null;
                });
            }
            all(pool, marking);
            Map<Digest, Long> candidates = new HashMap<>();
            int fresh = walkBlobs(candidates);
            hook.reached(Phase.MARKED);

            long t1 = System.nanoTime();
            Map<String, RepositoryScan> second = RepositoryScan.walk(driver, candidates::containsKey, problems);
            List<Callable<Void>> remarking = new ArrayList<>();
            for (RepositoryScan scan : second.values()) {
                remarking.add(() -> {
                    remark(first.get(scan.name.value()), scan);
                    return null;
                });
            }
            all(pool, remarking);
            condemned.keySet().removeIf(name -> !second.containsKey(name));
            candidates.keySet().removeIf(marked::contains);
            hook.reached(Phase.REMARKED);
            lease.check();

            long t2 = System.nanoTime();
            Map<RepositoryName, List<Digest>> manifests = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
            condemned.forEach((name, gone) -> {
                if (!gone.byDigest.isEmpty()) {
                    List<Digest> sorted = new ArrayList<>(gone.byDigest.keySet());
                    sorted.sort(GarbageCollector::compare);
                    manifests.put(second.get(name).name, sorted);
                }
            });
            List<GcReport.Blob> swept = new ArrayList<>();
            candidates.forEach((digest, size) -> swept.add(new GcReport.Blob(digest, size)));
            swept.sort((a, b) -> compare(a.digest(), b.digest()));
            int layerLinks = 0;
            for (RepositoryScan scan : second.values()) {
                scan.layers.keySet().removeIf(d -> !candidates.containsKey(d));
                scan.layers.values().removeIf(modTime -> !modTime.isBefore(cutoff));
                layerLinks += scan.layers.size();
            }
            if (!options.dryRun()) {
                layerLinks = sweep(pool, second, manifests, candidates);
            }
            long t3 = System.nanoTime();
            long bytes = swept.stream().mapToLong(GcReport.Blob::size).sum();
            return new GcReport(options, markStart, first.size(), manifestsMarked.get(), marked.size(), manifests, swept,
                    bytes, fresh, keptByRemark.get(), layerLinks, new ArrayList<>(problems), Duration.ofNanos(t1 - t0),
                    Duration.ofNanos(t2 - t1), options.dryRun() ? Duration.ZERO : Duration.ofNanos(t3 - t2));
        }

        /** Marks what one repository keeps; with deleteUntagged, condemns the rest. */
        private void mark(RepositoryScan scan) throws IOException {
            Map<Digest, References> read = new HashMap<>();
            for (Digest revision : scan.revisions.keySet()) {
                read.put(revision, read(scan.name, revision));
            }
            if (!options.deleteUntagged()) {
                read.forEach((digest, refs) -> keep(scan.name, digest, refs));
                return;
            }
            Deque<Digest> roots = new ArrayDeque<>();
            for (String tag : scan.tags.keySet()) {
                Digest target = resolve(scan.name, tag);
                if (target != null && read.containsKey(target)) {
                    roots.add(target);
                }
            }
            scan.revisions.forEach((digest, modTime) -> {
                if (!modTime.isBefore(cutoff)) {
                    roots.add(digest); // pushed within the grace period: perhaps an index's child, its index to come
                }
            });
            Doomed doomed = new Doomed(read);
            condemned.put(scan.name.value(), doomed);
            for (Digest root : roots) {
                References refs = doomed.remove(root);
                if (refs != null) {
                    keepWithDependents(scan.name, root, refs, doomed);
                }
            }
        }

        /**
         * Keeps a manifest and, among the repository's condemned manifests, its children and its
         * referrers, and theirs in turn.
         */
        private void keepWithDependents(RepositoryName name, Digest digest, References refs, Doomed doomed) {
            Deque<Map.Entry<Digest, References>> todo = new ArrayDeque<>();
            todo.add(Map.entry(digest, refs));
            while (!todo.isEmpty()) {
                Map.Entry<Digest, References> next = todo.poll();
                keep(name, next.getKey(), next.getValue());
                for (Digest child : next.getValue().children()) {
                    References c = doomed.remove(child);
                    if (c != null) {
                        todo.add(Map.entry(child, c));
                    }
                }
                for (Digest referrer : doomed.referrersOf(next.getKey())) {
                    References r = doomed.remove(referrer);
                    if (r != null) {
                        todo.add(Map.entry(referrer, r));
                    }
                }
            }
        }

        /** Marks a kept manifest and what it references, as the Go registry marks them. */
        private void keep(RepositoryName name, Digest manifest, References refs) {
            manifestsMarked.incrementAndGet();
            marked.add(manifest);
            markAll(name, refs.blobs(), false);
            markAll(name, refs.children(), true);
        }

        private void markAll(RepositoryName name, List<Digest> digests, boolean manifests) {
            for (Digest d : digests) {
                marked.add(d);
                if (d.algorithm() != DigestAlgorithm.SHA256) {
                    // stored under its SHA-256: the repository's link names it
                    String link = manifests ? Layout.manifestRevisionLink(name, d) : Layout.layerLink(name, d);
                    Digest canonical = readLink(link);
                    if (canonical != null) {
                        marked.add(canonical);
                    }
                }
            }
        }

        /** What a revision's manifest references; none (and a problem noted) when its blob is gone. */
        private References read(RepositoryName name, Digest revision) throws IOException {
            Digest blob = revision;
            if (revision.algorithm() != DigestAlgorithm.SHA256) {
                blob = readLink(Layout.manifestRevisionLink(name, revision));
                if (blob == null) {
                    return References.NONE;
                }
                marked.add(blob);
            }
            try {
                return References.of(driver.getContent(Layout.blobData(blob)));
            } catch (PathNotFoundException e) {
                problems.add(name.value() + ": manifest " + revision + " has a revision link but no blob");
                return References.NONE;
            }
        }

        private Digest resolve(RepositoryName name, String tag) {
            return readLink(Layout.tagCurrentLink(name, tag));
        }

        private Digest readLink(String path) {
            try {
                return Digest.parse(new String(driver.getContent(path), US_ASCII).trim());
            } catch (PathNotFoundException | DigestInvalidException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Walks the blobs once: the unmarked ones older than the cutoff become candidates. */
        private int walkBlobs(Map<Digest, Long> candidates) throws IOException {
            int[] fresh = {0};
            try {
                driver.walk(Layout.BLOBS, entry -> {
                    Digest digest = entry.isDirectory() ? null : Layout.blobOf(entry.path()).orElse(null);
                    if (digest == null || marked.contains(digest)) {
                        return WalkAction.CONTINUE;
                    }
                    if (!entry.modTime().isBefore(cutoff)) {
                        fresh[0]++;
                    } else {
                        candidates.put(digest, entry.size());
                    }
                    return WalkAction.CONTINUE;
                });
            } catch (PathNotFoundException e) {
                // no blob yet
            }
            return fresh[0];
        }

        /**
         * Marks what changed in a repository since the first walk: manifests whose revision link
         * is new or rewritten, and manifests named by a tag link that is new or rewritten.
         */
        private void remark(RepositoryScan before, RepositoryScan now) throws IOException {
            Doomed doomed = condemned.getOrDefault(now.name.value(), new Doomed(new HashMap<>()));
            doomed.byDigest.keySet().removeIf(d -> !now.revisions.containsKey(d)); // deleted meanwhile: nothing to do
            for (Map.Entry<Digest, Instant> revision : now.revisions.entrySet()) {
                Instant seen = before == null ? null : before.revisions.get(revision.getKey());
                if (revision.getValue().equals(seen)) {
                    continue;
                }
                References refs = doomed.remove(revision.getKey());
                if (refs == null && seen != null) {
                    continue; // rewritten with the same content, kept and marked already
                }
                keepWithDependents(now.name, revision.getKey(), refs != null ? refs : read(now.name, revision.getKey()),
                        doomed);
                keptByRemark.incrementAndGet();
            }
            if (doomed.byDigest.isEmpty()) {
                return;
            }
            for (Map.Entry<String, Instant> tag : now.tags.entrySet()) {
                Instant seen = before == null ? null : before.tags.get(tag.getKey());
                if (tag.getValue().equals(seen)) {
                    continue;
                }
                Digest target = resolve(now.name, tag.getKey());
                References refs = target == null ? null : doomed.remove(target);
                if (refs != null) {
                    keepWithDependents(now.name, target, refs, doomed);
                    keptByRemark.incrementAndGet();
                }
            }
        }

        /** Deletes the condemned manifests, then the unmarked blobs, then the layer links to them. */
        private int sweep(ExecutorService pool, Map<String, RepositoryScan> scans, Map<RepositoryName, List<Digest>> manifests,
                          Map<Digest, Long> doomedBlobs) throws IOException {
            List<Callable<Void>> work = new ArrayList<>();
            manifests.forEach((name, digests) -> work.add(() -> {
                RepositoryScan scan = scans.get(name.value());
                for (Digest d : digests) {
                    for (String tag : scan.tagIndex.getOrDefault(d, List.of())) {
                        deleteQuietly(folderOf(Layout.tagIndexLink(name, tag, d)));
                    }
                    deleteQuietly(folderOf(Layout.manifestRevisionLink(name, d)));
                    for (String entry : scan.referrerEntries.getOrDefault(d, List.of())) {
                        deleteQuietly(entry);
                    }
                }
                return null;
            }));
            all(pool, work);
            work.clear();
            for (Digest d : doomedBlobs.keySet()) {
                work.add(() -> {
                    try {
                        blobs.delete(d);
                    } catch (BlobUnknownException e) {
                        // gone already
                    }
                    return null;
                });
            }
            all(pool, work);
            work.clear();
            AtomicInteger links = new AtomicInteger();
            for (RepositoryScan scan : scans.values()) {
                if (scan.layers.isEmpty()) {
                    continue;
                }
                work.add(() -> {
                    for (Map.Entry<Digest, Instant> link : scan.layers.entrySet()) {
                        if (doomedBlobs.containsKey(link.getKey()) && deleteLayerLink(scan.name, link.getKey(), link.getValue())) {
                            links.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            all(pool, work);
            return links.get();
        }

        /** Removes a layer link to a deleted blob unless it was rewritten since the walk or is fresh. */
        private boolean deleteLayerLink(RepositoryName name, Digest digest, Instant walked) throws IOException {
            String path = Layout.layerLink(name, digest);
            FileInfo now;
            try {
                now = driver.stat(path);
            } catch (PathNotFoundException e) {
                return false;
            }
            // a stat may give whole seconds where a listing gave milliseconds (S3)
            if (!now.modTime().truncatedTo(ChronoUnit.SECONDS).equals(walked.truncatedTo(ChronoUnit.SECONDS))
                    || !now.modTime().isBefore(cutoff)) {
                return false; // linked again by an upload meanwhile: leave it to the next run
            }
            boolean deleted = deleteQuietly(folderOf(path));
            try {
                cache.evict(name, digest);
            } catch (IOException e) {
                problems.add(name.value() + ": could not evict " + digest + " from the cache: " + e.getMessage());
            }
            return deleted;
        }

        private boolean deleteQuietly(String path) throws IOException {
            try {
                driver.delete(path);
                return true;
            } catch (PathNotFoundException e) {
                return false;
            }
        }
    }

    /** A repository's condemned manifests, with an index by subject to find their referrers. */
    private static final class Doomed {
        final Map<Digest, References> byDigest;
        private final Map<Digest, List<Digest>> bySubject = new HashMap<>();

        Doomed(Map<Digest, References> manifests) {
            this.byDigest = manifests;
            manifests.forEach((d, r) -> r.subject().ifPresent(s -> bySubject.computeIfAbsent(s, x -> new ArrayList<>()).add(d)));
        }

        /** Takes a manifest off the list: its references, or null if it is not (or no longer) on it. */
        References remove(Digest digest) {
            return byDigest.remove(digest);
        }

        /** The manifests on the list (or once on it) whose subject is {@code subject}. */
        List<Digest> referrersOf(Digest subject) {
            return bySubject.getOrDefault(subject, List.of());
        }
    }

    /** The folder a link file stands in, which the Go registry deletes whole. */
    private static String folderOf(String link) {
        return link.substring(0, link.lastIndexOf('/'));
    }

    private static int compare(Digest a, Digest b) {
        return a.toString().compareTo(b.toString());
    }

    /** Runs the tasks on the pool and waits for all; the first failure is thrown. */
    private static void all(ExecutorService pool, List<Callable<Void>> tasks) throws IOException {
        List<Future<Void>> futures = new ArrayList<>(tasks.size());
        for (Callable<Void> task : tasks) {
            futures.add(pool.submit(task));
        }
        IOException failure = null;
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    cause = u.getCause();
                }
                if (failure == null) {
                    failure = cause instanceof IOException io ? io : new IOException(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while collecting garbage", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
