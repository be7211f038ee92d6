package dev.stowage.registry.blob;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stowage.registry.Digest;
import java.io.IOException;

/**
 * The content of small blobs kept in memory by digest, for blobs read whole again and again (the
 * manifests of pulled images). Content never changes under a digest, so what is kept is never
 * stale; whether a repository still holds the blob is for the caller to establish in storage
 * first. At most {@value #MAX_WEIGHT} bytes are kept, least recently/frequently used first out.
 * Thread-safe.
 */
final class KeptContents {

    /** The bytes kept at most: 8 MiB, some thousands of image manifests. */
    static final long MAX_WEIGHT = 8L << 20;

    /** What reads a blob's content when it is not kept. */
    @FunctionalInterface
    interface Loader {
        byte[] load() throws IOException;
    }

    /** Keeps nothing: every {@link #get} reads. */
    static final KeptContents NONE = new KeptContents(null);

    /** Null for {@link #NONE}. */
    private final Cache<Digest, byte[]> contents;

    private KeptContents(Cache<Digest, byte[]> contents) {
        this.contents = contents;
    }

    /** Keeps up to {@value #MAX_WEIGHT} bytes. */
    static KeptContents bounded() {
        return new KeptContents(Caffeine.newBuilder()
                .maximumWeight(MAX_WEIGHT)
                .weigher((Digest digest, byte[] content) -> content.length)
                .executor(Runnable::run)
                .build());
    }

    /** A copy of the content of {@code digest}: the kept one, or what {@code loader} reads, kept from then on. */
    byte[] get(Digest digest, Loader loader) throws IOException {
        if (contents == null) {
            return loader.load();
        }
        byte[] kept = contents.getIfPresent(digest);
        if (kept == null) {
            kept = loader.load();
            contents.put(digest, kept.clone());
            return kept;
        }
        return kept.clone();
    }

    /** Forgets {@code digest}'s content (its blob was deleted). */
    void forget(Digest digest) {
        if (contents != null) {
            contents.invalidate(digest);
        }
    }
}
