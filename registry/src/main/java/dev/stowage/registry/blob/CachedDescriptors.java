package dev.stowage.registry.blob;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.cache.BlobDescriptorCache;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The registry-wide descriptor service: the cache first, storage on a miss (and the cache told).
 * A cache that fails is logged and bypassed; it never fails a request.
 */
final class CachedDescriptors implements BlobDescriptorService {

    private static final Logger LOG = Logger.getLogger(CachedDescriptors.class.getName());

    private final BlobStatter storage;
    private final BlobDescriptorCache cache;

    CachedDescriptors(BlobStatter storage, BlobDescriptorCache cache) {
        this.storage = storage;
        this.cache = cache;
    }

    @Override
    public Descriptor stat(Digest digest) throws IOException {
        Optional<Descriptor> cached = Guard.read(() -> cache.get(digest));
        if (cached.isPresent()) {
            return cached.get();
        }
        return statStorage(digest);
    }

    /** Storage's answer, ignoring the cache for the question but telling it the answer. */
    Descriptor statStorage(Digest digest) throws IOException {
        Descriptor found = storage.stat(digest);
        setDescriptor(found);
        return found;
    }

    @Override
    public void setDescriptor(Descriptor descriptor) {
        Guard.write(() -> cache.put(descriptor));
    }

    @Override
    public void clear(Digest digest) {
        Guard.write(() -> cache.evict(digest));
    }

    /** Runs cache calls so that a cache failure degrades to a miss. */
    static final class Guard {
        private Guard() {}

        interface Read<T> {
            Optional<T> get() throws IOException;
        }

        interface Write {
            void run() throws IOException;
        }

        static <T> Optional<T> read(Read<T> call) {
            try {
                return call.get();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "descriptor cache read failed; asking storage: " + e.getMessage(), e);
                return Optional.empty();
            }
        }

        static void write(Write call) {
            try {
                call.run();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "descriptor cache write failed: " + e.getMessage(), e);
            }
        }
    }
}
