package dev.stowage.registry.blob;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the driver calls a test wants to bound: {@code getContent}, {@code reader}, {@code stat},
 * {@code writer} and {@code move}; and, while {@link #holdDeletes()} is in force, holds every {@code delete} until
 * {@link #releaseDeletes()}.
 */
final class CountingDriver extends ForwardingStorageDriver {

    final AtomicInteger contents = new AtomicInteger();
    final AtomicInteger readers = new AtomicInteger();
    final AtomicInteger stats = new AtomicInteger();
    final AtomicInteger writers = new AtomicInteger();
    final AtomicInteger moves = new AtomicInteger();
    private volatile CountDownLatch deletesHeld = new CountDownLatch(0);

    CountingDriver(StorageDriver delegate) {
        super(delegate);
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        contents.incrementAndGet();
        return super.getContent(path);
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        readers.incrementAndGet();
        return super.reader(path, offset);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        stats.incrementAndGet();
        return super.stat(path);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        writers.incrementAndGet();
        return super.writer(path, append);
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        moves.incrementAndGet();
        super.move(sourcePath, destPath);
    }

    @Override
    public void delete(String path) throws IOException {
        try {
            if (!deletesHeld.await(10, TimeUnit.SECONDS)) {
                throw new IOException("delete of " + path + " held for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("delete of " + path + " interrupted");
        }
        super.delete(path);
    }

    /** Makes every {@code delete} from now on wait (at most 10 s) for {@link #releaseDeletes()}. */
    void holdDeletes() {
        deletesHeld = new CountDownLatch(1);
    }

    void releaseDeletes() {
        deletesHeld.countDown();
    }

    @Override
    public void close() {
        // the store's owner closes the real driver
    }

    void reset() {
        contents.set(0);
        readers.set(0);
        stats.set(0);
        writers.set(0);
        moves.set(0);
    }
}
