package dev.stowage.driver.s3;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One Adobe S3Mock server per test JVM, started on first use as a child process from the jar the
 * build copied into {@code target/s3mock} (system property {@code s3mock.jar}), on a free port,
 * with its log in {@code target/s3mock-logs}. A shutdown hook stops it. Public (in the test jar)
 * for other modules' tests on S3.
 */
public final class S3MockServer {

    public static final String BUCKET = "stowage";
    static final String ACCESS_KEY = "test-access";
    static final String SECRET_KEY = "test-secret";

    private static URI endpoint;

    private S3MockServer() {}

    /** The server's plain-HTTP endpoint, starting the server if needed. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            try {
                endpoint = start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot start S3Mock: " + e.getMessage(), e);
            }
        }
        return endpoint;
    }

    /** Parameters of a driver on the test bucket under a fresh random root directory. */
    public static Map<String, Object> parameters() {
        return parameters(endpoint());
    }

    /** Parameters of a driver on the test bucket of the S3 test server at {@code endpoint}, under a fresh root. */
    static Map<String, Object> parameters(URI endpoint) {
        Map<String, Object> p = new HashMap<>();
        p.put("bucket", BUCKET);
        p.put("regionendpoint", endpoint.toString());
        p.put("region", "us-east-1");
        p.put("forcepathstyle", true);
        p.put("accesskey", ACCESS_KEY);
        p.put("secretkey", SECRET_KEY);
        p.put("rootdirectory", "/test-" + UUID.randomUUID());
        return p;
    }

    /** A driver made through {@link StorageDrivers} (so wrapped in the validating wrapper). */
    public static StorageDriver driver(Map<String, Object> parameters) throws IOException {
        return StorageDrivers.create("s3", parameters);
    }

    /** A bare SDK client on the server, to look behind the driver's back. */
    public static S3Client rawClient() {
        return client(endpoint());
    }

    /** A bare SDK client with the test keys on the S3 test server at {@code endpoint}. */
    static S3Client client(URI endpoint) {
        return S3Client.builder()
                .httpClient(ApacheHttpClient.builder().build())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    private static URI start() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("s3mock.jar", "target/s3mock/s3mock-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no S3Mock jar at " + jar.toAbsolutePath() + "; run the build (mvn verify) to fetch it");
        }
        Path logs = Path.of(System.getProperty("s3mock.logs", "target/s3mock-logs"));
        Files.createDirectories(logs);
        Path store = Files.createTempDirectory("s3mock-store");
        int port = freePort();
        Path log = logs.resolve("s3mock-" + port + ".log");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx1g",
                "-jar", jar.toAbsolutePath().toString(),
                "--server.port=0",
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.store.root=" + store,
                "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
                // Stopped at the end of the test JVM: at once, not after Spring Boot's graceful
                // 30 s wait for a request a test abandoned mid-body (the JVM's exit waits for this).
                "--server.shutdown=immediate")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
            S3ProxyServer.deleteQuietly(store); // about 1 GiB after the kit's large cases
        }, "s3mock-stop"));
        URI uri = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Mock exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri.resolve("/" + BUCKET))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return uri;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IOException("S3Mock not ready within 90 s; see " + log.toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
