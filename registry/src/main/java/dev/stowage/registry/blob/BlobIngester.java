package dev.stowage.registry.blob;

import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.BlobUploadInvalidException;
import dev.stowage.registry.BlobUploadUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import java.io.IOException;

/** Brings blobs into a repository: whole, through a resumable upload, or by a mount. */
public interface BlobIngester {

    /**
     * Stores a small blob and links it into the repository. Content already in the registry is
     * not written again.
     *
     * @return the blob's descriptor, with the given media type
     */
    Descriptor put(String mediaType, byte[] content) throws IOException;

    /** Begins a new upload, with a fresh UUID as its id. */
    BlobWriter create() throws IOException;

    /**
     * Continues an upload begun by an earlier request, in this process or another (or by the Go
     * registry on the same store), from its saved hash state.
     *
     * @throws BlobUploadUnknownException if the repository has no upload with that id
     * @throws BlobUploadInvalidException if another request holds the upload right now, or its
     *     saved state cannot be used
     */
    BlobWriter resume(String uploadId) throws IOException;

    /**
     * Continues an upload from its first byte, as a client does whose last answer said the upload
     * was empty (its first PATCH or PUT after the POST): the upload's data is not looked for, and
     * what the client sends starts it afresh, replacing whatever an earlier request stored without
     * the client learning of it. This saves {@link #resume}'s look-up of the data (on S3, two
     * requests).
     *
     * @throws BlobUploadUnknownException if the repository has no upload with that id
     * @throws BlobUploadInvalidException if another request holds the upload right now
     */
    BlobWriter resumeFromStart(String uploadId) throws IOException;

    /**
     * Links a blob of another repository into this one, without copying it. The source must hold
     * the blob, confirmed against storage (never a cache).
     *
     * @throws BlobUnknownException if the source repository does not hold the blob
     */
    Descriptor mount(RepositoryName source, Digest digest) throws IOException;
}
