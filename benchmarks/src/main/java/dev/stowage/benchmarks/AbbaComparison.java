package dev.stowage.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A same-run comparison for noisy machines: a subject and its baseline run alternately in ABBA
 * order (so drift in machine load hits both alike) after unmeasured warm-up rounds (one unless told), and the
 * medians of wall time and of the measuring thread's CPU time (user + system, which a loaded
 * machine disturbs far less: equal CPU time means equal work) are printed with the throughput
 * ratio subject / baseline.
 */
public final class AbbaComparison {

    /** One measured operation. */
    @FunctionalInterface
    public interface Op {
        void run() throws IOException;
    }

    /**
     * One operation that measures itself: it returns the nanoseconds that count, for work whose
     * wall time includes a fixed cost that is not the subject's (starting a client process).
     */
    @FunctionalInterface
    public interface SelfTimedOp {
        long runNanos() throws IOException;
    }

    private final List<Long> subjectTimes = new ArrayList<>();
    private final List<Long> baselineTimes = new ArrayList<>();
    private final List<Long> subjectCpu = new ArrayList<>();
    private final List<Long> baselineCpu = new ArrayList<>();

    private AbbaComparison() {}

    /**
     * Runs {@code rounds} measured rounds (plus one warm-up) of {@code subject} and
     * {@code baseline}, calling {@code beforeEach} unmeasured before every run.
     */
    public static AbbaComparison run(int rounds, Op beforeEach, Op subject, Op baseline) throws IOException {
        return runSelfTimed(rounds, beforeEach, wallTimed(subject), wallTimed(baseline));
    }

    private static SelfTimedOp wallTimed(Op op) {
        return () -> {
            long start = System.nanoTime();
            op.run();
            return System.nanoTime() - start;
        };
    }

    /**
     * As {@link #run}, with each side reporting its own time ({@link SelfTimedOp}); the CPU time
     * is still the measuring thread's.
     */
    public static AbbaComparison runSelfTimed(int rounds, Op beforeEach, SelfTimedOp subject, SelfTimedOp baseline)
            throws IOException {
        return runSelfTimed(1, rounds, beforeEach, subject, baseline);
    }

    /**
     * As {@link #runSelfTimed(int, Op, SelfTimedOp, SelfTimedOp)} after {@code warmups} unmeasured
     * rounds instead of one: a JVM subject compiles its hot paths over many requests, which one
     * round of a workload of few requests does not cover.
     */
    public static AbbaComparison runSelfTimed(int warmups, int rounds, Op beforeEach, SelfTimedOp subject,
                                              SelfTimedOp baseline) throws IOException {
        AbbaComparison c = new AbbaComparison();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = -warmups; round < rounds; round++) {
            boolean subjectFirst = round < 0 || round % 4 == 0 || round % 4 == 3; // ABBA
            for (int side = 0; side < 2; side++) {
                boolean isSubject = (side == 0) == subjectFirst;
                beforeEach.run();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long elapsed = (isSubject ? subject : baseline).runNanos();
                long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                if (round >= 0) {
                    (isSubject ? c.subjectTimes : c.baselineTimes).add(elapsed);
                    (isSubject ? c.subjectCpu : c.baselineCpu).add(cpu);
                }
            }
        }
        return c;
    }

    /**
     * Prints the medians: {@code what}, each side's time and throughput of {@code bytes} per run
     * in units of {@code unit} bytes named {@code unitName}, the ratio, each run's milliseconds,
     * and the CPU time per run.
     */
    public void print(String what, String subjectName, String baselineName, long bytes, double unit, String unitName) {
        double subject = median(subjectTimes) / 1e9;
        double baseline = median(baselineTimes) / 1e9;
        double amount = bytes / unit;
        System.out.printf(Locale.ROOT, "%-13s %s %8.1f ms (%7.1f %s/s)  %s %8.1f ms (%7.1f %s/s)  %s/%s throughput %.3f%n",
                what, subjectName, subject * 1e3, amount / subject, unitName, baselineName, baseline * 1e3,
                amount / baseline, unitName, subjectName, baselineName, baseline / subject);
        System.out.printf(Locale.ROOT, "%-13s %s runs ms %s%n%-13s %s runs ms %s%n",
                "", subjectName, millis(subjectTimes), "", baselineName, millis(baselineTimes));
        System.out.printf(Locale.ROOT, "%-13s CPU per run: %s %.1f ms, %s %.1f ms, %s/%s %.3f%n", "",
                subjectName, median(subjectCpu) / 1e6, baselineName, median(baselineCpu) / 1e6, baselineName, subjectName,
                median(baselineCpu) / median(subjectCpu));
    }

    /** The subject's median wall time per run, in seconds. */
    public double subjectSeconds() {
        return median(subjectTimes) / 1e9;
    }

    /** The baseline's median wall time per run, in seconds. */
    public double baselineSeconds() {
        return median(baselineTimes) / 1e9;
    }

    /** Each measured run's wall time, subject first then baseline, in milliseconds. */
    public String runs() {
        return millis(subjectTimes) + " / " + millis(baselineTimes);
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
