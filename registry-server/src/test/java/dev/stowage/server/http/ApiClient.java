package dev.stowage.server.http;

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

/** Plain HTTP against a running registry, with the few steps every workflow repeats; follows redirects as registry clients do. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;

    ApiClient(URI base) {
        this(base, true);
    }

    ApiClient(URI base, boolean followRedirects) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER).build();
    }

    URI uri(String pathAndQuery) {
        return pathAndQuery.startsWith("http") ? URI.create(pathAndQuery) : URI.create(base + pathAndQuery);
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    HttpResponse<byte[]> head(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).method("HEAD", HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    HttpResponse<byte[]> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    HttpResponse<byte[]> post(String path, byte[] body) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/octet-stream"));
    }

    HttpResponse<byte[]> put(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType));
    }

    HttpResponse<byte[]> patch(String location, byte[] body, String contentRange) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(location).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/octet-stream");
        if (contentRange != null) {
            b.header("Content-Range", contentRange);
        }
        return send(b);
    }

    /** Starts an upload and returns its location. */
    String startUpload(String name) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = post("/v2/" + name + "/blobs/uploads/", new byte[0]);
        assertThat(r.statusCode()).as("POST upload: %s", text(r)).isEqualTo(202);
        return location(r);
    }

    /** Pushes a blob with POST then PUT and returns its digest. */
    Digest pushBlob(String name, byte[] content) throws IOException, InterruptedException {
        Digest digest = Digest.sha256(content);
        String location = startUpload(name);
        HttpResponse<byte[]> r = put(withDigest(location, digest), "application/octet-stream", content);
        assertThat(r.statusCode()).as("PUT upload: %s", text(r)).isEqualTo(201);
        return digest;
    }

    /** Pushes a manifest under a tag or digest and returns the answer. */
    HttpResponse<byte[]> pushManifest(String name, String reference, String mediaType, String manifest)
            throws IOException, InterruptedException {
        return put("/v2/" + name + "/manifests/" + reference, mediaType, manifest.getBytes(UTF_8));
    }

    String location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location header in a " + response.statusCode() + " answer"));
        return location;
    }

    static String withDigest(String location, Digest digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), UTF_8);
    }

    static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** The first error code of an error body. */
    static String errorCode(HttpResponse<byte[]> response) throws IOException {
        return json(response).path("errors").path(0).path("code").asText();
    }
}
