package dev.stowage.server.http;

import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Room, shared by all requests, for the request bodies the server holds whole in memory while it
 * checks them (manifests): a request takes room for the body it may send before reading it, and
 * gives it back when done, so that many large manifests at once cannot exhaust the heap.
 * Counted in KiB.
 */
final class BodyBudget {

    private final Semaphore kib;

    /** A budget of {@code bytes}, rounded to KiB. */
    BodyBudget(long bytes) {
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes / 1024)));
    }

    /** A hold on room for a body of at most {@code bytes}, or empty when there is not that much room now. */
    Optional<Hold> tryHold(long bytes) {
        int n = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + 1023) / 1024));
        return kib.tryAcquire(n) ? Optional.of(() -> kib.release(n)) : Optional.empty();
    }

    /** Room held until closed. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}
