package dev.stowage.server.e2e;

import static dev.stowage.server.e2e.E2e.skopeo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.testing.Skopeo;
import dev.stowage.server.StowageRegistry;
import dev.stowage.server.cli.StowageCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stowage command run in-process: version, a bad config, gc and purge-uploads over a root with content. */
class CommandLineTest {

    @TempDir
    Path work;

    /** What a command printed and its exit code. */
    record Run(int exit, String out, String err) {}

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exit = StowageCommand.run(args);
            System.out.flush();
            System.err.flush();
            return new Run(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void versionExitsZeroAndPrintsAVersion() {
        Run version = run("version");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).isNotBlank().containsPattern("\\d+\\.\\d+");
    }

    @Test
    void serveWithABadConfigExitsTwoNamingTheBadKey() throws Exception {
        Path config = Files.writeString(work.resolve("bad.yml"), E2e.config(work.resolve("store"))
                .replace("  addr: 127.0.0.1:0\n", "  adr: 127.0.0.1:0\n"));
        Run serve = run("serve", config.toString());
        assertThat(serve.exit()).isEqualTo(2);
        assertThat(serve.err()).contains("http.adr").contains("unknown key");
        assertThat(serve.err().lines().filter(l -> !l.isBlank()).count()).as(serve.err()).isEqualTo(1);
    }

    @Test
    void gcAndPurgeUploadsReportInDryRunsAndThenReallyDelete() throws Exception {
        Path root = work.resolve("store");
        Path config = Files.writeString(work.resolve("config.yml"), E2e.config(root));
        Skopeo.Image image = Skopeo.buildImage(work.resolve("image"), "v1", 2, 10_000, 71);
        byte[] orphan = "a blob no manifest references".getBytes(StandardCharsets.UTF_8);
        Digest orphanDigest = Digest.sha256(orphan);
        String uploadId;
        try (StowageRegistry server = E2e.serve(E2e.config(root))) {
            skopeo().push(image, E2e.hostPort(server), "cli/app");
            Http http = new Http(server.uri());
            HttpResponse<byte[]> post = http.send("POST", "/v2/cli/app/blobs/uploads/", new byte[0]);
            assertThat(http.send("PUT", Http.withDigest(Http.location(post), orphanDigest), orphan,
                    "Content-Type", "application/octet-stream").statusCode()).isEqualTo(201);
            HttpResponse<byte[]> pending = http.send("POST", "/v2/cli/app/blobs/uploads/", new byte[0]);
            assertThat(http.send("PATCH", Http.location(pending), new byte[1000],
                    "Content-Type", "application/octet-stream").statusCode()).isEqualTo(202);
            uploadId = pending.headers().firstValue("Docker-Upload-UUID").orElseThrow();
        }
        Path v2 = root.resolve("docker/registry/v2");
        Path orphanData = v2.resolve("blobs/sha256/" + orphanDigest.hex().substring(0, 2) + "/" + orphanDigest.hex() + "/data");
        Path upload = v2.resolve("repositories/cli/app/_uploads/" + uploadId);
        assertThat(orphanData).exists();
        assertThat(upload).isDirectory();
        Thread.sleep(1100); // older than a 0 s grace period, on file systems with one-second times

        Run dryGc = run("gc", "--dry-run", "--grace-period", "0s", config.toString());
        assertThat(dryGc.exit()).as(dryGc.err()).isZero();
        assertThat(dryGc.out()).contains("blob eligible for deletion: " + orphanDigest).contains("would free");
        for (Descriptor blob : image.blobs()) {
            assertThat(dryGc.out()).doesNotContain(blob.digest().toString());
        }
        assertThat(orphanData).exists();

        Run dryPurge = run("purge-uploads", "--dry-run", "--older-than", "0s", config.toString());
        assertThat(dryPurge.exit()).as(dryPurge.err()).isZero();
        assertThat(dryPurge.out()).contains("would remove cli/app upload " + uploadId).contains("1 uploads");
        assertThat(upload).isDirectory();

        Run gc = run("gc", "--grace-period", "0s", config.toString());
        assertThat(gc.exit()).as(gc.err()).isZero();
        assertThat(gc.out()).contains("blob eligible for deletion: " + orphanDigest).contains("freed");
        assertThat(orphanData).doesNotExist();
        for (Descriptor blob : image.blobs()) {
            Path data = v2.resolve("blobs/sha256/" + blob.digest().hex().substring(0, 2) + "/" + blob.digest().hex() + "/data");
            assertThat(data).exists();
            assertThat(Digest.sha256(Files.readAllBytes(data))).isEqualTo(blob.digest());
        }

        Run purge = run("purge-uploads", "--older-than", "0s", config.toString());
        assertThat(purge.exit()).as(purge.err()).isZero();
        assertThat(purge.out()).contains("removed cli/app upload " + uploadId);
        assertThat(upload).doesNotExist();

        // What gc kept still pulls, byte for byte.
        try (StowageRegistry server = E2e.serve(E2e.config(root))) {
            Path out = skopeo().pull(E2e.hostPort(server), "cli/app", "v1", work.resolve("pulled"));
            assertThat(E2e.verifyLayout(out, "v1")).contains(image.manifest().digest()).hasSize(4);
        }
    }

    @Test
    void rebuildReferrersRestoresALostIndexSoTheApiListsTheReferrerAgain() throws Exception {
        Path root = work.resolve("store");
        Path config = Files.writeString(work.resolve("config.yml"), E2e.config(root));
        String subjectDigest;
        String referrerDigest;
        try (StowageRegistry server = E2e.serve(E2e.config(root))) {
            Http http = new Http(server.uri());
            byte[] config1 = "{}".getBytes(StandardCharsets.UTF_8);
            Digest configDigest = Digest.sha256(config1);
            HttpResponse<byte[]> post = http.send("POST", "/v2/cli/refs/blobs/uploads/", new byte[0]);
            assertThat(http.send("PUT", Http.withDigest(Http.location(post), configDigest), config1,
                    "Content-Type", "application/octet-stream").statusCode()).isEqualTo(201);
            String type = "application/vnd.oci.image.manifest.v1+json";
            String configJson = "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                    + "\",\"size\":2}";
            byte[] subject = ("{\"schemaVersion\":2,\"mediaType\":\"" + type + "\",\"config\":" + configJson
                    + ",\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
            subjectDigest = Digest.sha256(subject).toString();
            assertThat(http.send("PUT", "/v2/cli/refs/manifests/v1", subject, "Content-Type", type).statusCode()).isEqualTo(201);
            byte[] referrer = ("{\"schemaVersion\":2,\"mediaType\":\"" + type + "\",\"artifactType\":\"application/x-sig\","
                    + "\"config\":" + configJson + ",\"layers\":[],\"subject\":{\"mediaType\":\"" + type + "\",\"digest\":\""
                    + subjectDigest + "\",\"size\":" + subject.length + "}}").getBytes(StandardCharsets.UTF_8);
            referrerDigest = Digest.sha256(referrer).toString();
            assertThat(http.send("PUT", "/v2/cli/refs/manifests/" + referrerDigest, referrer, "Content-Type", type)
                    .statusCode()).isEqualTo(201);
        }
        // as in a store another registry wrote: the index is gone
        Path index = root.resolve("docker/registry/v2/repositories/cli/refs/_referrers");
        assertThat(index).isDirectory();
        try (var files = Files.walk(index)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Run rebuild = run("rebuild-referrers", config.toString());
        assertThat(rebuild.exit()).as(rebuild.err()).isZero();
        assertThat(rebuild.out()).contains("cli/refs: 2 manifests read, 1 entries added, 0 stale entries removed");
        try (StowageRegistry server = E2e.serve(E2e.config(root))) {
            HttpResponse<byte[]> referrers = new Http(server.uri()).send("GET", "/v2/cli/refs/referrers/" + subjectDigest,
                    new byte[0]);
            assertThat(referrers.statusCode()).isEqualTo(200);
            assertThat(new String(referrers.body(), StandardCharsets.UTF_8)).contains(referrerDigest)
                    .contains("application/x-sig");
        }
    }
}
