package dev.stowage.driver.gcs;

import com.google.cloud.BaseServiceException;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.stowage.driver.AbstractFileWriter;
import dev.stowage.driver.BufferBudget;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A writer over one resumable upload to a staging object. The client's {@link WriteChannel}
 * buffers at most one chunk and sends each full chunk to GCS, so memory stays at one chunk
 * whatever the file's size.
 *
 * <p>{@code commit} finalises the upload and copies the staging object into place (atomic for
 * readers), then deletes it. {@code close} without commit persists the session (see
 * {@link SessionStore}) and leaves the upload open on GCS. {@code cancel} deletes the staging
 * object should one exist; GCS discards the unfinished upload when it expires (a week), and
 * nothing of it is ever visible through the driver meanwhile.
 */
final class GcsWriter extends AbstractFileWriter {

    /** What the writers of one driver work with: the client, the bucket's layout, the session store and the chunk size. */
    record Bucket(Storage storage, GcsLayout layout, SessionStore sessions, int chunkSize, BufferBudget budget) {

        BlobId id(String key) {
            return BlobId.of(layout.bucket(), key);
        }

        /** Deletes the object at {@code key} if there is one; a failure is about {@code path}. */
        void deleteIfExists(String key, String path) throws IOException {
            try {
                storage.delete(id(key));
            } catch (BaseServiceException e) {
                if (!GcsErrors.isNotFound(e)) {
                    throw GcsErrors.map(path, e);
                }
            }
        }
    }

    private final Bucket bucket;
    private final String stagingKey;
    private final WriteChannel channel;
    /** The channel's chunk, taken from the budget before the first byte; null until then. */
    private BufferBudget.Grant chunk;

    private GcsWriter(Bucket bucket, String path, long size, String stagingKey, WriteChannel channel) {
        super(path, size, GcsDriver.MAX_OBJECT_SIZE);
        this.bucket = bucket;
        this.stagingKey = stagingKey;
        this.channel = channel;
    }

    /** A writer starting a new resumable upload to a new staging object. */
    static GcsWriter fresh(Bucket bucket, String path) throws IOException {
        String stagingKey = bucket.layout().newStagingKey(path);
        WriteChannel channel = GcsErrors.about(path,
                () -> bucket.storage().writer(BlobInfo.newBuilder(bucket.id(stagingKey)).build()));
        channel.setChunkSize(bucket.chunkSize());
        return new GcsWriter(bucket, path, 0, stagingKey, channel);
    }

    /** A writer continuing the upload of a session that a closed writer persisted (and this one has claimed). */
    static GcsWriter resumed(Bucket bucket, String path, SessionStore.PersistedSession session) {
        return new GcsWriter(bucket, path, session.size(), session.stagingKey(), session.state().restore());
    }

    @Override
    protected void implWrite(ByteBuffer src) throws IOException {
        if (chunk == null && src.hasRemaining()) {
            chunk = bucket.budget().take(bucket.chunkSize(), path());
        }
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } catch (BaseServiceException e) {
            throw GcsErrors.map(path(), e);
        }
    }

    /** Finalises the staging object with the buffered tail, copies it into place and deletes it. */
    @Override
    protected void implCommit() throws IOException {
        GcsErrors.about(path(), () -> {
            channel.close();
            return bucket.storage().copy(Storage.CopyRequest.of(bucket.id(stagingKey), bucket.id(bucket.layout().key(path()))))
                    .getResult();
        });
        bucket.deleteIfExists(stagingKey, path());
    }

    @Override
    protected void implCancel() throws IOException {
        bucket.deleteIfExists(stagingKey, path());
    }

    @Override
    protected void implRelease() {
        if (chunk != null) {
            chunk.close();
        }
    }

    @Override
    protected void implClose() throws IOException {
        // capture() snapshots the session without finalising it; the channel is then dropped unclosed
        bucket.sessions().save(path(), new SessionStore.PersistedSession(size(), stagingKey, channel.capture()));
    }
}
