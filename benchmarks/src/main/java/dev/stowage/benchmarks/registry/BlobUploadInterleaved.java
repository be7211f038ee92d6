package dev.stowage.benchmarks.registry;

import dev.stowage.driver.ParameterType;
import dev.stowage.registry.upload.ResumableSha256;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link BlobUploadBenchmark}'s comparison for noisy machines: registry and baseline uploads run
 * alternately (ABBA order, so drift in machine load hits both sides alike) after one unmeasured
 * warm-up round, for the whole-blob request and for 16 MiB requests; it prints each side's median
 * time and MB/s (10^6 bytes), the ratio registry/baseline throughput, and the median CPU time of
 * the measuring thread per upload, which a loaded machine disturbs far less than wall time.
 *
 * <p>Which SHA-256 the registry uses is fixed per JVM, so run it once with the opening and once
 * with the portable fallback:
 *
 * <pre>{@code
 * java --add-opens=java.base/sun.security.provider=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.stowage.benchmarks.registry.BlobUploadInterleaved [size=256MiB] [rounds=6]
 * java -Dstowage.registry.sha256=portable -cp benchmarks/target/benchmarks.jar \
 *     dev.stowage.benchmarks.registry.BlobUploadInterleaved 256MiB 4
 * }</pre>
 */
public final class BlobUploadInterleaved {

    private BlobUploadInterleaved() {}

    /** A measured upload. */
    @FunctionalInterface
    private interface Op {
        Object run() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        long size = (Long) ParameterType.SIZE.convert(args.length > 0 ? args[0] : "256MiB");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        BlobUploads.checkImplementation();
        System.out.printf(Locale.ROOT, "registry SHA-256: %s; %d MiB per blob; %d rounds%n",
                ResumableSha256.implementation(), size >> 20, rounds);
        try (BlobUploads uploads = new BlobUploads(size)) {
            compare("whole", uploads, uploads::registryWhole, uploads::baselineWhole, rounds, size);
            compare("16MiB chunks", uploads, uploads::registryChunked, uploads::baselineChunked, rounds, size);
        }
    }

    private static void compare(String what, BlobUploads uploads, Op registry, Op baseline, int rounds, long size)
            throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Long> registryTimes = new ArrayList<>();
        List<Long> baselineTimes = new ArrayList<>();
        List<Long> registryCpu = new ArrayList<>();
        List<Long> baselineCpu = new ArrayList<>();
        for (int round = -1; round < rounds; round++) {
            boolean registryFirst = round < 0 || round % 4 == 0 || round % 4 == 3; // ABBA
            for (int side = 0; side < 2; side++) {
                boolean isRegistry = (side == 0) == registryFirst;
                uploads.removeOutputs();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                (isRegistry ? registry : baseline).run();
                long elapsed = System.nanoTime() - start;
                long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                if (round >= 0) {
                    (isRegistry ? registryTimes : baselineTimes).add(elapsed);
                    (isRegistry ? registryCpu : baselineCpu).add(cpu);
                }
            }
        }
        double registryMedian = median(registryTimes) / 1e9;
        double baselineMedian = median(baselineTimes) / 1e9;
        double mb = size / 1e6;
        System.out.printf(Locale.ROOT,
                "%-12s registry %7.1f ms (%6.1f MB/s)  baseline %7.1f ms (%6.1f MB/s)  registry/baseline throughput %.3f%n",
                what, registryMedian * 1e3, mb / registryMedian, baselineMedian * 1e3, mb / baselineMedian,
                baselineMedian / registryMedian);
        System.out.printf(Locale.ROOT, "%-12s registry runs ms %s%n%-12s baseline runs ms %s%n",
                "", millis(registryTimes), "", millis(baselineTimes));
        System.out.printf(Locale.ROOT, "%-12s CPU per upload: registry %.1f ms, baseline %.1f ms, baseline/registry %.3f%n",
                "", median(registryCpu) / 1e6, median(baselineCpu) / 1e6, median(baselineCpu) / median(registryCpu));
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static List<Long> millis(List<Long> nanos) {
        return nanos.stream().map(n -> n / 1_000_000).toList();
    }
}
