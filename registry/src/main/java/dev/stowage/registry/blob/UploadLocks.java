package dev.stowage.registry.blob;

import dev.stowage.registry.BlobUploadInvalidException;
import dev.stowage.registry.RepositoryName;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The uploads that a request of this registry instance holds right now. A second request for a
 * held upload is refused at once; across processes it is the driver's writer that refuses (where
 * the driver can).
 */
final class UploadLocks {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** A claim on one upload; {@link #release()} may be called more than once. */
    final class Claim {
        private final String key;
        private boolean released;

        private Claim(String key) {
            this.key = key;
        }

        void release() {
            if (!released) {
                released = true;
                held.remove(key);
            }
        }
    }

    Claim acquire(RepositoryName repository, String id) throws BlobUploadInvalidException {
        String key = repository + "\0" + id;
        if (!held.add(key)) {
            throw new BlobUploadInvalidException("upload " + id + " of " + repository
                    + " is in use by another request; retry when it has finished");
        }
        return new Claim(key);
    }
}
