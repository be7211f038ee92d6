package dev.stowage.server.ops;

import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Go registry's storage driver health check ({@code health.storagedriver}): every
 * {@code interval} the driver is asked to {@code stat} the registry's folder (a missing one is healthy); after
 * {@code threshold} failures in a row the storage is unhealthy until a check succeeds again.
 */
public final class StorageHealth implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageHealth.class);

    /** What is asked: the registry's own folder (the SPI keeps the root itself out of reach). */
    private static final String PROBE = "/docker/registry/v2";

    private final StorageDriver driver;
    private final int threshold;
    private final ScheduledExecutorService timer;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile Optional<String> problem = Optional.empty();

    private StorageHealth(StorageDriver driver, int threshold) {
        this.driver = driver;
        this.threshold = Math.max(1, threshold);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stowage-health");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts checking {@code driver} every {@code interval}; the first check runs at once. */
    public static StorageHealth start(StorageDriver driver, Duration interval, int threshold) {
        StorageHealth health = new StorageHealth(driver, threshold);
        // check() catches every failure, so the schedule's future has nothing to tell
        var unused = health.timer.scheduleWithFixedDelay(health::check, 0, Math.max(1, interval.toMillis()),
                TimeUnit.MILLISECONDS);
        return health;
    }

    void check() {
        try {
            driver.stat(PROBE);
            succeeded();
        } catch (PathNotFoundException e) {
            succeeded();
        } catch (Exception e) {
            int inARow = failures.incrementAndGet();
            LOG.warn("storage health check failed ({} in a row): {}", inARow, e.toString());
            if (inARow >= threshold) {
                problem = Optional.of(driver.name() + ": " + e.getMessage());
            }
        }
    }

    private void succeeded() {
        if (problem.isPresent()) {
            LOG.info("storage is healthy again");
        }
        failures.set(0);
        problem = Optional.empty();
    }

    /** What is wrong with the storage, when it is unhealthy. */
    public Optional<String> problem() {
        return problem;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
