package dev.stowage.driver.filesystem;

import dev.stowage.driver.AbstractFileWriter;
import dev.stowage.driver.StorageDriverException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A writer over the upload file of one path (see {@link StorageRoot#upload}). Bytes go through a
 * direct buffer into a {@link FileChannel}; a direct source at least as large as the buffer is
 * written straight through, a buffer's size per call. Full buffers at aligned offsets are written
 * with {@code O_DIRECT} where the file system allows it (see {@link DirectWrites}). A write that
 * fails ends what the writer accepts, since the bytes it held are counted but not in the upload:
 * every later write, close or commit throws. The channel holds an exclusive file lock
 * while the writer is open, so another process sharing the root cannot write the same upload
 * (advisory POSIX locks: the JDK may drop it early if this JVM opens and closes another channel on
 * the same upload file).
 *
 * <p>{@code commit} flushes, stamps the modification time, fsyncs, and renames the upload over the
 * path; {@code close} flushes and keeps the upload for {@code writer(path, true)}; {@code cancel}
 * removes it. Whatever way it ends, the channel is closed, the buffer goes back to its pool and
 * the writer's claim on the path is released.
 */
final class FilesystemWriter extends AbstractFileWriter {

    /**
     * The buffer size, and the most one write call hands the kernel: 256 KiB. Writes of 1 MiB and
     * more into new page cache were 10 to 25 times slower than writes of 512 KiB and less on the
     * Linux 6.18 machine this was measured on (128 MiB in 0.4 to 1 s against 0.03 s, in any
     * language: the kernel then takes large folios for the page cache), and fewer, larger calls
     * gained nothing measurable below that.
     */
    static final int DEFAULT_BUFFER_SIZE = 256 << 10;

    /** What the writers of one driver share: the root, the buffer pool, direct writes and the modification-time clock. */
    record Resources(StorageRoot root, BufferPool buffers, DirectWrites direct, Supplier<Instant> modTimes) {}

    private final Resources resources;
    private final Path upload;
    private final FileChannel channel;
    private final Runnable unclaim;
    private ByteBuffer buffer;
    /** What failed a write: the bytes it held are lost, so the writer accepts no more. */
    private IOException failed;
    /** Where the next byte goes: the size of the upload once every buffer is written. */
    private long offset;
    /** The upload opened for direct writes, once a full buffer sits at an aligned offset (see {@link DirectWrites}). */
    private FileChannel directChannel;

    private FilesystemWriter(String path, long size, Resources resources, Path upload, FileChannel channel,
            Runnable unclaim) {
        super(path, size);
        this.offset = size;
        this.resources = resources;
        this.upload = upload;
        this.channel = channel;
        this.unclaim = unclaim;
    }

    /** A writer starting an empty upload for {@code path}; {@code unclaim} runs when it ends. */
    static FilesystemWriter fresh(String path, Resources resources, Runnable unclaim) throws IOException {
        Path upload = resources.root().upload(path);
        return open(path, resources, upload, createUpload(upload), true, unclaim);
    }

    /** A writer continuing the upload of a writer closed without commit, if there is one. */
    static Optional<FilesystemWriter> continued(String path, Resources resources, Runnable unclaim) throws IOException {
        Path upload = resources.root().upload(path);
        FileChannel channel;
        try {
            channel = FileChannel.open(upload, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(open(path, resources, upload, channel, false, unclaim));
    }

    /** A writer whose upload starts as a copy of the committed file {@code committed}. */
    static FilesystemWriter copying(String path, Resources resources, FileChannel committed, Runnable unclaim)
            throws IOException {
        Path upload = resources.root().upload(path);
        FileChannel channel = createUpload(upload);
        long done = 0;
        try {
            lock(path, channel);
        } catch (IOException | RuntimeException e) {
            closeAfter(channel, e);
            throw e;
        }
        try {
            channel.truncate(0);
            long total = committed.size();
            while (done < total) {
                long n = channel.transferFrom(committed, done, total - done);
                if (n <= 0) {
                    break; // the source shrank
                }
                done += n;
            }
            channel.position(done);
        } catch (IOException | RuntimeException e) {
            closeAfter(channel, e);
            Files.deleteIfExists(upload); // never leave a partial copy to be continued
            throw e;
        }
        return new FilesystemWriter(path, done, resources, upload, channel, unclaim);
    }

    /** Locks the opened upload channel and positions it at its end, after truncating it if asked; closes it on failure. */
    private static FilesystemWriter open(String path, Resources resources, Path upload, FileChannel channel,
            boolean truncate, Runnable unclaim) throws IOException {
        try {
            lock(path, channel);
            if (truncate) {
                channel.truncate(0);
            }
            long size = channel.size();
            channel.position(size);
            return new FilesystemWriter(path, size, resources, upload, channel, unclaim);
        } catch (IOException | RuntimeException e) {
            closeAfter(channel, e);
            throw e;
        }
    }

    /** Takes the exclusive lock of an upload channel, held until the channel closes. */
    private static void lock(String path, FileChannel channel) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new StorageDriverException(null, path, "another writer is open for this path");
        }
    }

    /** Opens (creating if needed) the upload file, retrying when a concurrent delete prunes its directory. */
    private static FileChannel createUpload(Path upload) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                StorageRoot.createDirectories(upload.getParent());
                return FileChannel.open(upload, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }

    private static void closeAfter(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException | RuntimeException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    @Override
    protected void implWrite(ByteBuffer src) throws IOException {
        requireNoFailure();
        BufferPool buffers = resources.buffers();
        if (src.isDirect() && src.remaining() >= buffers.bufferSize() && (buffer == null || buffer.position() == 0)) {
            int limit = src.limit();
            try {
                while (src.hasRemaining()) {
                    src.limit(Math.min(limit, src.position() + buffers.bufferSize())); // one buffer's worth per call
                    write(src, false);
                    src.limit(limit);
                }
            } finally {
                src.limit(limit);
            }
            return;
        }
        if (buffer == null || buffer.position() == 0) {
            buffer = fillable(buffer == null ? buffers.take() : buffer);
        }
        while (src.hasRemaining()) {
            int k = Math.min(src.remaining(), buffer.remaining());
            buffer.put(buffer.position(), src, src.position(), k);
            buffer.position(buffer.position() + k);
            src.position(src.position() + k);
            if (!buffer.hasRemaining()) {
                buffer.flip();
                try {
                    write(buffer, resources.direct().fits(offset, buffer.remaining()) && openDirect());
                } finally {
                    fillable(buffer.clear());
                }
            }
        }
    }

    @Override
    protected void implCommit() throws IOException {
        flush();
        try {
            Files.setLastModifiedTime(upload, FileTime.from(resources.modTimes().get()));
        } catch (NoSuchFileException e) {
            throw deleted();
        }
        closeDirect();
        channel.force(true);
        channel.close();
        try {
            resources.root().place(upload, path());
        } catch (NoSuchFileException e) {
            if (StorageRoot.attributes(upload) == null) {
                throw deleted();
            }
            throw e;
        }
        resources.root().pruneUploads(upload);
    }

    @Override
    protected void implCancel() throws IOException {
        closeDirect();
        channel.close();
        Files.deleteIfExists(upload);
        resources.root().pruneUploads(upload);
    }

    @Override
    protected void implClose() throws IOException {
        flush();
    }

    /** Closes the channels (which releases the lock), returns the buffer, releases the path. */
    @Override
    protected void implRelease() throws IOException {
        try {
            try {
                closeDirect();
            } finally {
                channel.close();
            }
        } finally {
            if (buffer != null) {
                resources.buffers().give(buffer);
                buffer = null;
            }
            unclaim.run();
        }
    }

    private StorageDriverException deleted() {
        return new StorageDriverException(null, path(), "the uncommitted content was deleted before commit");
    }

    /** Writes out what the buffer holds. */
    private void flush() throws IOException {
        requireNoFailure();
        if (buffer == null || buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            write(buffer, false);
        } finally {
            buffer.clear();
        }
    }

    /**
     * Writes all of {@code b} at {@link #offset}, advancing both; a failure ends what the writer
     * accepts. A direct write the file system refuses (EINVAL: an alignment it wants and did not
     * tell) is done through the page cache instead, and direct writes stop for the driver.
     */
    private void write(ByteBuffer b, boolean direct) throws IOException {
        FileChannel target = direct ? directChannel : channel;
        try {
            while (b.hasRemaining()) {
                try {
                    offset += target.write(b, offset);
                } catch (IOException e) {
                    if (target != directChannel || !resources.direct().refused(e)) {
                        throw e;
                    }
                    target = channel;
                }
            }
        } catch (IOException | RuntimeException e) {
            failed = e instanceof IOException io ? io : new IOException(e);
            throw e;
        }
    }

    private void requireNoFailure() throws StorageDriverException {
        if (failed != null) {
            throw new StorageDriverException(null, path(), "an earlier write of this writer failed, and the bytes it held"
                    + " are not all in the upload: " + failed.getMessage(), failed);
        }
    }

    /**
     * Limits a buffer about to be filled so that, when full, it ends on a direct write's
     * alignment: after an upload continued at an odd size, the first buffer fills up to the next
     * aligned offset and every later one starts on it.
     */
    private ByteBuffer fillable(ByteBuffer b) {
        return b.limit(b.capacity() - (int) (offset % resources.direct().alignment()));
    }

    /** Opens the direct channel the first time; whether it is open. */
    private boolean openDirect() throws IOException {
        if (directChannel == null) {
            directChannel = resources.direct().open(upload);
        }
        return directChannel != null;
    }

    private void closeDirect() throws IOException {
        if (directChannel != null) {
            directChannel.close();
            directChannel = null;
        }
    }
}
