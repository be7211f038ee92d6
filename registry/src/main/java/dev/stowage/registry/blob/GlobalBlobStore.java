package dev.stowage.registry.blob;

import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Digest;
import java.io.IOException;

/**
 * Every blob of the registry, by digest, with no access control: for garbage collection, tools,
 * and the repository stores built on it. Blobs enter only through a repository's
 * {@link BlobIngester}.
 */
public interface GlobalBlobStore extends BlobProvider {

    /** Visits the digest of every blob in storage once, in no particular order. */
    void enumerate(DigestVisitor visitor) throws IOException;

    /**
     * Removes a blob's data and forgets it in the descriptor cache. Repository links to it stay
     * (they are garbage collection's to remove).
     *
     * @throws BlobUnknownException if the blob is not there
     */
    void delete(Digest digest) throws IOException;

    /** Receives the digests of {@link #enumerate}. */
    @FunctionalInterface
    interface DigestVisitor {
        void visit(Digest digest) throws IOException;
    }
}
