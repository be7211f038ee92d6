package dev.stowage.server.scale;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.registry.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A registry client that sends each request to the next of several registries in turn (A, B, A,
 * B, …), rewriting an upload's {@code Location} onto whichever registry's turn it is. Not thread
 * safe: one per client thread; the {@link HttpClient} underneath may be shared.
 */
final class Alternating {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar";

    /** One answer and the registry that gave it. */
    record Answer(URI replica, HttpResponse<byte[]> response) {
        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        byte[] body() {
            return response.body();
        }

        @Override
        public String toString() {
            return response.request().method() + " " + response.request().uri() + " -> " + status() + " "
                    + new String(response.body(), UTF_8);
        }
    }

    private final HttpClient http;
    private final List<URI> replicas;
    private int turn;

    Alternating(HttpClient http, List<URI> replicas, int firstTurn) {
        this.http = http;
        this.replicas = List.copyOf(replicas);
        this.turn = firstTurn;
    }

    static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The registry whose turn it is; the turn passes on. */
    private URI next() {
        URI replica = replicas.get(turn % replicas.size());
        turn++;
        return replica;
    }

    /** {@code pathOrLocation}'s path and query, on {@code replica}. */
    static URI on(URI replica, String pathOrLocation) {
        String pathAndQuery = pathOrLocation;
        if (pathOrLocation.startsWith("http://") || pathOrLocation.startsWith("https://")) {
            URI uri = URI.create(pathOrLocation);
            pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        String base = replica.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }

    /** Sends to the registry whose turn it is. */
    Answer send(String method, String pathOrLocation, byte[] body, String... headers) throws IOException, InterruptedException {
        return sendTo(next(), method, pathOrLocation, body, headers);
    }

    /** Sends to {@code replica}, leaving the turn alone. */
    Answer sendTo(URI replica, String method, String pathOrLocation, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(on(replica, pathOrLocation)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new Answer(replica, http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    static String location(Answer answer) {
        String location = answer.header("Location");
        assertThat(location).as("Location of %s", answer).isNotNull();
        return location;
    }

    static String withDigest(String location, Digest digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    /**
     * A chunked upload of {@code blob} into {@code repository}: POST, then two or three PATCHes,
     * then the PUT (with the last piece half the time), each on the next registry in turn. Checks
     * every answer's status and the {@code Range} the registry reports after each PATCH.
     */
    Digest pushChunked(String repository, byte[] blob, Random random) throws IOException, InterruptedException {
        Digest digest = Digest.sha256(blob);
        Answer post = send("POST", "/v2/" + repository + "/blobs/uploads/", new byte[0]);
        assertThat(post.status()).as("%s", post).isEqualTo(202);
        String location = location(post);
        int patches = Math.min(blob.length, 2 + random.nextInt(2));
        boolean lastInPut = blob.length > patches && random.nextBoolean();
        int pieces = patches + (lastInPut ? 1 : 0);
        List<Integer> cuts = cuts(blob.length, pieces, random);
        for (int i = 0; i < patches; i++) {
            int from = cuts.get(i);
            int to = cuts.get(i + 1);
            byte[] chunk = java.util.Arrays.copyOfRange(blob, from, to);
            Answer patch = send("PATCH", location, chunk, "Content-Type", "application/octet-stream",
                    "Content-Range", from + "-" + (to - 1));
            assertThat(patch.status()).as("%s", patch).isEqualTo(202);
            assertThat(patch.header("Range")).as("Range after %s", patch).isEqualTo("0-" + (to - 1));
            location = location(patch);
        }
        byte[] last = lastInPut ? java.util.Arrays.copyOfRange(blob, cuts.get(patches), blob.length) : new byte[0];
        Answer put = send("PUT", withDigest(location, digest), last, "Content-Type", "application/octet-stream");
        assertThat(put.status()).as("%s", put).isEqualTo(201);
        assertThat(put.header("Docker-Content-Digest")).as("%s", put).isEqualTo(digest.toString());
        return digest;
    }

    /** {@code pieces + 1} increasing offsets from 0 to {@code length} ({@code pieces <= length}): every piece non-empty. */
    private static List<Integer> cuts(int length, int pieces, Random random) {
        java.util.TreeSet<Integer> inner = new java.util.TreeSet<>();
        while (inner.size() < pieces - 1) {
            inner.add(1 + random.nextInt(length - 1));
        }
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        cuts.addAll(inner);
        cuts.add(length);
        return cuts;
    }

    /** PUTs a manifest on the next registry in turn and checks that it was stored under its digest. */
    Digest pushManifest(String repository, String reference, byte[] manifest) throws IOException, InterruptedException {
        Digest digest = Digest.sha256(manifest);
        Answer put = send("PUT", "/v2/" + repository + "/manifests/" + reference, manifest, "Content-Type", OCI_MANIFEST);
        assertThat(put.status()).as("%s", put).isEqualTo(201);
        assertThat(put.header("Docker-Content-Digest")).as("%s", put).isEqualTo(digest.toString());
        return digest;
    }

    /**
     * Pulls {@code reference} and everything its manifest names, each request on the next
     * registry in turn, checking bytes and digests; returns the manifest's bytes.
     */
    byte[] pullAndVerify(String repository, String reference, byte[] expectedManifest) throws IOException, InterruptedException {
        Answer manifest = send("GET", "/v2/" + repository + "/manifests/" + reference, null, "Accept", OCI_MANIFEST);
        assertThat(manifest.status()).as("%s", manifest).isEqualTo(200);
        Digest digest = Digest.sha256(manifest.body());
        assertThat(manifest.header("Docker-Content-Digest")).as("manifest digest from %s", manifest.replica())
                .isEqualTo(digest.toString());
        assertThat(manifest.body()).as("manifest from %s", manifest.replica()).isEqualTo(expectedManifest);
        JsonNode json = JSON.readTree(manifest.body());
        List<JsonNode> blobs = new ArrayList<>();
        blobs.add(json.path("config"));
        json.path("layers").forEach(blobs::add);
        for (JsonNode descriptor : blobs) {
            String blobDigest = descriptor.path("digest").asText();
            Answer blob = send("GET", "/v2/" + repository + "/blobs/" + blobDigest, null);
            assertThat(blob.status()).as("GET %s from %s", blobDigest, blob.replica()).isEqualTo(200);
            assertThat(Digest.sha256(blob.body()).toString()).as("digest of %s from %s", blobDigest, blob.replica())
                    .isEqualTo(blobDigest);
            assertThat((long) blob.body().length).isEqualTo(descriptor.path("size").asLong());
            assertThat(blob.header("Docker-Content-Digest")).isEqualTo(blobDigest);
        }
        return manifest.body();
    }

    /** An OCI image manifest over a config and layers (given as their bytes). */
    static byte[] manifest(byte[] config, List<byte[]> layers) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":")
                .append(descriptor(CONFIG_TYPE, config)).append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            json.append(i == 0 ? "" : ",").append(descriptor(LAYER_TYPE, layers.get(i)));
        }
        return json.append("]}").toString().getBytes(UTF_8);
    }

    private static String descriptor(String mediaType, byte[] content) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(content) + "\",\"size\":"
                + content.length + "}";
    }
}
