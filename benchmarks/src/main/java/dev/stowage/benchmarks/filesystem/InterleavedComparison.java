package dev.stowage.benchmarks.filesystem;

import dev.stowage.driver.ParameterType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A same-run comparison for noisy machines: it runs the {@link Workloads} of the driver and of a
 * plain {@code FileChannel} alternately (ABBA order, so drift in machine load hits both sides
 * alike), after one unmeasured warm-up round, and prints each side's median time, its throughput
 * and the ratio driver throughput / plain throughput for the write+commit and for the read. It
 * also prints the median CPU time of the measuring thread (user + system) per operation, which a
 * loaded machine disturbs far less than wall time: equal CPU time means equal work.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.stowage.benchmarks.filesystem.InterleavedComparison [size=1GiB] [chunk=1MiB] [rounds=6]}.
 */
public final class InterleavedComparison {

    private InterleavedComparison() {}

    /** A measured operation. */
    @FunctionalInterface
    private interface Op {
        long run() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        long size = (Long) ParameterType.SIZE.convert(args.length > 0 ? args[0] : "1GiB");
        int chunk = Math.toIntExact((Long) ParameterType.SIZE.convert(args.length > 1 ? args[1] : "1MiB"));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        try (Workloads work = new Workloads(FilesystemDriverBenchmark.benchDirectory(), size, chunk)) {
            compare("write+commit", work, work::writeDriver, work::writePlain, rounds, size, true);
            compare("read", work, work::readDriver, work::readPlain, rounds, size, false);
        }
    }

    private static void compare(String what, Workloads work, Op driver, Op plain, int rounds, long size, boolean writes)
            throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Long> driverTimes = new ArrayList<>();
        List<Long> plainTimes = new ArrayList<>();
        List<Long> driverCpu = new ArrayList<>();
        List<Long> plainCpu = new ArrayList<>();
        for (int round = -1; round < rounds; round++) {
            boolean driverFirst = round < 0 || round % 4 == 0 || round % 4 == 3; // ABBA
            for (int side = 0; side < 2; side++) {
                boolean isDriver = (side == 0) == driverFirst;
                if (writes) {
                    work.removeWriteOutputs();
                }
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                (isDriver ? driver : plain).run();
                long elapsed = System.nanoTime() - start;
                long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                if (round >= 0) {
                    (isDriver ? driverTimes : plainTimes).add(elapsed);
                    (isDriver ? driverCpu : plainCpu).add(cpu);
                }
            }
        }
        double driverMedian = median(driverTimes) / 1e9;
        double plainMedian = median(plainTimes) / 1e9;
        double mib = size / (double) (1 << 20);
        System.out.printf(Locale.ROOT, "%-13s driver %8.1f ms (%7.1f MiB/s)  plain %8.1f ms (%7.1f MiB/s)  driver/plain throughput %.3f%n",
                what, driverMedian * 1e3, mib / driverMedian, plainMedian * 1e3, mib / plainMedian, plainMedian / driverMedian);
        System.out.printf(Locale.ROOT, "%-13s driver runs ms %s%n%-13s plain  runs ms %s%n",
                "", millis(driverTimes), "", millis(plainTimes));
        System.out.printf(Locale.ROOT, "%-13s CPU per op: driver %.1f ms, plain %.1f ms, plain/driver %.3f%n",
                "", median(driverCpu) / 1e6, median(plainCpu) / 1e6, median(plainCpu) / median(driverCpu));
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
