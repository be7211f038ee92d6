package dev.stowage.benchmarks.filesystem;

import dev.stowage.benchmarks.AbbaComparison;
import dev.stowage.driver.ParameterType;
import java.io.IOException;

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

    public static void main(String[] args) throws IOException {
        long size = (Long) ParameterType.SIZE.convert(args.length > 0 ? args[0] : "1GiB");
        int chunk = Math.toIntExact((Long) ParameterType.SIZE.convert(args.length > 1 ? args[1] : "1MiB"));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        try (Workloads work = new Workloads(FilesystemDriverBenchmark.benchDirectory(), size, chunk)) {
            compare("write+commit", work, work::writeDriver, work::writePlain, rounds, size, true);
            compare("read", work, work::readDriver, work::readPlain, rounds, size, false);
        }
    }

    private static void compare(String what, Workloads work, AbbaComparison.Op driver, AbbaComparison.Op plain,
                                int rounds, long size, boolean writes) throws IOException {
        AbbaComparison.run(rounds, writes ? work::removeWriteOutputs : () -> { }, driver, plain)
                .print(what, "driver", "plain", size, 1 << 20, "MiB");
    }
}
