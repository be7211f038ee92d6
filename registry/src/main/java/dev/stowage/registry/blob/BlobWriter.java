package dev.stowage.registry.blob;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.SizeInvalidException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;

/**
 * One request's hold on an upload: appends bytes and hashes them as they go. An upload outlives
 * its writers: {@link #close()} saves the hash state under the offset it covers and releases the
 * upload, so that a later request, in any process, resumes it without reading back what was
 * hashed. Exactly one of {@link #commit}, {@link #cancel} or {@link #close} ends a writer; after
 * that, writes fail and {@code close} does nothing.
 *
 * <p>Not thread-safe: one request, one thread.
 */
public interface BlobWriter extends WritableByteChannel {

    /** The upload's id, a UUID. */
    String id();

    /** When the upload began, to the second. */
    Instant startedAt();

    /** The bytes in the upload so far, earlier requests included. */
    long size();

    /**
     * Writes all of {@code source}'s remaining bytes.
     *
     * @return the number of bytes written, all of them
     */
    @Override
    int write(ByteBuffer source) throws IOException;

    /**
     * States, before this request's bytes arrive, the digest the client gives for the whole
     * upload: a {@code PUT} or {@code POST ?digest=} that carries the blob. On an object store (a
     * driver that cannot append to committed content) that publishes a writer's bytes only on
     * commit ({@link dev.stowage.driver.Capabilities#atomicCommit()}), an upload that holds nothing in
     * storage and outgrows the buffer is then written where the blob goes, and published there
     * only if its bytes have that digest (no copy of the upload into place: on S3, no multipart
     * copy of the whole blob), or not stored at all if the blob is there already (they are only
     * hashed, to be verified). Such bytes cannot stay with the upload: if this writer ends
     * without a commit, the upload is as the request found it. Only a SHA-256 digest counts;
     * committing under another digest than the one stated fails.
     */
    void expect(Digest digest);

    /**
     * Verifies the upload against the digest the client stated, moves it into the registry's
     * blob store (or drops it if the blob is already there), links it into the repository and
     * tells the cache. From then on the upload is unknown to this registry instance; its remaining
     * files are removed in the background, after this returns.
     *
     * @return the blob's descriptor, under the canonical (SHA-256) digest
     * @throws DigestInvalidException if the content does not have that digest; the upload is
     *     cancelled
     */
    Descriptor commit(Digest expected) throws IOException;

    /**
     * As {@link #commit(Digest)}, also checking the size the client stated.
     *
     * @throws SizeInvalidException if the upload has a different size; the upload is cancelled
     */
    Descriptor commit(Digest expected, long expectedSize) throws IOException;

    /** Discards the upload: its data and every file of it. */
    void cancel() throws IOException;

    /**
     * Stores what the upload holds (its {@code startedat} first, then its bytes and their hash
     * state) and releases it for a later {@link BlobIngester#resume(String)}. An upload without a
     * byte stores nothing: it continues through {@link BlobIngester#resume(String, Instant, long)}
     * or {@link BlobIngester#resumeFromStart}, on the caller's word. On a driver that cannot append
     * to committed content ({@link dev.stowage.driver.Capabilities#appendToCommitted()}: the object
     * stores), an upload that still fits the registry's buffer is stored as one whole file, with no
     * hash state, and read back whole when continued.
     */
    @Override
    void close() throws IOException;
}
