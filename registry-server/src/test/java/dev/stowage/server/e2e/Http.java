package dev.stowage.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** java.net.http against a base URI, plus raw socket requests for paths HttpClient would not send as written. */
final class Http {

    private final HttpClient client;
    private final URI base;

    Http(URI base) {
        this(base, HttpClient.newBuilder());
    }

    Http(URI base, HttpClient.Builder builder) {
        this.base = base;
        this.client = builder.connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI uri(String pathAndQuery) {
        return pathAndQuery.startsWith("http") ? URI.create(pathAndQuery) : URI.create(base + pathAndQuery);
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, headers);
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), UTF_8);
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location in a " + response.statusCode() + " answer"));
    }

    static String withDigest(String location, Object digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    /** A raw HTTP/1.1 answer: the status code, the head and the body as text. */
    record Raw(int status, String head, String body) {}

    /** Sends {@code method target} exactly as written over a socket to {@code host:port}, with a body. */
    static Raw raw(String host, int port, String method, String target, byte[] body, String... headers) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\nContent-Length: " + (body == null ? 0 : body.length) + "\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String rest = split < 0 ? "" : text.substring(split + 4);
            String[] status = head.split(" ", 3);
            return new Raw(Integer.parseInt(status[1]), head, rest);
        }
    }

    static List<String> headerValues(Raw raw, String name) {
        List<String> values = new ArrayList<>();
        for (String line : raw.head().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                values.add(line.substring(colon + 1).trim());
            }
        }
        return values;
    }
}
