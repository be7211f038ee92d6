package dev.stowage.registry.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BlobDescriptorCache} in this process's memory: one bounded Caffeine cache (size-based,
 * {@value #DEFAULT_MAXIMUM_SIZE} entries unless told otherwise) holding both the registry-wide
 * descriptors and the repository entries, so the bound covers the two together.
 *
 * <p>Its semantics are those of {@link RedisBlobDescriptorCache}, so that a registry behaves the same
 * with either: a registry-wide entry keeps the media type it was first stored with (as Redis's
 * {@code HSETNX}) while its size is replaced; a repository entry is membership plus the
 * repository's media type, and a repository {@code get} answers only while the registry-wide
 * descriptor is cached too. Only the media type, digest and size are kept, as in Redis.
 *
 * <p>Unlike the Go registry's in-memory cache (unbounded maps, one per repository, each holding
 * a full copy), the entries here are evicted by size, least frequently/recently used first.
 * Thread-safe; never fails with an {@link java.io.IOException}.
 */
public final class InMemoryBlobDescriptorCache implements BlobDescriptorCache {

    /** The number of entries kept when no other bound is given. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    private sealed interface Key permits GlobalKey, RepositoryKey {}

    private record GlobalKey(Digest digest) implements Key {}

    private record RepositoryKey(RepositoryName repository, Digest digest) implements Key {}

    /**
     * A global key maps to the blob's descriptor; a repository key to a descriptor whose media type
     * is the repository's (its other fields are not read).
     */
    private final Cache<Key, Descriptor> entries;

    /** A cache of {@value #DEFAULT_MAXIMUM_SIZE} entries. */
    public InMemoryBlobDescriptorCache() {
        this(DEFAULT_MAXIMUM_SIZE);
    }

    /**
     * A cache of at most {@code maximumSize} entries (registry-wide and repository entries counted
     * together).
     *
     * @throws IllegalArgumentException if {@code maximumSize} is not positive
     */
    public InMemoryBlobDescriptorCache(long maximumSize) {
        if (maximumSize <= 0) {
            throw new IllegalArgumentException("a descriptor cache holds at least one entry, not " + maximumSize);
        }
        // Maintenance (eviction) runs on the calling thread: it is cheap, and the bound then holds
        // without a background pool.
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).build();
    }

    @Override
    public Optional<Descriptor> get(Digest digest) {
        return Optional.ofNullable(entries.getIfPresent(new GlobalKey(Objects.requireNonNull(digest, "digest"))));
    }

    @Override
    public void put(Descriptor descriptor) {
        Descriptor kept = checked(descriptor);
        entries.asMap().merge(new GlobalKey(kept.digest()), kept,
                (old, fresh) -> fresh.withMediaType(old.mediaType()));
    }

    @Override
    public void evict(Digest digest) {
        entries.invalidate(new GlobalKey(Objects.requireNonNull(digest, "digest")));
    }

    @Override
    public Optional<Descriptor> get(RepositoryName repository, Digest digest) {
        Objects.requireNonNull(repository, "repository");
        Descriptor member = entries.getIfPresent(new RepositoryKey(repository, Objects.requireNonNull(digest, "digest")));
        if (member == null) {
            return Optional.empty();
        }
        Descriptor global = entries.getIfPresent(new GlobalKey(digest));
        if (global == null) {
            return Optional.empty();
        }
        return Optional.of(global.withMediaType(member.mediaType()));
    }

    @Override
    public void put(RepositoryName repository, Descriptor descriptor) {
        Objects.requireNonNull(repository, "repository");
        Descriptor kept = checked(descriptor);
        put(kept);
        entries.put(new RepositoryKey(repository, kept.digest()), kept);
    }

    @Override
    public void evict(RepositoryName repository, Digest digest) {
        entries.invalidate(new RepositoryKey(Objects.requireNonNull(repository, "repository"),
                Objects.requireNonNull(digest, "digest")));
    }

    /** How many entries (registry-wide and repository) the cache holds now, approximately. */
    public long estimatedSize() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Drops every entry; the cache stays usable. */
    @Override
    public void close() {
        entries.invalidateAll();
    }

    /** Validates as the Go registry's caches do and keeps only media type, digest and size. */
    static Descriptor checked(Descriptor descriptor) {
        Objects.requireNonNull(descriptor, "descriptor");
        if (descriptor.mediaType().isEmpty()) {
            throw new IllegalArgumentException("cache: empty media type on the descriptor of " + descriptor.digest());
        }
        return Descriptor.of(descriptor.mediaType(), descriptor.digest(), descriptor.size());
    }
}
