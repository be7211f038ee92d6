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
 * <p>A lease also names its holder's host and process. A lease whose holder ran on this host and
 * whose process is gone (killed, or crashed before giving the lease up) is taken over at once
 * rather than after its term: a collector restarted after a crash need not wait.
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
    private volatile Exception renewalFailure;

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
        if (current.isPresent() && current.get().expires().isAfter(clock.instant()) && !current.get().holderIsGone()) {
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
            Held other = after.orElse(new Held("unknown", "unknown", clock.instant().plus(TERM), Optional.empty()));
            throw new GcInProgressException(other.holder(), other.host(), other.expires());
        }
        long every = TERM.toMillis() / 3;
        // renew() records its own failures for check(), so the schedule's future has nothing more to tell
        var unused = renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            write();
        } catch (IOException | RuntimeException e) {
            // an unchecked failure too: it would end the schedule, and the lease with it, unseen
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
        ProcessId.current().ifPresent(process -> {
            node.put("hostname", process.hostname());
            node.put("pid", process.pid());
            node.put("processStarted", process.started().toString());
        });
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
            Optional<ProcessId> process = node.hasNonNull("pid") && node.hasNonNull("hostname") && node.hasNonNull("processStarted")
                    ? Optional.of(new ProcessId(node.path("hostname").asText(), node.path("pid").asLong(),
                            Instant.parse(node.path("processStarted").asText())))
                    : Optional.empty();
            return Optional.of(new Held(node.path("holder").asText(), node.path("host").asText(),
                    Instant.parse(node.path("expires").asText()), process));
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

    private record Held(String holder, String host, Instant expires, Optional<ProcessId> process) {
        /** Whether the holder ran on this host and its process no longer runs. */
        boolean holderIsGone() {
            return process.isPresent() && process.get().isOnThisHostAndGone();
        }
    }

    /** A process by host name, id and start time (an id alone may be reused by a later process). */
    record ProcessId(String hostname, long pid, Instant started) {

        static Optional<ProcessId> current() {
            ProcessHandle self = ProcessHandle.current();
            Optional<Instant> started = self.info().startInstant();
            Optional<String> hostname = localHostname();
            if (started.isEmpty() || hostname.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ProcessId(hostname.get(), self.pid(), started.get()));
        }

        boolean isOnThisHostAndGone() {
            if (!localHostname().equals(Optional.of(hostname))) {
                return false; // another host's process: only its lease term tells
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            // the id was reused by a later process when the start times differ (by more than rounding)
            return handle.get().info().startInstant()
                    .map(s -> Duration.between(s, started).abs().compareTo(Duration.ofSeconds(1)) > 0)
                    .orElse(false);
        }

        private static Optional<String> localHostname() {
            try {
                return Optional.of(java.net.InetAddress.getLocalHost().getHostName());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
