package dev.stowage.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.conformance.faults.FaultInjectingDriver;
import dev.stowage.conformance.faults.FaultInjectingDriver.Faults;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.server.http.RegistryServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slow backend or a slow client never takes the whole server. */
class LimitsTest {

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void whenASlowBackendHoldsEveryStoragePermitMoreRequestsGet429AndTheServerStaysResponsive() throws Exception {
        try (StorageDriver backend = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()))) {
            StorageDriver slow = FaultInjectingDriver.wrap(backend, Faults.none().withDelay(Duration.ofMillis(1500), 1));
            try (Registry registry = Registry.builder(slow).build();
                 RegistryServer server = RegistryServer.builder(registry).address("127.0.0.1", 0).maxThreads(16)
                         .maxConcurrentRequests(4).build()) {
                server.start();
                URI blob = URI.create(server.uri() + "/v2/slow/app/blobs/" + Digest.sha256(new byte[] {1}));
                List<CompletableFuture<HttpResponse<String>>> stalled = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    stalled.add(http.sendAsync(HttpRequest.newBuilder(blob).build(), HttpResponse.BodyHandlers.ofString()));
                }
                Thread.sleep(300); // the first four are in the backend now
                HttpResponse<String> base = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(base.statusCode()).isEqualTo(200);
                assertThat(stalled.stream().filter(f -> f.isDone() && f.join().statusCode() == 404))
                        .as("the version check was answered while the backend still stalled").isEmpty();
                int tooMany = 0;
                int answered = 0;
                for (CompletableFuture<HttpResponse<String>> f : stalled) {
                    HttpResponse<String> r = f.get();
                    if (r.statusCode() == 429) {
                        tooMany++;
                        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                        assertThat(r.body()).contains("TOOMANYREQUESTS");
                    } else {
                        assertThat(r.statusCode()).isEqualTo(404);
                        answered++;
                    }
                }
                assertThat(tooMany).as("requests beyond the four permits").isGreaterThanOrEqualTo(6);
                assertThat(answered).isGreaterThanOrEqualTo(4);
            }
        }
    }

    @Test
    void aClientSendingAByteAtATimeIsCutOffAndItsUploadKeepsWhatArrived() throws Exception {
        try (StorageDriver driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
             Registry registry = Registry.builder(driver).build();
             RegistryServer server = RegistryServer.builder(registry).address("127.0.0.1", 0).minDataRate(2048).build()) {
            server.start();
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/v2/slow/app/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            URI location = URI.create(post.headers().firstValue("Location").orElseThrow());
            boolean cutOff = false;
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("PATCH " + location.getRawPath() + "?" + location.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[512]);
                out.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
                try {
                    while (System.nanoTime() < deadline) {
                        out.write(7);
                        out.flush();
                        Thread.sleep(100);
                        if (socket.getInputStream().available() > 0) {
                            break;
                        }
                    }
                } catch (java.io.IOException e) {
                    cutOff = true; // the server closed the connection under us
                }
                if (!cutOff) {
                    InputStream in = socket.getInputStream();
                    byte[] answer = in.readNBytes(12);
                    cutOff = answer.length == 0 || new String(answer, StandardCharsets.US_ASCII).matches("HTTP/1.1 [45]\\d\\d");
                }
            }
            assertThat(cutOff).as("the slow client was cut off").isTrue();
            HttpResponse<String> status = null;
            for (int i = 0; i < 50; i++) { // the upload is released once the cut-off request has ended
                status = http.send(HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 204) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(status.statusCode()).isEqualTo(204);
            long received = Long.parseLong(status.headers().firstValue("Range").orElseThrow().substring(2)) + 1;
            assertThat(received).as("what arrived before the cut is kept").isGreaterThanOrEqualTo(512).isLessThan(100_000);
        }
    }
}
