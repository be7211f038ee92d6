package dev.stowage.benchmarks.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.gcs.GcsDriverFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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

/**
 * The GCS driver against the bare google-cloud-storage calls, on the same in-process fake
 * (google-cloud-nio's LocalStorageHelper) in the same run: a streamed write and commit of
 * 256 MiB (driver writer + commit vs {@code Storage.writer} + close, both 16 MiB chunks) and a
 * streamed read of 256 MiB (driver reader vs {@code Storage.reader}). The driver's commit also
 * copies its staging object into place and deletes it, which the bare upload does not do.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar 'gcs.GcsDriverBenchmark'}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class GcsDriverBenchmark {

    static final String BUCKET = "bench";
    static final int SIZE = 256 << 20;
    static final int PIECE = 1 << 20;
    static final int CHUNK = 16 << 20;

    private Storage storage;
    private StorageDriver driver;
    private byte[] piece;
    private final byte[] readBuffer = new byte[PIECE];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        storage = LocalStorageHelper.customOptions(false).getService();
        driver = StorageDrivers.create(new GcsDriverFactory(storage),
                Map.of("bucket", BUCKET, "rootdirectory", "bench", "chunksize", (long) CHUNK));
        piece = new byte[PIECE];
        new Random(42).nextBytes(piece);
        FileWriter writer = driver.writer("/read/blob", false);
        for (int i = 0; i < SIZE / PIECE; i++) {
            writer.write(ByteBuffer.wrap(piece));
        }
        writer.commit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        driver.close();
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
    public long bareWriteClose() throws IOException {
        long n = 0;
        try (WriteChannel channel = storage.writer(BlobInfo.newBuilder(BUCKET, "bench/bare-write/blob").build())) {
            channel.setChunkSize(CHUNK);
            for (int i = 0; i < SIZE / PIECE; i++) {
                ByteBuffer buffer = ByteBuffer.wrap(piece);
                while (buffer.hasRemaining()) {
                    n += channel.write(buffer);
                }
            }
        }
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
        check(n);
        return n;
    }

    @Benchmark
    public long bareRead() throws IOException {
        long n = 0;
        ByteBuffer buffer = ByteBuffer.wrap(readBuffer);
        try (ReadChannel channel = storage.reader(BlobId.of(BUCKET, "bench/read/blob"))) {
            for (int r; (r = channel.read(buffer)) >= 0; buffer.clear()) {
                n += r;
            }
        }
        check(n);
        return n;
    }

    private static void check(long n) {
        if (n != SIZE) {
            throw new IllegalStateException("read " + n + " bytes, expected " + SIZE);
        }
    }
}
