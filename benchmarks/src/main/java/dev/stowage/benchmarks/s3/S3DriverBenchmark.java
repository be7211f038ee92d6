package dev.stowage.benchmarks.s3;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The s3 driver against the bare AWS SDK v2 calls on the same S3 server in the same run: a
 * streamed write and commit of 256 MiB from 1 MiB pieces (driver writer + commit vs
 * CreateMultipartUpload, UploadPart of 10 MiB parts buffered the same way, CompleteMultipartUpload)
 * and a streamed read of 256 MiB (driver reader vs GetObject). Both sides use the same client
 * settings (Apache HTTP client, checksums only where required).
 *
 * <p>The server: environment variable {@code STOWAGE_S3_ENDPOINT} (an S3 server that accepts any
 * credentials, e.g. a running S3Mock; bucket {@code bench} is created if missing); otherwise the
 * benchmark starts S3Mock itself from {@code STOWAGE_S3MOCK_JAR}, by default
 * {@code driver-s3/target/s3mock/s3mock-exec.jar} (fetched by the driver-s3 build), so run it from
 * the checkout's top folder:
 * {@code java -jar benchmarks/target/benchmarks.jar 's3.S3DriverBenchmark'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class S3DriverBenchmark {

    static final String BUCKET = "bench";
    static final int SIZE = 256 << 20;
    static final int PIECE = 1 << 20;
    static final int CHUNK = 10 << 20;

    private Process s3mock;
    private Path store;
    private S3Client client;
    private StorageDriver driver;
    private byte[] piece;
    private final byte[] part = new byte[CHUNK];
    private final byte[] readBuffer = new byte[PIECE];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        URI endpoint = endpoint();
        client = S3Client.builder()
                .httpClient(ApacheHttpClient.builder().build())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build();
        if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
            client.createBucket(r -> r.bucket(BUCKET));
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("bucket", BUCKET);
        parameters.put("regionendpoint", endpoint.toString());
        parameters.put("region", "us-east-1");
        parameters.put("forcepathstyle", true);
        parameters.put("accesskey", "bench");
        parameters.put("secretkey", "bench");
        parameters.put("rootdirectory", "/driver");
        parameters.put("chunksize", (long) CHUNK);
        driver = StorageDrivers.create("s3", parameters);
        piece = new byte[PIECE];
        new Random(42).nextBytes(piece);
        FileWriter writer = driver.writer("/read/blob", false);
        for (int i = 0; i < SIZE / PIECE; i++) {
            writer.write(ByteBuffer.wrap(piece));
        }
        writer.commit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        driver.close();
        client.close();
        if (s3mock != null) {
            s3mock.destroy();
            s3mock.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    public long driverWriteCommit() throws IOException {
        FileWriter writer = driver.writer("/write/blob", false);
        for (int i = 0; i < SIZE / PIECE; i++) {
            writer.write(ByteBuffer.wrap(piece));
        }
        writer.commit();
        return writer.size();
    }

    @Benchmark
    public long bareMultipartUpload() {
        String key = "bare/write/blob";
        String uploadId = client.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int buffered = 0;
        long n = 0;
        for (int i = 0; i < SIZE / PIECE; i++) {
            System.arraycopy(piece, 0, part, buffered, PIECE);
            buffered += PIECE;
            n += PIECE;
            if (buffered == CHUNK || n == SIZE) {
                int number = parts.size() + 1;
                int length = buffered;
                String eTag = client.uploadPart(r -> r.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(number)
                                .contentLength((long) length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
                buffered = 0;
            }
        }
        client.completeMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        return n;
    }

    @Benchmark
    public long driverRead() throws IOException {
        long n = 0;
        try (InputStream in = driver.reader("/read/blob", 0)) {
            for (int r; (r = in.read(readBuffer)) >= 0; ) {
                n += r;
            }
        }
        return check(n);
    }

    @Benchmark
    public long bareGetObject() throws IOException {
        long n = 0;
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(r -> r.bucket(BUCKET).key("driver/read/blob"))) {
            for (int r; (r = in.read(readBuffer)) >= 0; ) {
                n += r;
            }
        }
        return check(n);
    }

    private static long check(long n) {
        if (n != SIZE) {
            throw new IllegalStateException("read " + n + " bytes, expected " + SIZE);
        }
        return n;
    }

    private URI endpoint() throws Exception {
        String given = System.getenv("STOWAGE_S3_ENDPOINT");
        if (given != null && !given.isBlank()) {
            return URI.create(given);
        }
        String jarText = System.getenv().getOrDefault("STOWAGE_S3MOCK_JAR", "driver-s3/target/s3mock/s3mock-exec.jar");
        Path jar = Path.of(jarText).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Mock jar at " + jar + ": build driver-s3 first, set STOWAGE_S3MOCK_JAR, "
                    + "or point STOWAGE_S3_ENDPOINT at a running S3 server");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        store = Files.createTempDirectory("s3mock-bench");
        Path log = Files.createTempFile("s3mock-bench", ".log");
        s3mock = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString(), "--server.port=0",
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.store.root=" + store,
                "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET, "--server.shutdown=immediate")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI uri = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!s3mock.isAlive()) {
                throw new IllegalStateException("S3Mock exited; see " + log);
            }
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                // listening; give Spring a moment to finish its start-up
                Thread.sleep(1000);
                return uri;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("S3Mock not ready within 90 s; see " + log);
    }
}
