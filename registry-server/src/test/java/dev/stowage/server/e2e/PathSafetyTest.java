package dev.stowage.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.registry.Digest;
import dev.stowage.server.StowageRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Hostile names, tags, digests and ranges over raw sockets: 4xx, and nothing written where it should not be. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathSafetyTest {

    @TempDir
    static Path work;

    private StowageRegistry server;
    private Http http;
    private String host;
    private int port;

    @BeforeAll
    void start() throws Exception {
        server = E2e.serve(E2e.config(work.resolve("store")));
        http = new Http(server.uri());
        host = server.uri().getHost();
        port = server.uri().getPort();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"" + E2e.OCI_MANIFEST + "\",\"config\":"
            + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
            + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}";

    @Test
    void traversalAndInvalidNamesTagsAndDigestsAre4xxAndWriteNothingOutsideTheValidRepository() throws Exception {
        // Something legitimate first, so the tree exists.
        byte[] config = "{}".getBytes(UTF_8);
        HttpResponse<byte[]> post = http.send("POST", "/v2/valid/repo/blobs/uploads/", new byte[0]);
        assertThat(http.send("PUT", Http.withDigest(Http.location(post), Digest.sha256(config)), config,
                "Content-Type", "application/octet-stream").statusCode()).isEqualTo(201);
        assertThat(http.send("PUT", "/v2/valid/repo/manifests/v1", MANIFEST.getBytes(UTF_8),
                "Content-Type", E2e.OCI_MANIFEST).statusCode()).isEqualTo(201);
        Set<String> before = E2e.files(work);

        String longName = "a".repeat(128) + "/" + "b".repeat(128);
        String badDigest = "sha256:..%2F..%2F..%2F..%2Fetc%2Fpasswd";
        List<String[]> attacks = List.of(
                new String[] {"GET", "/v2/../../../../etc/passwd"},
                new String[] {"GET", "/v2/valid/repo/../../../../../etc/passwd/manifests/latest"},
                new String[] {"POST", "/v2/valid/../../outside/blobs/uploads/"},
                new String[] {"POST", "/v2/%2e%2e/%2e%2e/outside/blobs/uploads/"},
                new String[] {"POST", "/v2/valid/%2e%2e/%2e%2e/%2e%2e/outside/blobs/uploads/"},
                new String[] {"POST", "/v2/valid/%2e%2e%2f%2e%2e%2foutside/blobs/uploads/"},
                new String[] {"POST", "/v2/..%2F..%2Foutside/blobs/uploads/"},
                new String[] {"POST", "/v2/valid%2Frepo/blobs/uploads/"},
                new String[] {"POST", "/v2/valid%2F..%2F..%2Foutside/blobs/uploads/"},
                new String[] {"PUT", "/v2/valid/..%2F..%2F..%2Foutside/manifests/latest"},
                new String[] {"PUT", "/v2/%2e%2e/outside/manifests/latest"},
                new String[] {"PUT", "/v2/valid/repo/manifests/..%2F..%2F..%2Fevil"},
                new String[] {"PUT", "/v2/valid/repo/manifests/%2e%2e"},
                new String[] {"PUT", "/v2/valid/repo/manifests/-dash-first"},
                new String[] {"PUT", "/v2/valid/repo/manifests/" + "t".repeat(129)},
                new String[] {"PUT", "/v2/valid/repo/manifests/sha256:..%2F..%2Fevil"},
                new String[] {"PUT", "/v2/Valid/Upper/manifests/latest"},
                new String[] {"POST", "/v2/" + longName + "/blobs/uploads/"},
                new String[] {"PUT", "/v2/" + longName + "/manifests/latest"},
                new String[] {"GET", "/v2/" + longName + "/tags/list"},
                new String[] {"GET", "/v2/valid/repo/blobs/" + badDigest},
                new String[] {"GET", "/v2/valid/repo/blobs/sha256:zz"},
                new String[] {"DELETE", "/v2/valid/repo/blobs/sha256:..%2F..%2F..%2F..%2F..%2F..%2Fvalid"},
                new String[] {"GET", "/v2/valid/repo/manifests/" + badDigest},
                new String[] {"DELETE", "/v2/valid/repo/manifests/" + badDigest},
                new String[] {"PATCH", "/v2/valid/repo/blobs/uploads/..%2F..%2F..%2F..%2Foutside"},
                new String[] {"PUT", "/v2/valid/repo/blobs/uploads/..%2F..%2F..%2F..%2Foutside?digest=sha256:"
                        + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
                new String[] {"GET", "/v2/valid/repo/blobs/uploads/%2e%2e%2f%2e%2e%2f_uploads"},
                new String[] {"GET", "/v2/valid/repo/referrers/" + badDigest});
        List<String> failures = new ArrayList<>();
        for (String[] attack : attacks) {
            byte[] body = attack[0].equals("PUT") || attack[0].equals("PATCH") ? MANIFEST.getBytes(UTF_8) : null;
            Http.Raw raw = Http.raw(host, port, attack[0], attack[1], body, "Content-Type", E2e.OCI_MANIFEST);
            if (raw.status() < 400 || raw.status() >= 500) {
                failures.add(attack[0] + " " + attack[1] + " -> " + raw.status() + " " + raw.body());
            }
        }
        // A finished upload's digest must be a digest.
        HttpResponse<byte[]> upload = http.send("POST", "/v2/valid/repo/blobs/uploads/", new byte[0]);
        for (String digest : List.of("sha256:..%2F..%2F..%2Fevil", "sha256:" + "z".repeat(64), "md5:abc", "..%2Fevil")) {
            Http.Raw raw = Http.raw(host, port, "PUT", pathOf(Http.location(upload)) + "&digest=" + digest, config,
                    "Content-Type", "application/octet-stream");
            if (raw.status() < 400 || raw.status() >= 500) {
                failures.add("PUT upload digest=" + digest + " -> " + raw.status() + " " + raw.body());
            }
        }
        // A cross-repository mount from a hostile name is never a mount (Go: a fresh upload instead).
        Http.Raw mount = Http.raw(host, port, "POST", "/v2/valid/repo/blobs/uploads/?mount=sha256:"
                + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a&from=..%2F..%2F..%2Fetc", null);
        if (mount.status() == 201 || mount.status() >= 500) {
            failures.add("mount from a hostile name -> " + mount.status() + " " + mount.body());
        }
        assertThat(failures).as("requests not refused with a 4xx").isEmpty();

        Set<String> added = new LinkedHashSet<>(E2e.files(work));
        added.removeAll(before);
        assertThat(added).as("files written by hostile requests")
                .allMatch(PathSafetyTest::underAValidUpload);
        assertThat(E2e.files(work)).noneMatch(p -> p.contains("outside") || p.contains("evil") || p.contains("passwd"));
        assertThat(work.resolve("store/docker/registry/v2/repositories/Valid")).doesNotExist();
    }

    /**
     * Inside the valid repository's uploads (the two uploads begun above), in the repository tree or
     * in the filesystem driver's staging area that mirrors it, or a parent folder of those.
     */
    private static boolean underAValidUpload(String path) {
        for (String allowed : List.of("store/docker/registry/v2/repositories/valid/repo/_uploads/",
                "store/#stowage/uploads/docker/registry/v2/repositories/valid/repo/_uploads/")) {
            if (path.startsWith(allowed) || (path.endsWith("/") && allowed.startsWith(path))) {
                return true;
            }
        }
        return false;
    }

    private static String pathOf(String location) {
        return location.startsWith("http") ? location.substring(location.indexOf('/', 8)) : location;
    }

    @Test
    void patchWithABogusContentRangeIs4xxAndLeavesTheUploadIntact() throws Exception {
        byte[] content = new byte[300];
        new Random(81).nextBytes(content);
        HttpResponse<byte[]> post = http.send("POST", "/v2/valid/ranges/blobs/uploads/", new byte[0]);
        assertThat(post.statusCode()).isEqualTo(202);
        HttpResponse<byte[]> first = http.send("PATCH", Http.location(post), slice(content, 0, 100),
                "Content-Type", "application/octet-stream", "Content-Range", "0-99");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Range")).hasValue("0-99");
        String good = Http.location(first);

        for (String[] bogus : List.of(new String[] {"200-299", "a gap"}, new String[] {"50-149", "an overlap"},
                new String[] {"0-99", "a repeat"}, new String[] {"garbage", "not a range"},
                new String[] {"100-49", "backwards"}, new String[] {"bytes 100-199/300", "Content-Range of a response"},
                new String[] {"100-9999999999999999999999", "an overflow"})) {
            String range = bogus[0];
            byte[] chunk = slice(content, 100, 200);
            Http.Raw raw = Http.raw(host, port, "PATCH", pathOf(good), chunk, "Content-Type", "application/octet-stream",
                    "Content-Range", range);
            assertThat(raw.status()).as("PATCH with %s (%s): %s", range, bogus[1], raw.body()).isBetween(400, 499);
        }
        // A Content-Range whose length is not the body's (Go: 416).
        Http.Raw shortBody = Http.raw(host, port, "PATCH", pathOf(good), slice(content, 100, 150),
                "Content-Type", "application/octet-stream", "Content-Range", "100-199");
        assertThat(shortBody.status()).as("PATCH 100-199 with 50 bytes: %s", shortBody.body()).isBetween(400, 499);

        HttpResponse<byte[]> status = http.get(good);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-99");

        HttpResponse<byte[]> second = http.send("PATCH", good, slice(content, 100, 300),
                "Content-Type", "application/octet-stream", "Content-Range", "100-299");
        assertThat(second.statusCode()).as(Http.text(second)).isEqualTo(202);
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> put = http.send("PUT", Http.withDigest(Http.location(second), digest), new byte[0],
                "Content-Type", "application/octet-stream");
        assertThat(put.statusCode()).as(Http.text(put)).isEqualTo(201);
        assertThat(http.get("/v2/valid/ranges/blobs/" + digest).body()).isEqualTo(content);
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
