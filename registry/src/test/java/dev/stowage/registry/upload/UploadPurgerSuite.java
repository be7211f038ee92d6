package dev.stowage.registry.upload;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.BlobUploadUnknownException;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.blob.BlobWriter;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upload purger's contract, run against each driver by a subclass. */
abstract class UploadPurgerSuite {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final RepositoryName REPO = new RepositoryName("team/app");
    static final Duration DAY = Duration.ofDays(1);

    protected StorageDriver driver;

    protected abstract StorageDriver newDriver() throws Exception;

    /** Whether an open writer still commits its data after its folder was deleted under it. */
    protected abstract boolean openWriterOutlivesDelete();

    @BeforeEach
    void open() throws Exception {
        driver = newDriver();
    }

    @AfterEach
    void closeDriver() throws Exception {
        driver.close();
    }

    private UploadPurger purger() {
        return new UploadPurger(driver, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** An upload begun by Stowage at {@code startedAt}, one request written and closed. */
    private String begin(RepositoryName repository, Instant startedAt) throws IOException {
        try (Registry registry = Registry.builder(driver).clock(Clock.fixed(startedAt, ZoneOffset.UTC)).build();
             BlobWriter writer = registry.blobs(repository).create()) {
            writer.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            return writer.id();
        }
    }

    private void file(String path, String content) throws IOException {
        driver.putContent(path, content.getBytes(US_ASCII));
    }

    private boolean exists(String path) throws IOException {
        try {
            driver.stat(path);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        }
    }

    /** Every file path of the store. */
    private List<String> files() throws IOException {
        List<String> all = new ArrayList<>();
        try {
            driver.walk("/", entry -> {
                if (!entry.isDirectory()) {
                    all.add(entry.path());
                }
                return WalkAction.CONTINUE;
            });
        } catch (PathNotFoundException empty) {
            // nothing stored
        }
        return all;
    }

    @Test
    void anOldUploadIsPurgedAndAYoungOneKept() throws Exception {
        String old = begin(REPO, NOW.minus(Duration.ofDays(8)));
        String young = begin(REPO, NOW.minus(Duration.ofHours(1)));
        UploadPurgeReport report = purger().purge(Duration.ofDays(7), false);
        assertThat(report.count()).isEqualTo(1);
        assertThat(report.errors()).isEmpty();
        assertThat(report.cutoff()).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(report.purged()).containsExactly(new UploadPurgeReport.Upload(REPO.value(), old,
                NOW.minus(Duration.ofDays(8)), Layout.upload(REPO, old)));
        assertThat(exists(Layout.upload(REPO, old))).isFalse();
        assertThat(exists(Layout.uploadStartedAt(REPO, young))).isTrue();
        try (Registry registry = Registry.builder(driver).build()) {
            assertThatThrownBy(() -> registry.blobs(REPO).resume(old)).isInstanceOf(BlobUploadUnknownException.class);
            try (BlobWriter writer = registry.blobs(REPO).resume(young)) {
                assertThat(writer.size()).isEqualTo(3);
            }
        }
    }

    @Test
    void aDryRunReportsTheSameAndDeletesNothing() throws Exception {
        String old = begin(REPO, NOW.minus(Duration.ofDays(8)));
        begin(REPO, NOW);
        List<String> before = files();
        UploadPurgeReport dry = purger().purge(Duration.ofDays(7), true);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.purged()).extracting(UploadPurgeReport.Upload::id).containsExactly(old);
        assertThat(files()).isEqualTo(before);
        UploadPurgeReport real = purger().purge(Duration.ofDays(7), false);
        assertThat(real.purged()).isEqualTo(dry.purged());
    }

    @Test
    void anUploadBegunExactlyAtTheCutoffIsKept() throws Exception {
        String atCutoff = begin(REPO, NOW.minus(DAY));
        String justBefore = begin(REPO, NOW.minus(DAY).minusSeconds(1));
        assertThat(purger().purge(DAY, false).purged()).extracting(UploadPurgeReport.Upload::id).containsExactly(justBefore);
        assertThat(exists(Layout.upload(REPO, atCutoff))).isTrue();
    }

    @Test
    void aZeroAgePurgesEveryUploadBegunBeforeNowAndANegativeOneLooksAhead() throws Exception {
        String before = begin(REPO, NOW.minusSeconds(1));
        String now = begin(REPO, NOW);
        String ahead = begin(REPO, NOW.plusSeconds(60));
        assertThat(purger().purge(Duration.ZERO, true).purged()).extracting(UploadPurgeReport.Upload::id)
                .containsExactly(before);
        assertThat(purger().purge(Duration.ofMinutes(-2), false).purged()).extracting(UploadPurgeReport.Upload::id)
                .containsExactlyInAnyOrder(before, now, ahead);
    }

    @Test
    void foldersInUploadsThatAreNotUuidsAreLeftAlone() throws Exception {
        String folder = Layout.uploads(REPO) + "/not-a-uuid";
        file(folder + "/startedat", "2000-01-01T00:00:00Z");
        file(Layout.uploads(REPO) + "/5f1a4d0e-58a7-4c39-9d0b-7c2a9a3c0f1", "2000-01-01T00:00:00Z"); // 35 chars
        file(Layout.uploads(REPO) + "/5f1a4d0e58a74c399d0b7c2a9a3c0f11/startedat", "2000-01-01T00:00:00Z");
        List<String> before = files();
        UploadPurgeReport report = purger().purge(DAY, false);
        assertThat(report.purged()).isEmpty();
        assertThat(report.errors()).isEmpty();
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void anUppercaseUuidIsAnUploadAsForTheGoRegistry() throws Exception {
        String id = "5F1A4D0E-58A7-4C39-9D0B-7C2A9A3C0F11";
        file(Layout.uploadStartedAt(REPO, id), "2000-01-01T00:00:00Z");
        assertThat(purger().purge(DAY, false).purged()).extracting(UploadPurgeReport.Upload::id).containsExactly(id);
        assertThat(files()).isEmpty();
    }

    @Test
    void anUploadWithoutStartedAtIsKeptWithoutAnError() throws Exception {
        String id = "5f1a4d0e-58a7-4c39-9d0b-7c2a9a3c0f11";
        file(Layout.uploadData(REPO, id), "data");
        file(Layout.uploadHashState(REPO, id, "sha256", 0), "state");
        UploadPurgeReport report = purger().purge(Duration.ofDays(-10_000), false);
        assertThat(report.purged()).isEmpty();
        assertThat(report.errors()).isEmpty();
        assertThat(exists(Layout.uploadData(REPO, id))).isTrue();
    }

    @Test
    void anUnreadableStartedAtKeepsTheUploadAndIsReported() throws Exception {
        String[] unreadable = {"yesterday", "2000-01-01T00:00:00Z\n", " 2000-01-01T00:00:00Z", "2000-01-01T00:00Z",
            "2000-01-01 00:00:00Z", "2000-13-01T00:00:00Z"};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < unreadable.length; i++) {
            String id = "5f1a4d0e-58a7-4c39-9d0b-7c2a9a3c0f1" + i;
            ids.add(id);
            file(Layout.uploadStartedAt(REPO, id), unreadable[i]);
        }
        String good = begin(REPO, NOW.minus(Duration.ofDays(30)));
        UploadPurgeReport report = purger().purge(DAY, false);
        assertThat(report.purged()).extracting(UploadPurgeReport.Upload::id).containsExactly(good);
        assertThat(report.errors()).hasSize(unreadable.length);
        for (String id : ids) {
            assertThat(report.errors()).anyMatch(e -> e.startsWith(Layout.uploadStartedAt(REPO, id) + ": "));
            assertThat(exists(Layout.uploadStartedAt(REPO, id))).isTrue();
        }
    }

    @Test
    void fractionsAndOffsetsAreReadAsTheGoRegistryReadsThem() throws Exception {
        file(Layout.uploadStartedAt(REPO, "5f1a4d0e-58a7-4c39-9d0b-7c2a9a3c0f10"), "2026-05-01T00:00:00.123456789+02:00");
        file(Layout.uploadStartedAt(REPO, "5f1a4d0e-58a7-4c39-9d0b-7c2a9a3c0f11"), "2026-06-01T13:30:00+02:00");
        UploadPurgeReport report = purger().purge(Duration.ZERO, false);
        assertThat(report.errors()).isEmpty();
        assertThat(report.purged()).extracting(UploadPurgeReport.Upload::startedAt)
                .containsExactlyInAnyOrder(Instant.parse("2026-04-30T22:00:00.123456789Z"), Instant.parse("2026-06-01T11:30:00Z"));
    }

    @Test
    void nothingOutsideUploadFoldersIsTouched() throws Exception {
        RepositoryName nested = new RepositoryName("team/app/sub");
        try (Registry registry = Registry.builder(driver).build()) {
            registry.blobs(REPO).put("application/octet-stream", new byte[] {9});
            registry.blobs(nested).put("application/octet-stream", new byte[] {8});
        }
        String id = "5f1a4d0e-58a7-4c39-9d0b-7c2a9a3c0f11";
        // an old "upload" where only the Go registry's uuidFromPath would look: outside _uploads
        file(Layout.layers(REPO) + "/" + id + "/startedat", "2000-01-01T00:00:00Z");
        file(Layout.repository(REPO) + "/_manifests/" + id + "/startedat", "2000-01-01T00:00:00Z");
        file(Layout.repository(REPO) + "/" + id + "/startedat", "2000-01-01T00:00:00Z");
        file(Layout.BLOBS + "/" + id + "/startedat", "2000-01-01T00:00:00Z");
        List<String> kept = files();
        String a = begin(REPO, NOW.minus(Duration.ofDays(9)));
        String b = begin(nested, NOW.minus(Duration.ofDays(9)));
        UploadPurgeReport report = purger().purge(DAY, false);
        assertThat(report.purged()).extracting(UploadPurgeReport.Upload::path)
                .containsExactlyInAnyOrder(Layout.upload(REPO, a), Layout.upload(nested, b));
        assertThat(report.purged()).extracting(UploadPurgeReport.Upload::repository)
                .containsExactlyInAnyOrder(REPO.value(), nested.value());
        assertThat(files()).isEqualTo(kept);
    }

    @Test
    void anUploadWrittenWhereItsBlobGoesIsPurgedWithItsUnpublishedSessionAndAPublishedBlobStays() throws Exception {
        // what a process that died while writing a monolithic upload at the blob's path leaves
        byte[] unpublishedBytes = new byte[300_000];
        new Random(7).nextBytes(unpublishedBytes);
        Digest unpublished = Digest.sha256(unpublishedBytes);
        String cut = begin(REPO, NOW.minus(Duration.ofDays(3)));
        file(Layout.uploadTarget(REPO, cut), unpublished.toString());
        try (FileWriter session = driver.writer(Layout.blobData(unpublished), false)) {
            session.write(ByteBuffer.wrap(unpublishedBytes));
        }
        // and one that died after publishing, before its folder was removed
        byte[] publishedBytes = {4, 5, 6};
        Digest published = Digest.sha256(publishedBytes);
        String done = begin(REPO, NOW.minus(Duration.ofDays(3)));
        file(Layout.uploadTarget(REPO, done), published.toString());
        driver.putContent(Layout.blobData(published), publishedBytes);

        UploadPurgeReport report = purger().purge(DAY, false);

        assertThat(report.errors()).isEmpty();
        assertThat(report.purged()).extracting(UploadPurgeReport.Upload::id).containsExactlyInAnyOrder(cut, done);
        assertThat(exists(Layout.upload(REPO, cut))).isFalse();
        if (driver.capabilities().atomicCommit()) {
            assertThatThrownBy(() -> driver.writer(Layout.blobData(unpublished), true))
                    .as("the unpublished session at the blob's path").isInstanceOf(PathNotFoundException.class);
        }
        assertThat(exists(Layout.blobData(unpublished))).isFalse();
        assertThat(driver.getContent(Layout.blobData(published))).isEqualTo(publishedBytes);
    }

    @Test
    void anEmptyStoreHasNothingToPurge() throws Exception {
        UploadPurgeReport report = purger().purge(DAY, false);
        assertThat(report.count()).isZero();
        assertThat(report.errors()).isEmpty();
    }

    @Test
    void anUploadPurgedWhileARequestHoldsItNeverStoresAWrongBlobAndCannotBeResumed() throws Exception {
        // more than the registry holds in memory (no held memory beyond the buffer): the bytes are in the driver's writer
        byte[] content = new byte[RegistryOptions.defaults().bufferSize() + 1];
        new java.util.Random(5).nextBytes(content);
        try (Registry registry = Registry.builder(driver).clock(Clock.fixed(NOW.minus(Duration.ofDays(8)), ZoneOffset.UTC))
                .heldUploadMemory(0).build()) {
            Digest digest = Digest.sha256(content);
            BlobWriter writer = registry.blobs(REPO).create();
            writer.write(ByteBuffer.wrap(content));
            assertThat(purger().purge(Duration.ofDays(7), false).count()).isEqualTo(1);
            // Age is the only test (as in the Go registry). What the request's commit does then is the
            // driver's: it fails (the data went with the folder) or stores what the writer wrote.
            if (openWriterOutlivesDelete()) {
                assertThat(writer.commit(digest).size()).isEqualTo(content.length);
                assertThat(registry.blobs(REPO).get(digest)).isEqualTo(content);
            } else {
                // the driver says so in its own words: "deleted" (filesystem), "not found" (gcs)
                assertThatThrownBy(() -> writer.commit(digest)).isInstanceOf(IOException.class);
                assertThatThrownBy(() -> registry.blobs(REPO).stat(digest)).isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> registry.blobs(REPO).resume(writer.id())).isInstanceOf(BlobUploadUnknownException.class);
        }
    }

    @Test
    void aSmallUploadHeldInMemoryHasNothingToPurgeAndIsStoredWhole() throws Exception {
        try (Registry registry = Registry.builder(driver).clock(Clock.fixed(NOW.minus(Duration.ofDays(8)), ZoneOffset.UTC))
                .build()) {
            byte[] content = {1, 2, 3, 4};
            Digest digest = Digest.sha256(content);
            BlobWriter writer = registry.blobs(REPO).create();
            writer.write(ByteBuffer.wrap(content));
            assertThat(purger().purge(Duration.ofDays(7), false).count()).isZero();
            assertThat(writer.commit(digest).size()).isEqualTo(content.length);
            assertThat(registry.blobs(REPO).get(digest)).isEqualTo(content);
            assertThatThrownBy(() -> registry.blobs(REPO).resume(writer.id())).isInstanceOf(BlobUploadUnknownException.class);
            assertThat(exists(Layout.upload(REPO, writer.id()))).isFalse();
        }
    }

    @Test
    void anUploadStoredAtTheEndOfItsRequestHasItsStartedatSoAPurgerDatesIt() throws Exception {
        String id;
        try (Registry registry = Registry.builder(driver).clock(Clock.fixed(NOW.minus(Duration.ofDays(8)), ZoneOffset.UTC))
                .build()) {
            BlobWriter writer = registry.blobs(REPO).create();
            id = writer.id();
            writer.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(purger().purge(Duration.ofDays(7), false).count()).isZero(); // held: nothing stored yet
            writer.close(); // stores startedat, then the bytes (and, in a writer session, their hash state)
        }
        assertThat(exists(Layout.uploadStartedAt(REPO, id))).isTrue();
        // an object store keeps held bytes as one whole file, with no hash state; a writer session's
        // bytes are not visible at the path before a commit
        boolean whole = !driver.capabilities().appendToCommitted();
        assertThat(exists(Layout.uploadData(REPO, id))).isEqualTo(whole);
        assertThat(exists(Layout.uploadHashState(REPO, id, "sha256", 3))).isEqualTo(!whole);
        assertThat(purger().purge(Duration.ofDays(9), false).count()).isZero();
        assertThat(purger().purge(Duration.ofDays(7), false).count()).isEqualTo(1);
        assertThat(exists(Layout.upload(REPO, id))).isFalse();
    }

    @Test
    void theRegistryPurgesByItsOwnClock() throws Exception {
        String old = begin(REPO, NOW.minus(Duration.ofDays(8)));
        try (Registry registry = Registry.builder(driver).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            assertThat(registry.uploadPurger().purge(Duration.ofDays(7), false).purged())
                    .extracting(UploadPurgeReport.Upload::id).containsExactly(old);
        }
    }
}
