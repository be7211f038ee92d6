package dev.stowage.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.BlobUploadUnknownException;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.blob.BlobWriter;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.testing.GoRegistry;
import dev.stowage.registry.testing.NativeTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload purging between Stowage and the Go registry 2.8.2 on one filesystem root: Stowage's
 * purger removes an upload the Go registry began, and the Go registry's own purger removes one
 * Stowage began.
 */
class GoRegistryUploadPurgeInteropTest {

    private static final RepositoryName REPO = new RepositoryName("interop/purge");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path root;

    private StorageDriver filesystem() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    /** An upload the Go registry began, and the URL (with its signed {@code _state}) to ask about it. */
    private record GoUpload(String id, URI location) {}

    /** POST and one PATCH of 1000 bytes: an upload the Go registry began and wrote. */
    private GoUpload beginOnGo(GoRegistry go) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/" + REPO + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(202);
        URI location = go.baseUri().resolve(started.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> patched = http.send(HttpRequest.newBuilder(location)
                .header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(patched.statusCode()).isEqualTo(202);
        return new GoUpload(started.headers().firstValue("Docker-Upload-UUID").orElseThrow(),
                go.baseUri().resolve(patched.headers().firstValue("Location").orElseThrow()));
    }

    /** The Go registry's answer to {@code GET} of the upload: 204 while it has it. */
    private HttpResponse<String> goUploadStatus(GoUpload upload) throws Exception {
        return http.send(HttpRequest.newBuilder(upload.location()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String beginOnStowage(Instant startedAt) throws Exception {
        try (StorageDriver driver = filesystem();
             Registry registry = Registry.builder(driver).clock(Clock.fixed(startedAt, java.time.ZoneOffset.UTC)).build();
             BlobWriter writer = registry.blobs(REPO).create()) {
            writer.write(ByteBuffer.wrap(new byte[500]));
            return writer.id();
        }
    }

    @Test
    void anUploadTheGoRegistryBeganIsPurgedByStowageOnceOldEnough() throws Exception {
        try (GoRegistry go = GoRegistry.start(root)) {
            GoUpload upload = beginOnGo(go);
            String id = upload.id();
            assertThat(goUploadStatus(upload).statusCode()).isEqualTo(204);
            try (StorageDriver driver = filesystem()) {
                Instant now = Instant.now();
                UploadPurgeReport young = new UploadPurger(driver, Clock.systemUTC()).purge(Duration.ofHours(1), false);
                assertThat(young.purged()).isEmpty();
                assertThat(young.errors()).isEmpty();
                Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
                UploadPurgeReport report = new UploadPurger(driver, later).purge(Duration.ofHours(1), false);
                assertThat(report.errors()).isEmpty();
                assertThat(report.purged()).hasSize(1);
                UploadPurgeReport.Upload purged = report.purged().get(0);
                assertThat(purged.id()).isEqualTo(id);
                assertThat(purged.repository()).isEqualTo(REPO.value());
                assertThat(purged.startedAt()).isBetween(now.minusSeconds(60), now.plusSeconds(1));
                assertThat(root.resolve(Layout.upload(REPO, id).substring(1))).doesNotExist();
            }
            // the Go registry no longer knows it
            HttpResponse<String> gone = goUploadStatus(upload);
            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);
            assertThat(gone.body()).contains("BLOB_UPLOAD_UNKNOWN");
        }
    }

    @Test
    void anUploadStowageBeganIsPurgedByTheGoRegistrysOwnPurger() throws Exception {
        Instant now = Instant.now();
        String old = beginOnStowage(now.minus(Duration.ofHours(3)));
        String young = beginOnStowage(now);
        Path notAnUpload = root.resolve(Layout.uploads(REPO).substring(1)).resolve("not-an-upload");
        Files.createDirectories(notAnUpload);
        Files.writeString(notAnUpload.resolve("startedat"), "2000-01-01T00:00:00Z");
        String log = runGoPurger(Duration.ofHours(1));
        assertThat(log).contains("Num deleted=1, num errors=0");
        try (StorageDriver driver = filesystem(); Registry registry = Registry.builder(driver).build()) {
            assertThatThrownBy(() -> registry.blobs(REPO).resume(old)).isInstanceOf(BlobUploadUnknownException.class);
            assertThat(root.resolve(Layout.upload(REPO, old).substring(1))).doesNotExist();
            try (BlobWriter writer = registry.blobs(REPO).resume(young)) {
                assertThat(writer.size()).isEqualTo(500);
            }
            assertThat(notAnUpload.resolve("startedat")).exists();
        }
        // The Go registry deletes what it sees: the filesystem driver keeps an unfinished upload's data
        // out of sight (under #stowage/uploads), so that data outlives the purge. Stowage's own purger
        // deletes it along with the folder.
        Path hidden = root.resolve("#stowage/uploads").resolve(Layout.uploadData(REPO, old).substring(1));
        assertThat(hidden).exists();
    }

    /**
     * Runs the Go registry with {@code storage.maintenance.uploadpurging} on ({@code age},
     * {@code dryrun: false}) until one run purges. The Go registry 2.8.2 starts its purger after a
     * random delay of 0 to 59 whole minutes ({@code startUploadPurger} in
     * {@code registry/handlers/app.go}); it logs the delay at once, so each start whose delay is not
     * {@code 0s} is stopped and the registry started again (one start in 60 purges at once).
     */
    private String runGoPurger(Duration age) throws Exception {
        Path binary = GoRegistry.binary();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        int attempts = 0;
        while (System.nanoTime() < deadline) {
            attempts++;
            int port = NativeTools.freePort();
            Path config = NativeTools.logDirectory().resolve("go-registry-purge-" + port + ".yml");
            Path log = NativeTools.logDirectory().resolve("go-registry-purge-" + port + ".log");
            Files.writeString(config, "version: 0.1\n"
                    + "log: {level: info, accesslog: {disabled: true}}\n"
                    + "storage:\n"
                    + "  filesystem: {rootdirectory: \"" + root.toAbsolutePath() + "\"}\n"
                    + "  maintenance: {uploadpurging: {enabled: true, age: " + age.toSeconds() + "s, interval: 24h, dryrun: false}}\n"
                    + "http: {addr: \"127.0.0.1:" + port + "\", secret: \"stowage-test-secret\"}\n"
                    + "health: {storagedriver: {enabled: false}}\n");
            Process process = new ProcessBuilder(List.of(binary.toString(), "serve", config.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                String delay = awaitLine(log, process, "Starting upload purge in ", Duration.ofSeconds(20));
                if (delay.contains("Starting upload purge in 0s")) {
                    String finished = awaitLine(log, process, "Purge uploads finished", Duration.ofSeconds(30));
                    System.out.println("[go purger] ran after " + attempts + " starts: " + finished.strip());
                    return Files.readString(log);
                }
            } finally {
                NativeTools.stop(process);
            }
            Files.deleteIfExists(log);
            Files.deleteIfExists(config);
        }
        throw new AssertionError("the Go registry's purger did not start at once in " + attempts + " starts within 4 minutes");
    }

    private static String awaitLine(Path log, Process process, String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no \"" + text + "\" in " + log + " within " + timeout + ":\n" + Files.readString(log));
    }
}
