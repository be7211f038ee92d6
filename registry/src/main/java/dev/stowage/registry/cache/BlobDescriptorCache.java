package dev.stowage.registry.cache;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import java.io.IOException;
import java.util.Optional;

/**
 * A cache of blob descriptors in front of storage, registry-wide and per repository, in the shape
 * of the Go registry's blob descriptor cache. It only remembers what storage said; it is never the
 * source of truth. A cache that cannot be reached fails with an {@link IOException} and callers go
 * to storage instead.
 *
 * <p>Entries for a digest are immutable facts about content (its size); the only thing that can
 * go stale is whether the blob still exists. The registry therefore never lets a cached answer
 * decide a write (skipping an upload, a mount, a manifest's references), and it evicts what it
 * deletes.
 */
public interface BlobDescriptorCache extends AutoCloseable {

    /** The registry-wide descriptor of a blob, if cached. */
    Optional<Descriptor> get(Digest digest) throws IOException;

    /** Remembers the registry-wide descriptor of a blob. */
    void put(Descriptor descriptor) throws IOException;

    /** Forgets a blob registry-wide. (Repository entries stay; they are checked against this one.) */
    void evict(Digest digest) throws IOException;

    /**
     * The descriptor of a blob as linked into a repository, if cached: present only when the
     * repository's membership and the registry-wide descriptor are both cached. A media type
     * stored for the repository replaces the registry-wide one.
     */
    Optional<Descriptor> get(RepositoryName repository, Digest digest) throws IOException;

    /** Remembers that a repository links a blob, with the descriptor (also registry-wide). */
    void put(RepositoryName repository, Descriptor descriptor) throws IOException;

    /** Forgets that a repository links a blob. */
    void evict(RepositoryName repository, Digest digest) throws IOException;

    /** Releases connections; the cache is unusable afterwards. */
    @Override
    void close() throws IOException;

    /** A cache that remembers nothing: every question goes to storage. */
    static BlobDescriptorCache none() {
        return NoCache.INSTANCE;
    }
}
