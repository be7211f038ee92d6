package dev.stowage.driver.gcs;

import com.google.cloud.BaseServiceException;
import com.google.cloud.WriteChannel;
import dev.stowage.driver.FileWriter;
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
final class GcsWriter implements FileWriter {

    private final GcsDriver driver;
    private final String path;
    private final String stagingKey;
    private final WriteChannel channel;
    private long size;
    private boolean open = true;

    GcsWriter(GcsDriver driver, String path, String stagingKey, WriteChannel channel, long size) {
        this.driver = driver;
        this.path = path;
        this.stagingKey = stagingKey;
        this.channel = channel;
        this.size = size;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        ensureOpen();
        int n = src.remaining();
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } catch (BaseServiceException e) {
            throw GcsErrors.map(path, e);
        }
        size += n;
        return n;
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized void commit() throws IOException {
        ensureOpen();
        open = false;
        GcsErrors.about(path, () -> {
            channel.close(); // finalises the staging object with the buffered tail
            return null;
        });
        driver.promote(stagingKey, path);
    }

    @Override
    public synchronized void cancel() throws IOException {
        ensureOpen();
        open = false;
        driver.deleteQuietly(stagingKey, path);
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        // capture() snapshots the session without finalising it; the channel is then dropped unclosed
        driver.sessions().save(path, new SessionStore.PersistedSession(size, stagingKey, channel.capture()));
    }

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new IOException("writer for " + path + " is no longer open");
        }
    }
}
