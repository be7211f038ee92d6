package dev.stowage.registry.blob;

import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.BlobUploadInvalidException;
import dev.stowage.registry.BlobUploadUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import java.io.IOException;
import java.time.Instant;

/** Brings blobs into a repository: whole, through a resumable upload, or by a mount. */
public interface BlobIngester {

    /**
     * Stores a small blob and links it into the repository. Content already in the registry is
     * not written again.
     *
     * @return the blob's descriptor, with the given media type
     */
    Descriptor put(String mediaType, byte[] content) throws IOException;

    /**
     * Begins a new upload, with a fresh UUID as its id. Nothing is stored until the upload holds
     * bytes (a blob sent in one go never is, other than as the blob): until then the upload is
     * known only by its {@linkplain BlobWriter#id() id} and {@linkplain BlobWriter#startedAt()
     * start}, which the caller keeps to continue it ({@link #resume(String, Instant, long)},
     * {@link #resumeFromStart}); an upload given up before any bytes leaves nothing to purge.
     */
    BlobWriter create() throws IOException;

    /**
     * Continues an upload begun by an earlier request, in this process or another (or by the Go
     * registry on the same store), from its saved hash state. Storage must know the upload: one
     * that has never held bytes is not there (see {@link #resume(String, Instant, long)}).
     *
     * @throws BlobUploadUnknownException if the repository has no upload with that id in storage,
     *     or it has ended in this registry instance
     * @throws BlobUploadInvalidException if another request holds the upload right now, or its
     *     saved state cannot be used
     */
    BlobWriter resume(String uploadId) throws IOException;

    /**
     * As {@link #resume(String)}, for an upload the caller vouches was begun at {@code startedAt}
     * and holds {@code size} bytes (the server: by the client's signed {@code _state} token).
     * Storage remains the judge of what the upload holds; the vouched facts spare look-ups. An
     * upload storage has no trace of has never held bytes: it continues empty when {@code size} is
     * 0. On a driver that keeps an upload that fits the buffer as one whole file (one that cannot
     * append to committed content: see {@link BlobWriter}), such an upload is read straight back
     * (on S3 one request, against four).
     *
     * @throws BlobUploadUnknownException if it has ended in this registry instance (completed or
     *     cancelled; a registry instance remembers the last few thousand), or {@code size} is not 0
     *     and storage has no trace of it
     * @throws BlobUploadInvalidException as {@link #resume(String)}
     */
    BlobWriter resume(String uploadId, Instant startedAt, long size) throws IOException;

    /**
     * Continues an upload from its first byte, as a client does whose last answer said the upload
     * was empty (its first PATCH or PUT after the POST), for an upload the caller vouches was begun
     * at {@code startedAt}: storage is not looked at, and what the client sends starts the upload
     * afresh, replacing whatever an earlier request stored without the client learning of it. This
     * saves {@link #resume}'s look-ups (on S3, three requests).
     *
     * @throws BlobUploadUnknownException if it has ended in this registry instance
     * @throws BlobUploadInvalidException if another request holds the upload right now
     */
    BlobWriter resumeFromStart(String uploadId, Instant startedAt) throws IOException;

    /**
     * Links a blob of another repository into this one, without copying it. The source must hold
     * the blob, confirmed against storage (never a cache).
     *
     * @throws BlobUnknownException if the source repository does not hold the blob
     */
    Descriptor mount(RepositoryName source, Digest digest) throws IOException;
}
