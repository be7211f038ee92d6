package dev.stowage.registry.manifest;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.ManifestBlobUnknownException;
import dev.stowage.registry.ManifestInvalidException;
import dev.stowage.registry.ManifestTooLargeException;
import dev.stowage.registry.ManifestUnknownException;
import dev.stowage.registry.OperationUnsupportedException;
import java.io.IOException;

/**
 * The manifests of one repository, stored exactly as received (the digest is of the bytes) as a
 * blob plus a revision link, as the Go registry stores them.
 */
public interface ManifestStore {

    /**
     * The manifest store of one repository, over its manifest revisions, its layer blobs (for the
     * reference checks) and its tags (for deletes).
     */
    static ManifestStore over(dev.stowage.driver.StorageDriver driver, dev.stowage.registry.blob.BlobStore revisions,
                              dev.stowage.registry.blob.BlobStore layers, dev.stowage.registry.tag.TagStore tags,
                              dev.stowage.registry.RegistryOptions options) {
        return new LinkedManifestStore(driver, revisions, layers, tags, options);
    }

    /**
     * Checks and stores a manifest. The bytes must parse as the media type given (or, when none is
     * given, as the one they state) with the right shape; every config and layer must be in the
     * repository (foreign and non-distributable layers with URLs excepted, as in the Go
     * registry), and every child of an index must be a manifest in the repository. A
     * {@code subject} need not be there. Nothing is stored when a check fails.
     *
     * @return the stored manifest's descriptor
     * @throws ManifestTooLargeException if the bytes exceed the registry's manifest limit
     * @throws ManifestInvalidException if they do not parse or have the wrong shape
     * @throws ManifestBlobUnknownException listing every referenced digest the repository lacks
     */
    Manifest put(String mediaType, byte[] content) throws IOException;

    /**
     * The manifest with this digest.
     *
     * @throws ManifestUnknownException if the repository does not hold it
     */
    Manifest get(Digest digest) throws IOException;

    /**
     * The manifest's descriptor without reading it: the media type is not known from storage and
     * is {@link Descriptor#DEFAULT_MEDIA_TYPE}. Confirmed against storage.
     *
     * @throws ManifestUnknownException if the repository does not hold it
     */
    Descriptor stat(Digest digest) throws IOException;

    /**
     * Removes the manifest's revision link, every tag that points at it and its referrers index
     * entry; the blob stays until garbage collection.
     *
     * @throws OperationUnsupportedException if deletes are switched off
     * @throws ManifestUnknownException if the repository does not hold it
     */
    void delete(Digest digest) throws IOException;

    /** The referrers of the repository's manifests, kept up to date by {@link #put} and {@link #delete}. */
    Referrers referrers();
}
