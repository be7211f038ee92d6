package dev.stowage.registry.gc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.ManifestBlobUnknownException;
import dev.stowage.registry.ManifestUnknownException;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.Repository;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.cache.InMemoryBlobDescriptorCache;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.manifest.Manifest;
import dev.stowage.registry.manifest.MediaTypes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The garbage collector's contract on one driver; each backend gets a subclass. "Old" means older
 * than the grace period: the collector's clock runs a minute ahead, so with a grace period of zero
 * everything written before the run counts as old, while everything the run's own hooks write is
 * judged by the re-mark alone.
 */
abstract class GarbageCollectorSuite {

    static final RepositoryName APP = new RepositoryName("team/app");
    static final RepositoryName OTHER = new RepositoryName("team/other");
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final GcOptions NOW = GcOptions.defaults().withGracePeriod(Duration.ZERO);

    protected StorageDriver driver;
    private Registry registry;
    private final Random random = new Random(11);

    protected abstract StorageDriver newDriver() throws Exception;

    @BeforeEach
    void open() throws Exception {
        driver = newDriver();
        registry = registry(driver);
    }

    @AfterEach
    void close() throws Exception {
        registry.close();
        driver.close();
    }

    private static Registry registry(StorageDriver driver) {
        return Registry.builder(driver).cache(new InMemoryBlobDescriptorCache())
                .options(RegistryOptions.defaults().withDeleteEnabled(true)).build();
    }

    private GarbageCollector collector() {
        return registry.garbageCollector().withLeaseSettle(Duration.ZERO)
                .withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
    }

    // ---- building ---------------------------------------------------------------------------

    Descriptor blob(RepositoryName name, String mediaType) throws IOException {
        byte[] bytes = new byte[50 + random.nextInt(200)];
        random.nextBytes(bytes);
        return registry.repository(name).blobs().put(mediaType, bytes).withMediaType(mediaType);
    }

    static String json(Descriptor d) {
        return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}";
    }

    Manifest image(RepositoryName name, Descriptor config, List<Descriptor> layers, Optional<Manifest> subject)
            throws IOException {
        StringBuilder s = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"config\":" + json(config) + ",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            s.append(i == 0 ? "" : ",").append(json(layers.get(i)));
        }
        s.append("]");
        subject.ifPresent(m -> s.append(",\"subject\":").append(json(m.descriptor())));
        return registry.repository(name).manifests().put(MediaTypes.OCI_MANIFEST, s.append("}").toString().getBytes(UTF_8));
    }

    /** An image of a new config and {@code layers} new layers. */
    Manifest image(RepositoryName name, int layers) throws IOException {
        List<Descriptor> l = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            l.add(blob(name, LAYER));
        }
        return image(name, blob(name, CONFIG), l, Optional.empty());
    }

    /** An artifact (a new layer) whose subject is {@code subject}. */
    Manifest referrer(RepositoryName name, Manifest subject) throws IOException {
        return image(name, blob(name, CONFIG), List.of(blob(name, LAYER)), Optional.of(subject));
    }

    Manifest index(RepositoryName name, Manifest... children) throws IOException {
        StringBuilder s = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[");
        for (int i = 0; i < children.length; i++) {
            s.append(i == 0 ? "" : ",").append(json(children[i].descriptor()));
        }
        return registry.repository(name).manifests().put(MediaTypes.OCI_INDEX, s.append("]}").toString().getBytes(UTF_8));
    }

    void tag(RepositoryName name, String tag, Manifest manifest) throws IOException {
        registry.repository(name).tags().tag(tag, manifest.descriptor().digest());
    }

    /** Every blob the manifest consists of: itself, its config and layers. */
    static List<Digest> blobsOf(Manifest m) {
        List<Digest> all = new ArrayList<>();
        all.add(m.descriptor().digest());
        m.references().forEach(d -> all.add(d.digest()));
        return all;
    }

    // ---- checking ---------------------------------------------------------------------------

    boolean stored(Digest blob) throws IOException {
        try {
            driver.stat(Layout.blobData(blob));
            return true;
        } catch (PathNotFoundException e) {
            return false;
        }
    }

    boolean exists(String path) throws IOException {
        try {
            driver.stat(path);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        }
    }

    /** The manifest and everything it references are readable through the repository. */
    void assertPullable(RepositoryName name, Manifest m) throws IOException {
        Repository repo = registry.repository(name);
        assertThat(repo.manifests().get(m.descriptor().digest())).isEqualTo(m);
        if (m.isIndex()) {
            for (Descriptor child : m.manifests()) {
                assertThat(repo.manifests().stat(child.digest()).digest()).isEqualTo(child.digest());
            }
        } else {
            for (Descriptor ref : m.references()) {
                assertThat(Digest.sha256(repo.blobs().get(ref.digest()))).isEqualTo(ref.digest());
            }
        }
    }

    void assertGone(RepositoryName name, Manifest m) {
        assertThatThrownBy(() -> registry.repository(name).manifests().get(m.descriptor().digest()))
                .isInstanceOf(ManifestUnknownException.class);
    }

    List<String> files() throws IOException {
        List<String> all = new ArrayList<>();
        driver.walk("/", e -> {
            if (!e.isDirectory()) {
                all.add(e.path());
            }
            return WalkAction.CONTINUE;
        });
        all.sort(null);
        return all;
    }

    static List<Digest> digests(GcReport report) {
        return report.blobs().stream().map(GcReport.Blob::digest).toList();
    }

    // ---- mark and sweep ---------------------------------------------------------------------

    @Test
    void unreferencedBlobsAreSweptAndReferencedOnesKept() throws Exception {
        Manifest app = image(APP, 2);
        tag(APP, "v1", app);
        Manifest other = image(OTHER, 1);
        Descriptor orphan = blob(APP, LAYER);
        Descriptor shared = blob(OTHER, LAYER);
        registry.repository(APP).blobs().mount(OTHER, shared.digest()); // linked in both, referenced by neither

        GcReport report = collector().collect(NOW);

        assertThat(digests(report)).containsExactlyInAnyOrder(orphan.digest(), shared.digest());
        assertThat(report.bytesFreed()).isEqualTo(orphan.size() + shared.size());
        assertThat(report.manifests()).isEmpty();
        assertThat(report.repositories()).isEqualTo(2);
        assertThat(report.blobsMarked()).isEqualTo(blobsOf(app).size() + blobsOf(other).size());
        assertThat(report.layerLinksDeleted()).isEqualTo(3);
        assertThat(stored(orphan.digest())).isFalse();
        assertThat(stored(shared.digest())).isFalse();
        assertThat(exists(Layout.layerLink(APP, orphan.digest()))).isFalse();
        assertThat(exists(Layout.layerLink(OTHER, shared.digest()))).isFalse();
        assertThatThrownBy(() -> registry.blobs().stat(orphan.digest())).isInstanceOf(BlobUnknownException.class);
        assertThatThrownBy(() -> registry.repository(APP).blobs().stat(orphan.digest())).isInstanceOf(BlobUnknownException.class);
        assertPullable(APP, app);
        assertPullable(OTHER, other); // untagged, but kept: deleteUntagged is off
        assertThat(report.lines()).contains("blob eligible for deletion: " + orphan.digest())
                .anyMatch(l -> l.equals(report.blobsMarked() + " blobs marked, 2 blobs and 0 manifests eligible for deletion"));

        GcReport again = collector().collect(NOW);
        assertThat(again.blobs()).isEmpty();
        assertThat(again.blobsMarked()).isEqualTo(report.blobsMarked());
    }

    @Test
    void aDryRunDeletesNothingAndReportsWhatTheRunDeletes() throws Exception {
        Manifest kept = image(APP, 1);
        tag(APP, "v1", kept);
        Manifest untagged = image(APP, 2);
        Manifest referrer = referrer(APP, untagged);
        blob(APP, LAYER);
        List<String> before = files();

        GcReport dry = collector().collect(NOW.withDryRun(true).withDeleteUntagged(true));
        assertThat(files()).isEqualTo(before);
        assertThat(dry.sweepTime()).isZero();

        GcReport real = collector().collect(NOW.withDeleteUntagged(true));
        assertThat(real.blobs()).isEqualTo(dry.blobs()).hasSize(1 + blobsOf(untagged).size() + blobsOf(referrer).size());
        assertThat(real.manifests()).isEqualTo(dry.manifests());
        assertThat(real.bytesFreed()).isEqualTo(dry.bytesFreed());
        assertThat(real.layerLinksDeleted()).isEqualTo(dry.layerLinksDeleted()).isEqualTo(real.blobs().size() - 2);
        assertThat(real.manifests().get(APP)).containsExactlyInAnyOrder(untagged.descriptor().digest(),
                referrer.descriptor().digest());
        assertGone(APP, untagged);
        assertPullable(APP, kept);
    }

    @Test
    void deleteUntaggedKeepsTaggedImagesIndexChildrenAndReferrersOfKeptManifests() throws Exception {
        Manifest tagged = image(APP, 2);
        Manifest signature = referrer(APP, tagged);          // untagged referrer of a tagged image: kept
        Manifest amd64 = image(APP, 1);
        Manifest arm64 = image(APP, 1);
        Manifest sbomOfChild = referrer(APP, arm64);         // referrer of a kept child: kept
        Manifest multi = index(APP, amd64, arm64);
        Manifest old = image(APP, 1);                        // was tagged, tag moved on
        Manifest oldSignature = referrer(APP, old);          // referrer of a deleted manifest: goes
        Manifest oldSignatureSignature = referrer(APP, oldSignature); // and transitively
        Manifest taggedReferrer = referrer(APP, old);        // tagged itself: kept
        tag(APP, "v1", old);
        tag(APP, "v1", tagged);
        tag(APP, "multi", multi);
        tag(APP, "sig", taggedReferrer);

        GcReport report = collector().collect(NOW.withDeleteUntagged(true));

        assertThat(report.manifests()).containsOnlyKeys(APP);
        assertThat(report.manifests().get(APP)).containsExactlyInAnyOrder(old.descriptor().digest(),
                oldSignature.descriptor().digest(), oldSignatureSignature.descriptor().digest());
        for (Manifest kept : List.of(tagged, signature, amd64, arm64, sbomOfChild, multi, taggedReferrer)) {
            assertPullable(APP, kept);
        }
        for (Manifest gone : List.of(old, oldSignature, oldSignatureSignature)) {
            assertGone(APP, gone);
            assertThat(exists(Layout.manifestRevisionLink(APP, gone.descriptor().digest()))).isFalse();
        }
        List<Digest> goneBlobs = new ArrayList<>();
        for (Manifest gone : List.of(old, oldSignature, oldSignatureSignature)) {
            goneBlobs.addAll(blobsOf(gone));
        }
        assertThat(digests(report)).containsExactlyInAnyOrderElementsOf(goneBlobs);
        // as the Go registry's RemoveManifest: the tag's index entry for the deleted manifest goes, the tag stays
        assertThat(exists(Layout.tagIndexLink(APP, "v1", old.descriptor().digest()))).isFalse();
        assertThat(exists(Layout.tagIndexLink(APP, "v1", tagged.descriptor().digest()))).isTrue();
        assertThat(registry.repository(APP).tags().resolve("v1")).isEqualTo(tagged.descriptor().digest());
        // referrers index entries of deleted manifests go; the kept ones stay listed
        assertThat(exists(Layout.referrerEntry(APP, old.descriptor().digest(), oldSignature.descriptor().digest()))).isFalse();
        assertThat(registry.repository(APP).referrers().list(tagged.descriptor().digest(), Optional.empty()))
                .extracting(Descriptor::digest).containsExactly(signature.descriptor().digest());
        assertThat(registry.repository(APP).referrers().list(old.descriptor().digest(), Optional.empty()))
                .extracting(Descriptor::digest).containsExactly(taggedReferrer.descriptor().digest());
        assertThat(registry.repository(APP).referrers().rebuild().removed()).isZero();
    }

    // ---- one collection at a time -----------------------------------------------------------

    @Test
    void aSecondCollectionWhileOneRunsIsRefusedAndRunsOnceTheFirstHasFinished() throws Exception {
        Manifest untagged = image(APP, 1);
        AtomicReference<Throwable> second = new AtomicReference<>();
        GcReport first = collector().withHook(phase -> {
            if (phase == GarbageCollector.Phase.MARKED) {
                try {
                    collector().collect(NOW);
                } catch (Throwable t) {
                    second.set(t);
                }
            }
        }).collect(NOW.withDeleteUntagged(true));
        assertThat(second.get()).isInstanceOf(GcInProgressException.class)
                .hasMessageContaining("another garbage collection is running");
        assertThat(digests(first)).contains(untagged.descriptor().digest());
        assertThat(exists(Layout.GC_LEASE)).as("the lease is given up").isFalse();
        assertThat(collector().collect(NOW).blobs()).isEmpty();
    }

    @Test
    void aLeaseThatRanOutIsTakenOver() throws Exception {
        Manifest untagged = image(APP, 1);
        driver.putContent(Layout.GC_LEASE, ("{\"holder\":\"dead\",\"host\":\"gone/1\",\"expires\":\""
                + Instant.now().minusSeconds(1) + "\"}").getBytes(UTF_8));
        GcReport report = collector().collect(NOW.withDeleteUntagged(true));
        assertThat(digests(report)).contains(untagged.descriptor().digest());
        assertThat(exists(Layout.GC_LEASE)).isFalse();
    }

    @Test
    void aLeaseWhoseHolderProcessOnThisHostIsGoneIsTakenOverAtOnce() throws Exception {
        Manifest untagged = image(APP, 1);
        Process dead = new ProcessBuilder("sleep", "30").start();
        Instant started = dead.info().startInstant().orElseThrow();
        dead.destroyForcibly().waitFor(); // killed while holding the lease
        driver.putContent(Layout.GC_LEASE, ("{\"holder\":\"killed\",\"host\":\"here\",\"expires\":\""
                + Instant.now().plusSeconds(300) + "\",\"hostname\":\"" + java.net.InetAddress.getLocalHost().getHostName()
                + "\",\"pid\":" + dead.pid() + ",\"processStarted\":\"" + started + "\"}").getBytes(UTF_8));
        GcReport report = collector().collect(NOW.withDeleteUntagged(true));
        assertThat(digests(report)).contains(untagged.descriptor().digest());
        assertThat(exists(Layout.GC_LEASE)).isFalse();
    }

    @Test
    void aLeaseWhoseHolderProcessStillRunsOrRunsElsewhereIsRespected() throws Exception {
        image(APP, 1);
        ProcessHandle self = ProcessHandle.current();
        String here = java.net.InetAddress.getLocalHost().getHostName();
        for (String[] holder : new String[][] {
                {here, Long.toString(self.pid()), self.info().startInstant().orElseThrow().toString()},
                {"another-host.example", "1", Instant.EPOCH.toString()}}) {
            driver.putContent(Layout.GC_LEASE, ("{\"holder\":\"alive\",\"host\":\"h\",\"expires\":\""
                    + Instant.now().plusSeconds(300) + "\",\"hostname\":\"" + holder[0] + "\",\"pid\":" + holder[1]
                    + ",\"processStarted\":\"" + holder[2] + "\"}").getBytes(UTF_8));
            assertThatThrownBy(() -> collector().collect(NOW)).as("held by " + holder[0])
                    .isInstanceOf(GcInProgressException.class);
        }
    }

    @Test
    void twoCollectionsStartingAtOnceNeverBothRun() throws Exception {
        image(APP, 1);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<GcReport>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    // the real settle time: this is the race it is there for
                    return registry.garbageCollector().withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)))
                            .withHook(phase -> pause()).collect(NOW);
                }));
            }
            int refused = 0;
            for (java.util.concurrent.Future<GcReport> run : runs) {
                try {
                    run.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(GcInProgressException.class);
                    refused++;
                }
            }
            assertThat(refused).as("collections refused").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void withoutDeleteUntaggedEveryManifestIsKept() throws Exception {
        Manifest untagged = image(APP, 2);
        Manifest referrer = referrer(APP, untagged);
        GcReport report = collector().collect(NOW);
        assertThat(report.manifests()).isEmpty();
        assertThat(report.blobs()).isEmpty();
        assertPullable(APP, untagged);
        assertPullable(APP, referrer);
    }

    @Test
    void aBlobSharedWithAKeptManifestOfAnotherRepositoryStays() throws Exception {
        Manifest untagged = image(APP, 1);
        Descriptor layer = untagged.layers().get(0);
        registry.repository(OTHER).blobs().mount(APP, layer.digest());
        registry.repository(OTHER).blobs().mount(APP, untagged.config().orElseThrow().digest());
        Manifest kept = image(OTHER, untagged.config().orElseThrow(), List.of(layer, blob(OTHER, LAYER)), Optional.empty());
        tag(OTHER, "latest", kept);

        GcReport report = collector().collect(NOW.withDeleteUntagged(true));

        assertThat(report.manifests().get(APP)).containsExactly(untagged.descriptor().digest());
        assertThat(digests(report)).containsExactly(untagged.descriptor().digest());
        assertPullable(OTHER, kept);
        assertThat(stored(layer.digest())).isTrue();
        assertThat(exists(Layout.layerLink(APP, layer.digest()))).isTrue(); // the blob stays, so does its link
    }

    @Test
    void theGracePeriodKeepsFreshBlobsAndFreshUntaggedManifests() throws Exception {
        Descriptor fresh = blob(APP, LAYER);
        Manifest freshUntagged = image(APP, 1);
        GcReport report = registry.garbageCollector().collect(GcOptions.defaults().withDeleteUntagged(true));
        assertThat(report.blobs()).isEmpty();
        assertThat(report.manifests()).isEmpty();
        assertThat(report.blobsKeptAsFresh()).isEqualTo(1);
        assertThat(stored(fresh.digest())).isTrue();
        assertPullable(APP, freshUntagged);

        GcReport later = collector().collect(NOW.withDeleteUntagged(true)); // a minute on, no grace
        assertThat(digests(later)).contains(fresh.digest()).containsAll(blobsOf(freshUntagged));
    }

    @Test
    void aRepositoryWithUntaggedManifestsAndNoTagsFolderIsCollected() throws Exception {
        Manifest untagged = image(APP, 1);
        assertThat(exists(Layout.tags(APP))).isFalse();
        GcReport report = collector().collect(NOW.withDeleteUntagged(true));
        assertThat(report.manifests().get(APP)).containsExactly(untagged.descriptor().digest());
    }

    @Test
    void aRevisionWhoseBlobIsGoneIsReportedAndSkipped() throws Exception {
        Manifest app = image(APP, 1);
        driver.delete(Layout.blobDirectory(app.descriptor().digest()));
        GcReport report = collector().collect(NOW);
        assertThat(report.problems()).singleElement().asString().contains(app.descriptor().digest().toString());
        assertThat(digests(report)).containsExactlyInAnyOrderElementsOf(blobsOf(app).subList(1, blobsOf(app).size()));
    }

    @Test
    void aManifestItCannotParseKeepsEveryDigestInIt() throws Exception {
        Descriptor layer = blob(APP, LAYER);
        byte[] odd = ("not JSON, but it names " + layer.digest()).getBytes(UTF_8);
        Digest digest = Digest.sha256(odd);
        driver.putContent(Layout.blobData(digest), odd);
        driver.putContent(Layout.manifestRevisionLink(APP, digest), digest.toString().getBytes(UTF_8));
        GcReport report = collector().collect(NOW);
        assertThat(report.blobs()).isEmpty();
        assertThat(stored(layer.digest())).isTrue();
    }

    @Test
    void aRepositoryWithManifestsButNoLayersFolderIsMarked() throws Exception {
        Manifest app = image(APP, 2);
        Digest digest = app.descriptor().digest();
        driver.putContent(Layout.manifestRevisionLink(OTHER, digest), digest.toString().getBytes(UTF_8));
        driver.delete(Layout.manifestRevisions(APP));
        assertThat(exists(Layout.layers(OTHER))).isFalse();
        GcReport report = collector().collect(NOW);
        assertThat(report.blobs()).isEmpty();
        for (Digest blob : blobsOf(app)) {
            assertThat(stored(blob)).isTrue();
        }
    }

    @Test
    void uploadsInProgressAreNotTouched() throws Exception {
        try (var upload = registry.repository(APP).blobs().create()) {
            upload.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        List<String> before = files();
        GcReport report = collector().collect(NOW);
        assertThat(report.blobs()).isEmpty();
        assertThat(files()).isEqualTo(before);
    }

    // ---- running while pushes go on --------------------------------------------------------

    @Test
    void anOldBlobThatAManifestPushedDuringTheMarkReferencesIsNotSwept() throws Exception {
        Descriptor config = blob(APP, CONFIG);
        Descriptor old = blob(APP, LAYER);   // old (grace 0, clock ahead), unreferenced
        Descriptor orphan = blob(APP, LAYER); // control: old, unreferenced, stays so
        Manifest[] pushed = new Manifest[1];
        GcReport report = collector().withHook(phase -> {
            if (phase == GarbageCollector.Phase.MARKED) { // marked without it: the re-mark must find it
                pushed[0] = image(APP, config, List.of(old), Optional.empty());
                tag(APP, "during", pushed[0]);
            }
        }).collect(NOW.withDeleteUntagged(true));

        assertThat(pushed[0]).isNotNull();
        assertThat(digests(report)).containsExactly(orphan.digest());
        assertThat(report.manifestsKeptByRemark()).isEqualTo(1);
        assertThat(stored(old.digest())).isTrue();
        assertPullable(APP, pushed[0]);
    }

    @Test
    void theRemainingWindowAManifestWrittenAfterTheRemarkLosesAnOldBlob() throws Exception {
        // the same push one phase later: after the re-mark, before the sweep; its own re-check
        // still finds the blob, then the sweep takes it. Documented; the grace period is what
        // keeps recently uploaded blobs out of this window.
        Descriptor config = blob(APP, CONFIG);
        Descriptor old = blob(APP, LAYER);
        Manifest[] pushed = new Manifest[1];
        GcReport report = collector().withHook(phase -> {
            if (phase == GarbageCollector.Phase.REMARKED) {
                pushed[0] = image(APP, config, List.of(old), Optional.empty());
            }
        }).collect(NOW);
        assertThat(digests(report)).contains(old.digest(), config.digest());
        assertThat(stored(old.digest())).isFalse();
        assertThatThrownBy(() -> assertPullable(APP, pushed[0])).isInstanceOf(BlobUnknownException.class);
    }

    @Test
    void aManifestTaggedDuringTheMarkIsNotDeletedAsUntagged() throws Exception {
        Manifest untagged = image(APP, 2);
        Manifest signature = referrer(APP, untagged);
        GcReport report = collector().withHook(phase -> {
            if (phase == GarbageCollector.Phase.MARKED) {
                tag(APP, "late", untagged);
            }
        }).collect(NOW.withDeleteUntagged(true));
        assertThat(report.manifests()).isEmpty();
        assertThat(report.blobs()).isEmpty();
        assertThat(report.manifestsKeptByRemark()).isEqualTo(1);
        assertPullable(APP, untagged);
        assertPullable(APP, signature);
    }

    @Test
    void aPushRacingTheSweepFailsCleanlyInsteadOfLeavingABrokenManifest() throws Exception {
        Descriptor config = blob(APP, CONFIG);
        Descriptor old = blob(APP, LAYER); // old and unreferenced: the sweep takes it
        CountDownLatch atLink = new CountDownLatch(1);
        CountDownLatch swept = new CountDownLatch(1);
        String revisions = Layout.manifestRevisions(APP);
        StorageDriver pausing = new ForwardingStorageDriver(driver) {
            @Override
            public void putContent(String path, byte[] content) throws IOException {
                if (path.startsWith(revisions)) { // checks passed, blob written: the revision link is next
                    atLink.countDown();
                    try {
                        swept.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.putContent(path, content);
            }

            @Override
            public void close() {
                // the suite closes the driver
            }
        };
        String body = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":" + json(config)
                + ",\"layers\":[" + json(old) + "]}";
        Digest digest = Digest.sha256(body.getBytes(UTF_8));
        CompletableFuture<Manifest> push;
        try (Registry pusher = registry(pausing)) {
            push = CompletableFuture.supplyAsync(() -> {
                try {
                    return pusher.repository(APP).manifests().put(MediaTypes.OCI_MANIFEST, body.getBytes(UTF_8));
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            assertThat(atLink.await(30, TimeUnit.SECONDS)).isTrue();
            GcReport report = collector().collect(NOW);
            swept.countDown();
            assertThat(digests(report)).contains(old.digest());
            assertThatThrownBy(push::join).hasCauseInstanceOf(ManifestBlobUnknownException.class)
                    .cause().satisfies(e -> assertThat(((ManifestBlobUnknownException) e).missing()).contains(old.digest()));
        }
        assertThat(exists(Layout.manifestRevisionLink(APP, digest))).isFalse();
        assertThatThrownBy(() -> registry.repository(APP).manifests().get(digest)).isInstanceOf(ManifestUnknownException.class);
    }
}
