package dev.stowage.registry.blob;

import dev.stowage.registry.BlobUploadInvalidException;
import dev.stowage.registry.BlobUploadUnknownException;
import dev.stowage.registry.RepositoryName;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The uploads that a request of this registry instance holds right now, and the completed uploads
 * whose files are still being removed. A second request for a held upload is refused at once, and
 * one for a completed upload is told it is unknown, even before its files are gone; across
 * processes it is the driver's writer that refuses (where the driver can).
 *
 * <p>A completed upload's files are removed after its request has been answered, by one
 * background thread: its removal costs a small upload several storage calls (on the filesystem,
 * an unlink and some rmdirs; on an object store, a listing and deletes) that the client need not
 * wait for. At most {@link #MAX_PENDING_REMOVALS} wait; beyond that the request removes its own,
 * as it would without the thread. A removal that fails, or that a crash or {@link #close()} cuts
 * off, leaves an upload the upload purger removes once it is old enough.
 */
final class UploadLocks implements AutoCloseable {

    /** How many completed uploads may wait for the removal of their files. */
    static final int MAX_PENDING_REMOVALS = 256;
    private static final long CLOSE_WAIT_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(UploadLocks.class.getName());

    /** Where a held upload is. */
    private enum State {
        /** A request holds it. */
        IN_USE,
        /** It has completed and its files are being removed. */
        COMPLETED
    }

    private final ConcurrentHashMap<String, State> held = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor removals;

    UploadLocks() {
        removals = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_PENDING_REMOVALS),
                task -> {
                    Thread thread = new Thread(task, "stowage-upload-removal");
                    thread.setDaemon(true);
                    return thread;
                },
                (task, executor) -> task.run()); // full, or closed: the request removes its own
        removals.allowCoreThreadTimeOut(true);
    }

    /** What removes a completed upload's files. */
    interface Removal {
        void remove() throws IOException;
    }

    /** A claim on one upload; {@link #release()} may be called more than once. */
    final class Claim {
        private final String key;
        private final String description;
        private boolean released;

        private Claim(String key, String description) {
            this.key = key;
            this.description = description;
        }

        void release() {
            if (!released) {
                released = true;
                held.remove(key);
            }
        }

        /**
         * Ends the claim on an upload that has completed: from now on this instance answers that
         * the upload is unknown, {@code removal} runs in the background, and the upload's id is
         * let go once it has.
         */
        void retire(Removal removal) {
            if (released) {
                return;
            }
            released = true;
            held.put(key, State.COMPLETED);
            removals.execute(() -> {
                try {
                    removal.remove();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "could not remove the files of completed " + description
                            + "; the upload purger removes them once they are old enough", e);
                } finally {
                    held.remove(key);
                }
            });
        }
    }

    Claim acquire(RepositoryName repository, String id) throws BlobUploadInvalidException, BlobUploadUnknownException {
        String key = repository + "\0" + id;
        State prior = held.putIfAbsent(key, State.IN_USE);
        if (prior == State.COMPLETED) {
            throw new BlobUploadUnknownException("no upload " + id + " in " + repository + ": it has completed");
        }
        if (prior != null) {
            throw new BlobUploadInvalidException("upload " + id + " of " + repository
                    + " is in use by another request; retry when it has finished");
        }
        return new Claim(key, "upload " + id + " of " + repository);
    }

    /**
     * Waits (a bounded time) for the removals already handed over; later ones run in their
     * requests' threads.
     */
    @Override
    public void close() {
        removals.shutdown();
        try {
            if (!removals.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warning("the files of " + removals.getQueue().size() + " completed uploads were not removed"
                        + " within " + CLOSE_WAIT_SECONDS + " s of closing; the upload purger removes them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
