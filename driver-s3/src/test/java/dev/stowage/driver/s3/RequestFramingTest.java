package dev.stowage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How writes go on the wire, seen by a server that records each request and answers every one
 * with an empty success: bodies as they are (not in aws-chunked frames), small ones at once (one
 * round trip instead of two, as the Go driver sends them), large ones (above the SDK's 1 MiB)
 * still asking for {@code 100 Continue} first. And how getContent trusts a GET's Content-Length:
 * an object larger than an array holds is refused before anything is allocated.
 */
class RequestFramingTest {

    private record Seen(String method, String path, String expect, long length, String encoding, String contentSha256) {}

    /** The length announced for a GET of {@code .../huge}: more than an array holds. */
    private static final long HUGE = 3L << 30;

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private StorageDriver driver;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            long length;
            try (InputStream in = exchange.getRequestBody()) {
                length = in.transferTo(OutputStream.nullOutputStream());
            }
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Expect"), length,
                    exchange.getRequestHeaders().getFirst("Content-Encoding"),
                    exchange.getRequestHeaders().getFirst("x-amz-content-sha256")));
            exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef\"");
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && (path.endsWith("/huge") || path.endsWith("/small"))) {
                answerGet(exchange);
                return;
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        driver = StorageDrivers.create("s3", Map.of("bucket", "b", "region", "us-east-1", "forcepathstyle", true,
                "regionendpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "accesskey", "k", "secretkey", "s", "rootdirectory", "/r"));
    }

    /** A GET of {@code .../huge} announces {@link #HUGE} bytes and sends three; one of {@code .../small} gets three bytes. */
    private static void answerGet(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] three = {1, 2, 3};
        exchange.sendResponseHeaders(200, exchange.getRequestURI().getPath().endsWith("/huge") ? HUGE : three.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(three);
        } catch (IOException ignored) {
            // the client hung up: it read no more than it needed
        }
    }

    @AfterEach
    void stop() throws IOException {
        driver.close();
        server.stop(0);
    }

    @Test
    void getContentRefusesAnObjectLargerThanAnArrayByItsContentLengthNamingPathAndSize() {
        assertThatThrownBy(() -> driver.getContent("/huge")).isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("/huge").hasMessageContaining(Long.toString(HUGE));
    }

    @Test
    void getContentReturnsAnObjectAnArrayHoldsWhole() throws IOException {
        assertThat(driver.getContent("/small")).containsExactly(1, 2, 3);
    }

    @Test
    void smallPutContentIsSentWithoutWaitingForContinue() throws IOException {
        driver.putContent("/small", new byte[1024]);

        assertThat(seen).filteredOn(s -> s.path().equals("/b/r/small"))
                .singleElement().satisfies(s -> {
                    assertThat(s.method()).isEqualTo("PUT");
                    assertThat(s.length()).isEqualTo(1024);
                    assertThat(s.expect()).isNull();
                });
    }

    @Test
    void bodiesGoUnframedWithTheirHashOverPlainHttp() throws IOException {
        driver.putContent("/hashed", new byte[1024]);

        assertThat(seen).filteredOn(s -> s.path().equals("/b/r/hashed")).singleElement().satisfies(s -> {
            assertThat(s.encoding()).as("Content-Encoding").isNull();
            // SHA-256 of 1024 zero bytes
            assertThat(s.contentSha256()).isEqualTo("5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");
        });
    }

    @Test
    void bodiesAboveOneMebibyteStillAskForContinue() throws IOException {
        driver.putContent("/large", new byte[3 << 20]);

        assertThat(seen).filteredOn(s -> s.path().equals("/b/r/large") && s.method().equals("PUT"))
                .singleElement().satisfies(s -> assertThat(s.expect()).isEqualToIgnoringCase("100-continue"));
    }
}
