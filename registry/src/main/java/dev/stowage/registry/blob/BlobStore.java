package dev.stowage.registry.blob;

import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.OperationUnsupportedException;
import dev.stowage.registry.RepositoryName;
import java.io.IOException;

/**
 * The blobs of one repository: the registry's blobs that the repository links, and the only way
 * to write blobs at all. Every read goes through the repository's link, so a repository never
 * serves a blob it does not hold.
 */
public interface BlobStore extends BlobProvider, BlobServer, BlobIngester {

    /** The repository whose blobs these are. */
    RepositoryName repository();

    /**
     * The blob's descriptor, confirmed against storage: a cached answer is used only after the
     * blob's data was found in storage. For decisions that write (skip an upload, mount, accept a
     * manifest's reference).
     *
     * @throws BlobUnknownException if the repository does not hold the blob or its data is gone
     */
    Descriptor verify(Digest digest) throws IOException;

    /**
     * Removes the repository's link to the blob; the registry's copy stays until garbage
     * collection.
     *
     * @throws OperationUnsupportedException if deletes are switched off
     * @throws BlobUnknownException if the repository does not link the blob
     */
    void delete(Digest digest) throws IOException;
}
