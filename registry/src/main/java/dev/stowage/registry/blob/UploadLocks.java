package dev.stowage.registry.blob;

import dev.stowage.registry.BlobUploadInvalidException;
import dev.stowage.registry.BlobUploadUnknownException;
import dev.stowage.registry.RepositoryName;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The uploads that a request of this registry instance holds right now, the completed uploads
 * whose files are still being removed, and the last {@link #ENDED_REMEMBERED} uploads that ended
 * (completed or cancelled). A second request for a held upload is refused at once, and one for an
 * upload that ended is told it is unknown, even before its files are gone, and even for an upload
 * that never had files to go (one that storage alone could not tell from one just begun); across
 * processes it is the driver's writer that refuses (where the driver can), and storage that says
 * an upload is gone.
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
    /** How many ended uploads this instance remembers as ended, the oldest forgotten first. */
    static final int ENDED_REMEMBERED = 4096;
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
    /** The keys of the uploads that ended most recently, oldest first; guarded by itself. */
    private final Map<String, Boolean> ended = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_REMEMBERED;
        }
    };
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
         * Ends the claim on an upload that has ended and has no files to remove: from now on this
         * instance answers that the upload is unknown.
         */
        void retire() {
            if (!released) {
                released = true;
                remember(key);
                held.remove(key);
            }
        }

        /**
         * Ends the claim on an upload that has completed: from now on this instance answers that
         * the upload is unknown, and {@code removal} runs in the background.
         */
        void retire(Removal removal) {
            if (released) {
                return;
            }
            released = true;
            remember(key);
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
        String key = key(repository, id);
        State prior = held.putIfAbsent(key, State.IN_USE);
        if (prior == State.COMPLETED || (prior == null && remembered(key))) {
            if (prior == null) {
                held.remove(key, State.IN_USE);
            }
            throw new BlobUploadUnknownException("no upload " + id + " in " + repository + ": it has ended");
        }
        if (prior != null) {
            throw new BlobUploadInvalidException("upload " + id + " of " + repository
                    + " is in use by another request; retry when it has finished");
        }
        return new Claim(key, "upload " + id + " of " + repository);
    }

    /** Whether upload {@code id} of {@code repository} ended in this instance, as far as it remembers. */
    boolean ended(RepositoryName repository, String id) {
        String key = key(repository, id);
        return held.get(key) == State.COMPLETED || remembered(key);
    }

    private static String key(RepositoryName repository, String id) {
        return repository + "\0" + id;
    }

    private void remember(String key) {
        synchronized (ended) {
            ended.put(key, Boolean.TRUE);
        }
    }

    private boolean remembered(String key) {
        synchronized (ended) {
            return ended.containsKey(key);
        }
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
