package dev.stowage.registry.gc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One collector's hold on a store ({@link Layout#GC_LEASE}): a small file naming its holder and
 * when the hold runs out, renewed while the collection runs and removed at its end. A lease that
 * ran out (its collector died) is taken over.
 *
 * <p>Taking it: read the lease; if another holder's has not run out, refuse; else write ours,
 * wait {@link #SETTLE}, and read it back: whoever wrote last holds it. Two collectors that start
 * at once both see the later write, so one goes on. Storage with read-after-write consistency
 * (every backend Stowage has a driver for) is all this asks.
 */
final class GcLease implements AutoCloseable {

    /** How long a lease lasts unless renewed; renewed at a third of it. */
    static final Duration TERM = Duration.ofMinutes(5);
    /** How long a new holder waits before reading its lease back. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StorageDriver driver;
    private final Clock clock;
    private final String holder = UUID.randomUUID().toString();
    private final ScheduledExecutorService renewer;
    private volatile IOException renewalFailure;

    private final Duration settle;

    private GcLease(StorageDriver driver, Clock clock, Duration settle) {
        this.driver = driver;
        this.clock = clock;
        this.settle = settle;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stowage-gc-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes the lease, or fails.
     *
     * @throws GcInProgressException if another collector holds it
     */
    static GcLease take(StorageDriver driver, Clock clock, Duration settle) throws IOException {
        GcLease lease = new GcLease(driver, clock, settle);
        try {
            lease.acquire();
        } catch (IOException | RuntimeException e) {
            lease.renewer.shutdownNow();
            throw e;
        }
        return lease;
    }

    private void acquire() throws IOException {
        Optional<Held> current = read();
        if (current.isPresent() && current.get().expires().isAfter(clock.instant())) {
            throw new GcInProgressException(current.get().holder(), current.get().host(), current.get().expires());
        }
        write();
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while taking the garbage collection lease", e);
        }
        Optional<Held> after = read();
        if (after.isEmpty() || !after.get().holder().equals(holder)) {
            Held other = after.orElse(new Held("unknown", "unknown", clock.instant().plus(TERM)));
            throw new GcInProgressException(other.holder(), other.host(), other.expires());
        }
        long every = TERM.toMillis() / 3;
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            write();
        } catch (IOException e) {
            renewalFailure = e;
        }
    }

    /** Fails if the lease could not be renewed, so that a collector does not sweep without it. */
    void check() throws IOException {
        if (renewalFailure != null) {
            throw new IOException("the garbage collection lease could not be renewed; stopping", renewalFailure);
        }
    }

    private void write() throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("holder", holder);
        node.put("host", host());
        node.put("expires", clock.instant().plus(TERM).toString());
        driver.putContent(Layout.GC_LEASE, JSON.writeValueAsBytes(node));
    }

    private Optional<Held> read() throws IOException {
        byte[] bytes;
        try {
            bytes = driver.getContent(Layout.GC_LEASE);
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            return Optional.of(new Held(node.path("holder").asText(), node.path("host").asText(),
                    Instant.parse(node.path("expires").asText())));
        } catch (IOException | DateTimeParseException e) {
            return Optional.empty(); // unreadable: as good as none
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        } catch (IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }

    /** Gives the lease up: removes it if it is still ours. */
    @Override
    public void close() throws IOException {
        renewer.shutdownNow();
        Optional<Held> current = read();
        if (current.isPresent() && current.get().holder().equals(holder)) {
            try {
                driver.delete(Layout.GC_LEASE);
            } catch (PathNotFoundException e) {
                // gone already
            }
        }
    }

    private record Held(String holder, String host, Instant expires) {}
}
