package dev.stowage.server.e2e;

import static dev.stowage.server.e2e.E2e.skopeo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.testing.GoRegistry;
import dev.stowage.registry.testing.Skopeo;
import dev.stowage.server.StowageRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go registry (distribution 2.8.2) and Stowage on one filesystem root, in turn and at once. */
class GoRegistryInteropTest {

    @TempDir
    Path work;

    private void assertSameImage(Skopeo.Image image, Path pulled) throws Exception {
        assertThat(E2e.verifyLayout(pulled, image.tag()).iterator().next()).isEqualTo(image.manifest().digest());
        for (Descriptor blob : image.blobs()) {
            assertThat(Files.readAllBytes(Skopeo.blobPath(pulled, blob.digest())))
                    .isEqualTo(Files.readAllBytes(image.blob(blob.digest())));
        }
    }

    @Test
    void imagesPushedThroughEitherArePulledThroughTheOtherWhenTheyServeOneRootInTurn() throws Exception {
        Path root = work.resolve("shared");
        Skopeo.Image fromGo = Skopeo.buildImage(work.resolve("from-go"), "go", 3, 30_000, 51);
        Skopeo.Image fromStowage = Skopeo.buildImage(work.resolve("from-stowage"), "stowage", 2, 40_000, 52);

        try (GoRegistry go = GoRegistry.start(root)) {
            skopeo().push(fromGo, go.hostPort(), "interop/app");
        }
        try (StowageRegistry stowage = E2e.serve(E2e.config(root))) {
            String host = E2e.hostPort(stowage);
            assertSameImage(fromGo, skopeo().pull(host, "interop/app", "go", work.resolve("go-via-stowage")));
            skopeo().push(fromStowage, host, "interop/app");
        }
        try (GoRegistry go = GoRegistry.start(root)) {
            assertSameImage(fromStowage, skopeo().pull(go.hostPort(), "interop/app", "stowage", work.resolve("stowage-via-go")));
            assertSameImage(fromGo, skopeo().pull(go.hostPort(), "interop/app", "go", work.resolve("go-via-go")));
            HttpResponse<byte[]> tags = new Http(go.baseUri()).get("/v2/interop/app/tags/list");
            assertThat(E2e.JSON.readTree(tags.body()).path("tags").toString()).contains("\"go\"", "\"stowage\"");
        }
    }

    @Test
    void bothServingAtOnceSeeEachOthersPushes() throws Exception {
        Path root = work.resolve("shared");
        Skopeo.Image a = Skopeo.buildImage(work.resolve("a"), "a", 2, 20_000, 53);
        Skopeo.Image b = Skopeo.buildImage(work.resolve("b"), "b", 2, 20_000, 54);
        try (GoRegistry go = GoRegistry.start(root); StowageRegistry stowage = E2e.serve(E2e.config(root))) {
            String host = E2e.hostPort(stowage);
            skopeo().push(a, go.hostPort(), "together/app");
            assertSameImage(a, skopeo().pull(host, "together/app", "a", work.resolve("a-out")));
            skopeo().push(b, host, "together/app");
            assertSameImage(b, skopeo().pull(go.hostPort(), "together/app", "b", work.resolve("b-out")));
        }
    }

    @Test
    void uploadBegunThroughGoIsFinishedThroughStowageWithTheSharedSecret() throws Exception {
        Path root = work.resolve("shared");
        byte[] first = new byte[70_000];
        byte[] second = new byte[33_333];
        Random random = new Random(55);
        random.nextBytes(first);
        random.nextBytes(second);
        byte[] whole = new byte[first.length + second.length];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(second, 0, whole, first.length, second.length);
        Digest digest = Digest.sha256(whole);

        // E2e.config's http.secret
        try (GoRegistry go = GoRegistry.start(root, GoRegistry.Options.defaults().withSecret("e2e-shared-secret"));
                StowageRegistry stowage = E2e.serve(E2e.config(root))) {
            Http onGo = new Http(go.baseUri());
            HttpResponse<byte[]> post = onGo.send("POST", "/v2/resume/blob/blobs/uploads/", new byte[0]);
            assertThat(post.statusCode()).isEqualTo(202);
            HttpResponse<byte[]> patch = onGo.send("PATCH", Http.location(post), first,
                    "Content-Type", "application/octet-stream");
            assertThat(patch.statusCode()).as(Http.text(patch)).isEqualTo(202);
            assertThat(patch.headers().firstValue("Range")).hasValue("0-" + (first.length - 1));
            String goLocation = Http.location(patch);
            assertThat(goLocation).contains("_state=");

            String pathAndQuery = goLocation.startsWith("http") ? goLocation.substring(goLocation.indexOf('/', 8)) : goLocation;
            Http onStowage = new Http(stowage.uri());
            HttpResponse<byte[]> put = onStowage.send("PUT", Http.withDigest(pathAndQuery, digest), second,
                    "Content-Type", "application/octet-stream");
            assertThat(put.statusCode()).as(Http.text(put)).isEqualTo(201);
            assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());

            assertThat(onStowage.get("/v2/resume/blob/blobs/" + digest).body()).isEqualTo(whole);
            HttpResponse<byte[]> fromGo = onGo.get("/v2/resume/blob/blobs/" + digest);
            assertThat(fromGo.statusCode()).isEqualTo(200);
            assertThat(fromGo.body()).isEqualTo(whole);
        }
    }

    /**
     * The documented exception (docs/registry-storage.md): on the filesystem driver Stowage keeps an
     * unfinished upload's data out of the Go registry's sight, so Go cannot resume it; the attempt
     * must harm nothing, and Stowage still finishes the upload.
     */
    @Test
    void uploadBegunThroughStowageIsRefusedByGoHarmlesslyAndStillFinishedByStowage() throws Exception {
        Path root = work.resolve("shared");
        byte[] first = new byte[50_000];
        byte[] second = new byte[12_345];
        Random random = new Random(56);
        random.nextBytes(first);
        random.nextBytes(second);
        byte[] whole = new byte[first.length + second.length];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(second, 0, whole, first.length, second.length);
        Digest digest = Digest.sha256(whole);

        try (GoRegistry go = GoRegistry.start(root, GoRegistry.Options.defaults().withSecret("e2e-shared-secret"));
                StowageRegistry stowage = E2e.serve(E2e.config(root))) {
            Http onStowage = new Http(stowage.uri());
            HttpResponse<byte[]> post = onStowage.send("POST", "/v2/resume/reverse/blobs/uploads/", new byte[0]);
            assertThat(post.statusCode()).isEqualTo(202);
            HttpResponse<byte[]> patch = onStowage.send("PATCH", Http.location(post), first,
                    "Content-Type", "application/octet-stream");
            assertThat(patch.statusCode()).as(Http.text(patch)).isEqualTo(202);
            String location = Http.location(patch);
            assertThat(location).contains("_state=");
            String pathAndQuery = location.startsWith("http") ? location.substring(location.indexOf('/', 8)) : location;

            Http onGo = new Http(go.baseUri());
            HttpResponse<byte[]> status = onGo.get(pathAndQuery);
            assertThat(status.statusCode()).as("Go's upload status: %s", Http.text(status)).isEqualTo(404);
            assertThat(Http.text(status)).contains("BLOB_UPLOAD_INVALID");

            HttpResponse<byte[]> put = onStowage.send("PUT", Http.withDigest(pathAndQuery, digest), second,
                    "Content-Type", "application/octet-stream");
            assertThat(put.statusCode()).as("Stowage finishing after Go's refusal: %s", Http.text(put)).isEqualTo(201);
            assertThat(onGo.get("/v2/resume/reverse/blobs/" + digest).body()).isEqualTo(whole);
            assertThat(onStowage.get("/v2/resume/reverse/blobs/" + digest).body()).isEqualTo(whole);
        }
    }
}
