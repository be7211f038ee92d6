package dev.stowage.benchmarks.registry;

import dev.stowage.registry.upload.InvalidHashStateException;
import dev.stowage.registry.upload.ResumableSha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The upload hash: the JDK's {@link MessageDigest} SHA-256 (which cannot save its state) against
 * {@link ResumableSha256} on its JDK path and on its portable pure-Java path, hashing 16 MiB
 * chunks (an upload request's worth) from a heap array and from a direct buffer; and what saving
 * ({@code marshalBinary}, once per request) and restoring a Go-format state cost.
 *
 * <p>Every fork opens {@code java.base/sun.security.provider} as the registry's JVM must for the
 * JDK path; the portable benchmarks' forks also set {@code -Dstowage.registry.sha256=portable}.
 * Each state checks in its set-up that the implementation it means to measure is the one in use,
 * so a lost opening fails the run instead of measuring the fallback. MB/s = ops/s x 16.78.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HashBenchmark -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {HashBenchmark.OPENS, "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class HashBenchmark {
    static final String OPENS = "--add-opens=java.base/sun.security.provider=ALL-UNNAMED";
    static final String PORTABLE = "-Dstowage.registry.sha256=portable";
    static final int CHUNK = 16 * 1024 * 1024;

    /** One 16 MiB chunk of random bytes, on the heap and in a direct buffer. */
    @State(Scope.Benchmark)
    public static class Chunk {
        byte[] heap;
        ByteBuffer direct;

        @Setup
        public void setUp() {
            heap = new byte[CHUNK];
            new Random(1).nextBytes(heap);
            direct = ByteBuffer.allocateDirect(CHUNK).put(heap).flip();
        }

        ByteBuffer direct() {
            return direct.clear();
        }
    }

    /** A MessageDigest that keeps hashing; it is never finished, like an upload's. */
    @State(Scope.Thread)
    public static class Jdk {
        MessageDigest digest;

        @Setup
        public void setUp() throws NoSuchAlgorithmException {
            digest = MessageDigest.getInstance("SHA-256");
        }
    }

    /** A ResumableSha256 on the implementation {@link #expected}, with a state saved part-way. */
    public abstract static class Resumable {
        ResumableSha256 hash;
        byte[] state;

        abstract String expected();

        @Setup
        public void setUp() {
            if (!ResumableSha256.implementation().equals(expected())) {
                throw new IllegalStateException("ResumableSha256 runs on " + ResumableSha256.implementation()
                        + ", not " + expected() + "; does the fork open java.base/sun.security.provider?");
            }
            hash = ResumableSha256.create();
            hash.update(new byte[1000], 0, 1000);
            state = hash.marshalBinary();
        }
    }

    /** ResumableSha256 on the JDK's SHA-256. */
    @State(Scope.Thread)
    public static class ResumableJdk extends Resumable {
        @Override
        String expected() {
            return "jdk";
        }
    }

    /** ResumableSha256 on the pure-Java SHA-256. */
    @State(Scope.Thread)
    public static class ResumablePortable extends Resumable {
        @Override
        String expected() {
            return "portable";
        }
    }

    @Benchmark
    public MessageDigest messageDigestHeap(Chunk chunk, Jdk jdk) {
        jdk.digest.update(chunk.heap);
        return jdk.digest;
    }

    @Benchmark
    public MessageDigest messageDigestDirect(Chunk chunk, Jdk jdk) {
        jdk.digest.update(chunk.direct());
        return jdk.digest;
    }

    @Benchmark
    public ResumableSha256 resumableJdkHeap(Chunk chunk, ResumableJdk resumable) {
        resumable.hash.update(chunk.heap, 0, CHUNK);
        return resumable.hash;
    }

    @Benchmark
    public ResumableSha256 resumableJdkDirect(Chunk chunk, ResumableJdk resumable) {
        resumable.hash.update(chunk.direct());
        return resumable.hash;
    }

    /** One upload request's hashing: a 16 MiB chunk, then the state saved for the next request. */
    @Benchmark
    public byte[] resumableJdkHeapThenMarshal(Chunk chunk, ResumableJdk resumable) {
        resumable.hash.update(chunk.heap, 0, CHUNK);
        return resumable.hash.marshalBinary();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {OPENS, PORTABLE, "-Xms512m", "-Xmx512m"})
    public ResumableSha256 resumablePortableHeap(Chunk chunk, ResumablePortable resumable) {
        resumable.hash.update(chunk.heap, 0, CHUNK);
        return resumable.hash;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public byte[] marshalJdk(ResumableJdk resumable) {
        return resumable.hash.marshalBinary();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public ResumableSha256 restoreJdk(ResumableJdk resumable) throws InvalidHashStateException {
        return ResumableSha256.restore(resumable.state);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(value = 1, jvmArgsAppend = {OPENS, PORTABLE, "-Xms512m", "-Xmx512m"})
    public byte[] marshalPortable(ResumablePortable resumable) {
        return resumable.hash.marshalBinary();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(value = 1, jvmArgsAppend = {OPENS, PORTABLE, "-Xms512m", "-Xmx512m"})
    public ResumableSha256 restorePortable(ResumablePortable resumable) throws InvalidHashStateException {
        return ResumableSha256.restore(resumable.state);
    }
}
