package dev.stowage.driver.s3;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3Proxy server per test JVM (a second, independent S3 server beside {@link S3MockServer}),
 * started on first use as a child process from the jar the build copied into
 * {@code target/s3proxy} (system property {@code s3proxy.jar}), on a free port, with its log in
 * {@code target/s3proxy-logs}. A shutdown hook stops it. Public (in the test jar) for other
 * modules' tests on S3.
 *
 * <p>S3Proxy 2.6.0 serves the S3 API over a jclouds blob store; this one runs it
 * <ul>
 *   <li>on the {@code transient} (in-memory) back end, or the one the system property
 *       {@code s3proxy.provider} names. The others fail the driver's conformance kit for reasons of
 *       their own: on {@code filesystem-nio2} a HEAD of {@code a/b} when {@code a} is an object
 *       answers 500 (the file system's "Not a directory") where S3 answers 404 (kit case
 *       {@code moveInvalid}); on {@code filesystem} (deprecated) a DeleteObjects stalls 10 s on each
 *       folder it tries to remove while the folder still holds files (jclouds' delete retries;
 *       the kit passes, in six minutes instead of thirty seconds);</li>
 *   <li>with {@code s3proxy.ignore-unknown-headers=true}: S3Proxy 2.6.0 answers 501 NotImplemented
 *       ("A header you provided implies functionality that is not implemented") to every request
 *       with a header it does not know, and the AWS SDK (2.30 and later) sends
 *       {@code x-amz-checksum-crc32} with every DeleteObjects even with checksums
 *       {@code WHEN_REQUIRED}, which S3 takes in place of {@code Content-MD5}. Without the switch
 *       every recursive delete of the driver fails (gaul/s3proxy#962). System property
 *       {@code s3proxy.strict-headers=true} leaves it off, to see that.</li>
 * </ul>
 * Unlike S3Mock it checks request signatures (V2 or V4). The test bucket is created through the
 * API once the server answers.
 */
public final class S3ProxyServer {

    public static final String BUCKET = S3MockServer.BUCKET;
    static final String ACCESS_KEY = S3MockServer.ACCESS_KEY;
    static final String SECRET_KEY = S3MockServer.SECRET_KEY;

    private static URI endpoint;

    private S3ProxyServer() {}

    /** The server's plain-HTTP endpoint, starting the server if needed. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            try {
                endpoint = start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot start S3Proxy: " + e.getMessage(), e);
            }
        }
        return endpoint;
    }

    /** Parameters of a driver on the test bucket under a fresh random root directory. */
    public static Map<String, Object> parameters() {
        return S3MockServer.parameters(endpoint());
    }

    /** A driver made through {@link StorageDrivers} (so wrapped in the validating wrapper). */
    public static StorageDriver driver(Map<String, Object> parameters) throws IOException {
        return StorageDrivers.create("s3", parameters);
    }

    /** A bare SDK client on the server, to look behind the driver's back. */
    public static S3Client rawClient() {
        return S3MockServer.client(endpoint());
    }

    private static URI start() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no S3Proxy jar at " + jar.toAbsolutePath() + "; run the build (mvn verify) to fetch it");
        }
        Path logs = Path.of(System.getProperty("s3proxy.logs", "target/s3proxy-logs"));
        Files.createDirectories(logs);
        String provider = System.getProperty("s3proxy.provider", "transient");
        Path store = Files.createTempDirectory("s3proxy-store");
        int port = freePort();
        URI uri = URI.create("http://127.0.0.1:" + port);
        Properties properties = new Properties();
        properties.setProperty("s3proxy.endpoint", uri.toString());
        properties.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        properties.setProperty("s3proxy.identity", ACCESS_KEY);
        properties.setProperty("s3proxy.credential", SECRET_KEY);
        // else 501 to the x-amz-checksum-crc32 the SDK sends with every DeleteObjects (see above)
        properties.setProperty("s3proxy.ignore-unknown-headers",
                String.valueOf(!Boolean.getBoolean("s3proxy.strict-headers")));
        properties.setProperty("jclouds.provider", provider);
        properties.setProperty("jclouds.identity", "local"); // the back end's own: required, unused locally
        properties.setProperty("jclouds.credential", "local");
        properties.setProperty("jclouds.filesystem.basedir", store.toString());
        Path config = logs.resolve("s3proxy-" + port + ".properties");
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(out, "S3ProxyServer (test fixture)");
        }
        Path log = logs.resolve("s3proxy-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx512m",
                "-jar", jar.toAbsolutePath().toString(),
                "--properties", config.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putIfAbsent("LOG_LEVEL", "warn"); // its logback.xml; "info" logs every request
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
            deleteQuietly(store);
        }, "s3proxy-stop"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                // unsigned: any answer (403) means it listens
                http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding());
                try (S3Client s3 = S3MockServer.client(uri)) {
                    s3.createBucket(b -> b.bucket(BUCKET));
                }
                return uri;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IOException("S3Proxy not ready within 60 s; see " + log.toAbsolutePath());
    }

    /** Removes a test server's store when it stops; a failure leaves it to the OS's temporary-file cleaning. */
    static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temporary directory: the OS cleans up
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
