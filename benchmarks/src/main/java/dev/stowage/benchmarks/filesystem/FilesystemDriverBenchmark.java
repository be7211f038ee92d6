package dev.stowage.benchmarks.filesystem;

import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
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
 * The filesystem driver against a plain {@link FileChannel} on the same bytes, in one run with
 * the same fork settings: a streamed write ending in a durable commit, and a streamed read.
 *
 * <p>Fairness (see {@link Workloads}): both write the same heap chunks of {@code chunk} bytes up
 * to {@code size} bytes into a fresh file (earlier outputs are deleted and the deletion committed
 * before each invocation, outside the timing) and end with {@code FileChannel.force(true)}; the
 * driver's commit also renames and fsyncs the directory, the price of its atomic commit. Both
 * reads read the very same file, equally warm in the page cache, into a heap array of
 * {@code chunk} bytes. The driver is made through {@link StorageDrivers#create}, so its
 * validating wrapper is measured too.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FilesystemDriverBenchmark -f 1 -wi 1
 * -i 5}; the ratio is plain time / driver time per operation. On a loaded machine the blocks of
 * one benchmark after another see different load; {@link InterleavedComparison} alternates the
 * two sides instead. Files go below {@code -Dstowage.bench.dir} (default {@code java.io.tmpdir}),
 * which should be the disk the driver is meant for, not a tmpfs.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
public class FilesystemDriverBenchmark {

    /** The files, the driver and the source chunk. */
    @State(Scope.Benchmark)
    public static class Files {
        /** Bytes per file: a number or text such as 1GiB or 256MiB. */
        @Param("1GiB")
        public String size;

        /** Bytes per write and per read call. */
        @Param("1MiB")
        public String chunk;

        Workloads work;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            long bytes = (Long) ParameterType.SIZE.convert(size);
            int chunkBytes = Math.toIntExact((Long) ParameterType.SIZE.convert(chunk));
            work = new Workloads(benchDirectory(), bytes, chunkBytes);
        }

        @Setup(Level.Invocation)
        public void removeOutputs() throws IOException {
            work.removeWriteOutputs();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            work.close();
        }
    }

    static Path benchDirectory() {
        return Path.of(System.getProperty("stowage.bench.dir", System.getProperty("java.io.tmpdir")));
    }

    @Benchmark
    public long writeCommitDriver(Files s) throws IOException {
        return s.work.writeDriver();
    }

    @Benchmark
    public long writeCommitPlain(Files s) throws IOException {
        return s.work.writePlain();
    }

    @Benchmark
    public long readDriver(Files s) throws IOException {
        return s.work.readDriver();
    }

    @Benchmark
    public long readPlain(Files s) throws IOException {
        return s.work.readPlain();
    }
}
