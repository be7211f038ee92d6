package dev.stowage.benchmarks.registry;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.blob.BlobStore;
import dev.stowage.registry.cache.BlobDescriptorCache;
import dev.stowage.registry.cache.InMemoryBlobDescriptorCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * {@link BlobStore#stat} of a blob linked into a repository, with an {@link InMemoryBlobDescriptorCache}
 * in front of storage and with none ({@link BlobDescriptorCache#none()}: the link is read and the
 * blob's data stat'ed on every call), on the filesystem driver and on the in-memory driver. The
 * blob (4 KiB) is put and stat'ed once in the set-up, so the cache holds it before the first
 * measured call.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar 'registry.BlobStatBenchmark' -f 1 -wi 2
 * -i 5}; the ratio is cached ops/s / uncached ops/s per driver. Files go below
 * {@code -Dstowage.bench.dir} (default {@code java.io.tmpdir}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class BlobStatBenchmark {

    /** A registry over one driver, with or without a cache, and one linked blob. */
    @State(Scope.Benchmark)
    public static class Store {
        /** The storage driver: {@code filesystem} or {@code inmemory}. */
        @Param({"filesystem", "inmemory"})
        public String driverName;

        /** The descriptor cache: {@code inmemory} or {@code none}. */
        @Param({"inmemory", "none"})
        public String cache;

        Path base;
        StorageDriver driver;
        Registry registry;
        BlobStore blobs;
        Digest digest;

        @Setup
        public void setUp() throws IOException {
            if (driverName.equals("filesystem")) {
                base = Files.createTempDirectory(
                        Path.of(System.getProperty("stowage.bench.dir", System.getProperty("java.io.tmpdir"))),
                        "stowage-bench-");
                driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", base.toString()));
            } else {
                driver = StorageDrivers.create(driverName, Map.of());
            }
            BlobDescriptorCache descriptors = switch (cache) {
                case "inmemory" -> new InMemoryBlobDescriptorCache();
                case "none" -> BlobDescriptorCache.none();
                default -> throw new IllegalArgumentException("cache: inmemory or none, not " + cache);
            };
            registry = Registry.builder(driver).cache(descriptors).build();
            blobs = registry.blobs(RepositoryName.parse("bench/stat"));
            byte[] content = new byte[4096];
            SplittableRandom prng = new SplittableRandom(7);
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) prng.nextInt(256);
            }
            digest = blobs.put(Descriptor.DEFAULT_MEDIA_TYPE, content).digest();
            if (blobs.stat(digest).size() != content.length) {
                throw new IllegalStateException("stat does not see the blob just put");
            }
        }

        @TearDown
        public void tearDown() throws IOException {
            registry.close();
            driver.close();
            if (base != null) {
                try (Stream<Path> paths = Files.walk(base)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        }
    }

    @Benchmark
    public Descriptor stat(Store s) throws IOException {
        return s.blobs.stat(s.digest);
    }
}
