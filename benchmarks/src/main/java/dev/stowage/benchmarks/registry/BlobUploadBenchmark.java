package dev.stowage.benchmarks.registry;

import dev.stowage.driver.ParameterType;
import dev.stowage.registry.Descriptor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A blob upload through the registry's blob layers ({@code BlobStore.create}, {@code write} in
 * 1 MiB heap buffers, {@code commit(digest)}) against the same bytes written with the filesystem
 * driver's own {@code writer(path, false)}, hashed by a JDK {@code MessageDigest} SHA-256 and
 * committed: what the registry adds on top of "write and hash" (see {@link BlobUploads}).
 *
 * <p>Two shapes. <em>Whole</em>: one request writes the blob and commits. <em>Chunked</em>: one
 * request per 16 MiB ({@code create}/{@code resume} → write → {@code close}, which saves the hash
 * state), then a request that resumes and commits (the client's closing {@code PUT}); the baseline
 * makes the same requests with {@code writer(path, append)} → write → {@code close}, its
 * MessageDigest kept in memory. Every invocation is a fresh upload: the blob, the repository and
 * the baseline's file are deleted, durably, before it, outside the timing, so "already exists"
 * never short-cuts a commit. Both sides end in the driver's durable commit; the registry also
 * moves the data into {@code blobs/}, writes a link and removes the upload's files.
 *
 * <p>The default fork opens {@code java.base/sun.security.provider}, so that the registry's
 * resumable SHA-256 runs on the JDK's intrinsified one; the {@code *Portable} benchmarks fork
 * without it and with {@code -Dstowage.registry.sha256=portable}: the pure-Java fallback. The
 * set-up fails the run if the implementation in use is not the one meant. Times are per blob;
 * MB/s = size / time. Ratio registry/baseline throughput = baseline time / registry time.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar 'registry.BlobUploadBenchmark' -f 1 -wi 2
 * -i 5}. On a loaded machine one benchmark's block sees another load than the next;
 * {@link BlobUploadInterleaved} alternates the sides instead. Files go below
 * {@code -Dstowage.bench.dir} (default {@code java.io.tmpdir}), which should be a real disk.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {BlobUploads.OPENS, "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class BlobUploadBenchmark {

    /** The driver, the registry over it, the source bytes and their digest. */
    @State(Scope.Benchmark)
    public static class Upload {
        /** Bytes per blob: a number or text such as 256MiB; a multiple of 16 MiB. */
        @Param("256MiB")
        public String size;

        BlobUploads uploads;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            BlobUploads.checkImplementation();
            uploads = new BlobUploads((Long) ParameterType.SIZE.convert(size));
        }

        @Setup(Level.Invocation)
        public void removeOutputs() throws IOException {
            uploads.removeOutputs();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            uploads.close();
        }
    }

    @Benchmark
    public long baselineWhole(Upload s) throws IOException {
        return s.uploads.baselineWhole();
    }

    @Benchmark
    public Descriptor registryWhole(Upload s) throws IOException {
        return s.uploads.registryWhole();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BlobUploads.PORTABLE, "-Xms1g", "-Xmx1g"})
    public Descriptor registryWholePortable(Upload s) throws IOException {
        return s.uploads.registryWhole();
    }

    @Benchmark
    public long baselineChunked(Upload s) throws IOException {
        return s.uploads.baselineChunked();
    }

    @Benchmark
    public Descriptor registryChunked(Upload s) throws IOException {
        return s.uploads.registryChunked();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BlobUploads.PORTABLE, "-Xms1g", "-Xmx1g"})
    public Descriptor registryChunkedPortable(Upload s) throws IOException {
        return s.uploads.registryChunked();
    }
}
