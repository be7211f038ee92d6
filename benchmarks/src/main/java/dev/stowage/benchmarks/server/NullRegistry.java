package dev.stowage.benchmarks.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry that keeps nothing and answers at once: every blob is missing, every upload and
 * manifest is accepted unread. What a push client takes against it is its own cost of a push, the
 * ceiling of any registry's push time.
 *
 * <p>It speaks just enough HTTP/1.1 on a plain socket (keep-alive, {@code Content-Length} and
 * chunked bodies) to answer at once what the JDK's server would not: skopeo first tries TLS, and
 * a TLS hello must get an immediate error, not a wait for a request line that never comes.
 */
final class NullRegistry implements AutoCloseable {

    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]*)");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern DIGEST = Pattern.compile("(?:^|&)digest=([^&]+)");
    private static final int TLS_HANDSHAKE = 0x16;

    private final ServerSocket socket;
    private final ExecutorService connections = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "null-registry");
        thread.setDaemon(true);
        return thread;
    });

    NullRegistry() throws IOException {
        socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        connections.execute(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.execute(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection;
             InputStream in = new BufferedInputStream(connection.getInputStream(), 64 << 10);
             OutputStream out = new BufferedOutputStream(connection.getOutputStream())) {
            connection.setTcpNoDelay(true);
            in.mark(1);
            if (in.read() == TLS_HANDSHAKE) {
                out.write("HTTP/1.0 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            in.reset();
            String requestLine;
            while ((requestLine = line(in)) != null && !requestLine.isEmpty()) {
                String[] parts = requestLine.split(" ");
                String method = parts[0];
                String target = parts[1];
                long length = 0;
                boolean chunked = false;
                String header;
                while (!(header = line(in)).isEmpty()) {
                    String lower = header.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(header.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                int query = target.indexOf('?');
                String path = query < 0 ? target : target.substring(0, query);
                Matcher manifest = MANIFEST.matcher(path);
                // blobs are dropped unread; a manifest is kept to answer its digest
                OutputStream sink = manifest.matches() ? new java.io.ByteArrayOutputStream() : OutputStream.nullOutputStream();
                long received = chunked ? copyChunks(in, sink) : copy(in, sink, length);
                out.write(answer(method, path, query < 0 ? "" : target.substring(query + 1), received, sink)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away: nothing to keep
        }
    }

    private static String answer(String method, String path, String query, long received, OutputStream body) {
        Matcher uploads = UPLOADS.matcher(path);
        Matcher manifest = MANIFEST.matcher(path);
        if (path.equals("/v2/") || path.equals("/v2")) {
            return response("200 OK", "");
        } else if (uploads.matches() && method.equals("POST")) {
            return response("202 Accepted", "Location: /v2/" + uploads.group(1) + "/blobs/uploads/" + UUID.randomUUID()
                    + "\r\nRange: 0-0\r\n");
        } else if (uploads.matches() && method.equals("PATCH")) {
            return response("202 Accepted", "Location: " + path + "\r\nRange: 0-" + Math.max(0, received - 1) + "\r\n");
        } else if (uploads.matches() && method.equals("PUT")) {
            Matcher digest = DIGEST.matcher(query);
            String stated = digest.find() ? digest.group(1).replace("%3A", ":").replace("%3a", ":") : "";
            return response("201 Created", "Location: /v2/" + uploads.group(1) + "/blobs/" + stated
                    + "\r\nDocker-Content-Digest: " + stated + "\r\n");
        } else if (manifest.matches() && method.equals("PUT")) {
            // the client checks the digest it is given against the manifest it sent
            String digest = "sha256:" + HexFormat.of().formatHex(
                    RegistryVsGo.sha256(((java.io.ByteArrayOutputStream) body).toByteArray()));
            return response("201 Created", "Location: /v2/" + manifest.group(1) + "/manifests/" + digest
                    + "\r\nDocker-Content-Digest: " + digest + "\r\n");
        }
        return response("404 Not Found", ""); // HEAD of a blob or manifest: never there
    }

    private static String response(String status, String headers) {
        return "HTTP/1.1 " + status + "\r\nDocker-Distribution-API-Version: registry/2.0\r\n" + headers
                + "Content-Length: 0\r\n\r\n";
    }

    /** One CRLF-ended line without its end, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        if (line.length() == 0) {
            return null;
        }
        throw new IOException("connection ended mid-line");
    }

    private static long copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 << 10];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("body ended " + left + " bytes short");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        return length;
    }

    private static long copyChunks(InputStream in, OutputStream out) throws IOException {
        long total = 0;
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("chunked body ended early");
            }
            int semicolon = size.indexOf(';');
            long chunk = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (chunk == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return total;
            }
            total += copy(in, out, chunk);
            line(in); // the CRLF after the chunk
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
    }
}
