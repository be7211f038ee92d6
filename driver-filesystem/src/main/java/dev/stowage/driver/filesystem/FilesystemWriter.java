package dev.stowage.driver.filesystem;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriverException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A writer over the upload file of one path (see {@link StorageRoot#upload}). Bytes go through a
 * direct buffer into a {@link FileChannel}; a direct source at least as large as the buffer is
 * written straight through. The channel holds an exclusive file lock while the writer is open,
 * so another process sharing the root cannot write the same upload (advisory POSIX locks: the JDK
 * may drop it early if this JVM opens and closes another channel on the same upload file).
 *
 * <p>{@code commit} flushes, stamps the modification time, fsyncs, and renames the upload over the
 * path; {@code close} flushes and keeps the upload for {@code writer(path, true)}; {@code cancel}
 * removes it. Whatever way it ends, the driver's claim on the path is released.
 */
final class FilesystemWriter implements FileWriter {

    /**
     * The buffer size: 1 MiB, so a stream costs one write call per MiB whatever the caller's chunk
     * size. (The benchmark compares the driver with plain 1 MiB writes; other buffer sizes were
     * not measured.)
     */
    static final int DEFAULT_BUFFER_SIZE = 1 << 20;

    private final FilesystemDriver driver;
    private final String path;
    private final Path upload;
    private FileChannel channel;
    private FileLock lock;
    private ByteBuffer buffer;
    private long size;
    private boolean ended;

    FilesystemWriter(FilesystemDriver driver, String path, Path upload) {
        this.driver = driver;
        this.path = path;
        this.upload = upload;
    }

    /** Opens the upload channel and locks it; with {@code truncate} it starts empty. */
    void open(FileChannel opened, boolean truncate) throws IOException {
        channel = opened;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new StorageDriverException(null, path, "another writer is open for this path");
        }
        if (truncate) {
            channel.truncate(0);
        }
        size = channel.size();
        channel.position(size);
    }

    /** Appends the committed file {@code source} (the upload is empty). */
    void copyFrom(FileChannel source) throws IOException {
        long total = source.size();
        long done = 0;
        while (done < total) {
            long n = channel.transferFrom(source, done, total - done);
            if (n <= 0) {
                break; // the source shrank
            }
            done += n;
        }
        size = done;
        channel.position(size);
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        requireOpen();
        int n = src.remaining();
        if (src.isDirect() && n >= driver.bufferSize() && (buffer == null || buffer.position() == 0)) {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } else {
            if (buffer == null) {
                buffer = driver.buffers().take();
            }
            while (src.hasRemaining()) {
                int k = Math.min(src.remaining(), buffer.remaining());
                buffer.put(buffer.position(), src, src.position(), k);
                buffer.position(buffer.position() + k);
                src.position(src.position() + k);
                if (!buffer.hasRemaining()) {
                    flush();
                }
            }
        }
        size += n;
        return n;
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized boolean isOpen() {
        return !ended;
    }

    @Override
    public synchronized void commit() throws IOException {
        requireOpen();
        try {
            flush();
            try {
                Files.setLastModifiedTime(upload, FileTime.from(driver.nextModTime()));
            } catch (NoSuchFileException e) {
                throw deleted();
            }
            channel.force(true);
            end();
            try {
                driver.root().place(upload, path);
            } catch (NoSuchFileException e) {
                if (StorageRoot.attributes(upload) == null) {
                    throw deleted();
                }
                throw e;
            }
            driver.root().pruneUploads(upload);
        } finally {
            end();
        }
    }

    @Override
    public synchronized void cancel() throws IOException {
        requireOpen();
        end();
        Files.deleteIfExists(upload);
        driver.root().pruneUploads(upload);
    }

    @Override
    public synchronized void close() throws IOException {
        if (ended) {
            return;
        }
        try {
            flush();
        } finally {
            end();
        }
    }

    private StorageDriverException deleted() {
        return new StorageDriverException(null, path, "the uncommitted content was deleted before commit");
    }

    private void flush() throws IOException {
        if (buffer == null || buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } finally {
            buffer.clear();
        }
    }

    private void requireOpen() throws IOException {
        if (ended) {
            throw new ClosedChannelException();
        }
    }

    /** Closes the channel (which releases the lock), returns the buffer, releases the path. */
    private void end() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            if (buffer != null) {
                driver.buffers().give(buffer);
                buffer = null;
            }
            driver.release(path, this);
        }
    }
}
