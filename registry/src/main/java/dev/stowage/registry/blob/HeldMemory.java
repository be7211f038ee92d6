package dev.stowage.registry.blob;

import dev.stowage.driver.BufferBudget;
import java.io.IOException;
import java.util.Optional;

/**
 * The memory, shared by a registry's uploads, in which an upload's first bytes are held beyond
 * the registry's buffer size. On an object store an upload smaller than one of the driver's parts
 * is held and kept as one whole file, never opening a writer session (see {@link UploadWriter}):
 * the room for that comes from here, so that many such uploads at once hold a bounded amount.
 * An upload that finds no room holds only the buffer size and opens a writer session, as on
 * every other driver.
 */
final class HeldMemory {

    /** The most one upload holds: larger parts are the driver's to buffer. */
    static final int MOST_PER_UPLOAD = 16 << 20;

    private final BufferBudget budget;

    /** Room for {@code bytes} at once; none if 0. */
    HeldMemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("held upload memory must not be negative, not " + bytes);
        }
        this.budget = bytes == 0 ? null : BufferBudget.of(bytes, BufferBudget.DEFAULT_MAX_WAIT);
    }

    /** The most bytes held at once. */
    long limit() {
        return budget == null ? 0 : budget.limit();
    }

    /** Room for {@code bytes} more, if there is that much free now; never waits. */
    Optional<BufferBudget.Grant> tryTake(long bytes, String path) throws IOException {
        if (budget == null || bytes > budget.limit() || budget.inUse() + bytes > budget.limit()) {
            return Optional.empty();
        }
        return Optional.of(budget.take(bytes, path)); // free a moment ago: a wait, if any, is short
    }

    /**
     * Room for {@code bytes}, waiting up to {@link BufferBudget#DEFAULT_MAX_WAIT} for other uploads
     * to give theirs back.
     *
     * @throws dev.stowage.driver.BufferMemoryExhaustedException if the wait ran out
     */
    BufferBudget.Grant take(long bytes, String path) throws IOException {
        if (budget == null) {
            throw new IllegalStateException("no held upload memory to take " + bytes + " bytes from");
        }
        return budget.take(bytes, path);
    }
}
