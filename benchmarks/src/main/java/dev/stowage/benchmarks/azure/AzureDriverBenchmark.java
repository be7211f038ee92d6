package dev.stowage.benchmarks.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

/**
 * The azure driver against the bare azure-storage-blob calls on the same Azurite in the same run:
 * a streamed write and commit of 256 MiB from 1 MiB pieces (driver writer + commit vs Put Block
 * of 8 MiB blocks buffered the same way + Put Block List) and a streamed read of 256 MiB (driver
 * reader vs {@code BlobClient.downloadStream}). Both sides share the account, container and
 * default SDK client settings.
 *
 * <p>The benchmark starts Azurite itself from {@code -Dazurite.launcher=PATH}, by default the
 * newest {@code ~/.cache/stowage/azurite/<hash>/node_modules/.bin/azurite-blob} that the
 * driver-azure build installed:
 * {@code java -jar benchmarks/target/benchmarks.jar 'azure.AzureDriverBenchmark'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class AzureDriverBenchmark {

    static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key (public). */
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final String CONTAINER = "bench";
    static final int SIZE = 256 << 20;
    static final int PIECE = 1 << 20;
    static final int CHUNK = 8 << 20;

    private Process azurite;
    private Path store;
    private BlobContainerClient container;
    private StorageDriver driver;
    private byte[] piece;
    private final byte[] block = new byte[CHUNK];
    private final byte[] readBuffer = new byte[1 << 16];
    private int sdkRuns;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        store = Files.createTempDirectory("azurite-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        azurite = new ProcessBuilder(launcher(), "--loose", "--skipApiVersionCheck", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--location", store.toString(), "--silent")
                .redirectErrorStream(true).redirectOutput(store.resolve("azurite.log").toFile()).start();
        String serviceUrl = "http://127.0.0.1:" + port + "/" + ACCOUNT;
        awaitReady(serviceUrl);

        container = new BlobServiceClientBuilder().endpoint(serviceUrl)
                .credential(new StorageSharedKeyCredential(ACCOUNT, KEY)).buildClient().getBlobContainerClient(CONTAINER);
        container.createIfNotExists();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("accountname", ACCOUNT);
        parameters.put("accountkey", KEY);
        parameters.put("container", CONTAINER);
        parameters.put("serviceurl", serviceUrl);
        parameters.put("rootdirectory", "/driver");
        parameters.put("chunksize", Integer.toString(CHUNK));
        driver = StorageDrivers.create("azure", parameters);

        piece = new byte[PIECE];
        new Random(42).nextBytes(piece);
        // the files both read benchmarks stream
        driverWriteCommit();
        sdkWriteCommit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        driver.close();
        azurite.destroy();
        if (!azurite.waitFor(10, TimeUnit.SECONDS)) {
            azurite.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(store)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Driver: one writer, 256 pieces of 1 MiB, commit. */
    @Benchmark
    public long driverWriteCommit() throws IOException {
        FileWriter writer = driver.writer("/blob", false);
        for (int i = 0; i < SIZE / PIECE; i++) {
            ByteBuffer src = ByteBuffer.wrap(piece);
            while (src.hasRemaining()) {
                writer.write(src);
            }
        }
        writer.commit();
        return writer.size();
    }

    /** Bare SDK: the same pieces gathered into 8 MiB blocks, Put Block each, Put Block List. */
    @Benchmark
    public long sdkWriteCommit() {
        BlockBlobClient blob = container.getBlobClient("sdk/blob").getBlockBlobClient();
        String session = String.format("%016x", ++sdkRuns);
        List<String> ids = new ArrayList<>();
        int filled = 0;
        for (int i = 0; i < SIZE / PIECE; i++) {
            System.arraycopy(piece, 0, block, filled, PIECE);
            filled += PIECE;
            if (filled == CHUNK) {
                String id = Base64.getEncoder().encodeToString((session + String.format("%010d", ids.size()))
                        .getBytes(StandardCharsets.US_ASCII));
                blob.stageBlock(id, BinaryData.fromByteBuffer(ByteBuffer.wrap(block, 0, filled)));
                ids.add(id);
                filled = 0;
            }
        }
        blob.commitBlockList(ids, true);
        return ids.size();
    }

    /** Driver: reader from offset 0, drained through a 64 KiB buffer. */
    @Benchmark
    public long driverRead() throws IOException {
        long total = 0;
        try (InputStream in = driver.reader("/blob", 0)) {
            for (int n; (n = in.read(readBuffer)) > 0; ) {
                total += n;
            }
        }
        return check(total);
    }

    /** Bare SDK: one streamed download into a counting sink. */
    @Benchmark
    public long sdkRead() {
        long[] total = {0};
        container.getBlobClient("sdk/blob").downloadStream(new OutputStream() {
            @Override
            public void write(int b) {
                total[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                total[0] += len;
            }
        });
        return check(total[0]);
    }

    private static long check(long total) {
        if (total != SIZE) {
            throw new IllegalStateException("read " + total + " bytes, not " + SIZE);
        }
        return total;
    }

    private static String launcher() throws IOException {
        String given = System.getProperty("azurite.launcher");
        if (given != null) {
            return given;
        }
        String cache = System.getenv("STOWAGE_AZURITE_CACHE");
        Path root = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "stowage", "azurite");
        try (Stream<Path> installs = Files.list(root)) {
            return installs.map(p -> p.resolve("node_modules/.bin/azurite-blob")).filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("no Azurite under " + root
                            + ": build driver-azure first (it installs Azurite) or pass -Dazurite.launcher=PATH"));
        }
    }

    private static void awaitReady(String serviceUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(serviceUrl + "?comp=list")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Azurite did not start on " + serviceUrl);
                }
                Thread.sleep(100);
            }
        }
    }
}
