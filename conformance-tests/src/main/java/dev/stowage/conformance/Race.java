package dev.stowage.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * Runs tasks side by side, each repeating its step until a deadline, each with its own seeded
 * {@link Random}. The first failure of any step ends the race and is the result, with the task's
 * name and the steps it had done; a step still running long after the deadline fails it as hung.
 */
final class Race {

    /** How long past the deadline a step may still run before the race counts as hung. */
    static final long GRACE_MILLIS = 60_000;

    /** One racer: a name for the failure message and the step it repeats. */
    record Task(String name, Step step) {}

    @FunctionalInterface
    interface Step {
        void run(Random random) throws Exception;
    }

    private Race() {}

    static void run(List<Task> tasks, long millis, long seed) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        List<Future<Integer>> futures = new ArrayList<>();
        Random seeds = new Random(seed);
        try {
            for (Task task : tasks) {
                Random random = new Random(seeds.nextLong());
                futures.add(pool.submit(() -> {
                    int steps = 0;
                    while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                        try {
                            task.step().run(random);
                        } catch (Throwable t) {
                            throw new AssertionFailedError("race: " + task.name() + ", step " + (steps + 1) + ": " + t, t);
                        }
                        steps++;
                    }
                    return steps;
                }));
            }
            long until = deadline + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw (Exception) e.getCause();
                } catch (TimeoutException e) {
                    throw new AssertionFailedError("race: " + tasks.get(i).name() + " was still in a step "
                            + GRACE_MILLIS / 1000 + " s after the race's end: hung");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
