package dev.stowage.driver;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The base wrapper every driver made through {@link StorageDrivers} gets: it validates every
 * path and offset before the driver sees them, stamps the driver name on every exception, wraps
 * anything foreign in {@link StorageDriverException} with its cause, on the driver's calls and on
 * those of its readers and writers. (A writer's state rules are its own, kept by
 * {@link AbstractFileWriter}.) It also keeps two rules once for every driver: {@code close()} a
 * second time does nothing, and every call after {@code close()} throws a
 * {@link StorageDriverException} saying the driver is closed; and {@code putContent} of more than
 * {@link Capabilities#maxFileSize()} bytes is refused, naming the limit, before the driver sees it.
 */
final class ValidatingStorageDriver extends ForwardingStorageDriver {

    private volatile boolean closed;

    ValidatingStorageDriver(StorageDriver delegate) {
        super(delegate);
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        requireNotClosed(path);
        StoragePath.requireValid(path);
        try {
            return delegate().getContent(path);
        } catch (IOException | RuntimeException e) {
            throw translate(e, path);
        }
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        requireNotClosed(path);
        StoragePath.requireValid(path);
        Objects.requireNonNull(content, "content");
        long limit = delegate().capabilities().maxFileSize();
        if (content.length > limit) {
            throw stamp(new StorageDriverException(null, path, "putContent of " + content.length
                    + " bytes is more than maxFileSize " + limit));
        }
        try {
            delegate().putContent(path, content);
        } catch (IOException | RuntimeException e) {
            throw translate(e, path);
        }
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        requireNotClosed(path);
        StoragePath.requireValid(path);
        if (offset < 0) {
            throw stamp(new InvalidOffsetException(path, offset));
        }
        try {
            InputStream in = delegate().reader(path, offset);
            if (in instanceof ReadableByteChannel) {
                return in instanceof TransferableStream
                        ? new TranslatingTransferableChannelStream(in, path)
                        : new TranslatingChannelStream(in, path);
            }
            return in instanceof TransferableStream
                    ? new TranslatingTransferableStream(in, path)
                    : new TranslatingInputStream(in, path);
        } catch (IOException | RuntimeException e) {
            throw translate(e, path);
        }
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        requireNotClosed(path);
        StoragePath.requireValid(path);
        try {
            return new TranslatingWriter(delegate().writer(path, append), path);
        } catch (IOException | RuntimeException e) {
            throw translate(e, path);
        }
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        requireNotClosed(path);
        StoragePath.requireValid(path);
        try {
            return delegate().stat(path);
        } catch (IOException | RuntimeException e) {
            throw translate(e, path);
        }
    }

    @Override
    public List<String> list(String path) throws IOException {
        requireNotClosed(path);
        StoragePath.requireValidOrRoot(path);
        try {
            return delegate().list(path);
        } catch (IOException | RuntimeException e) {
            throw translate(e, path);
        }
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        requireNotClosed(sourcePath);
        StoragePath.requireValid(sourcePath);
        StoragePath.requireValid(destPath);
        try {
            delegate().move(sourcePath, destPath);
        } catch (IOException | RuntimeException e) {
            throw translate(e, sourcePath);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        requireNotClosed(path);
        StoragePath.requireValid(path);
        try {
            delegate().delete(path);
        } catch (IOException | RuntimeException e) {
            throw translate(e, path);
        }
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) throws IOException {
        requireNotClosed(path);
        StoragePath.requireValid(path);
        Objects.requireNonNull(request, "request");
        try {
            return delegate().redirectUrl(path, request);
        } catch (IOException | RuntimeException e) {
            throw translate(e, path);
        }
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        requireNotClosed(path);
        StoragePath.requireValidOrRoot(path);
        Objects.requireNonNull(visitor, "visitor");
        VisitorFailure failure = new VisitorFailure();
        try {
            delegate().walk(path, entry -> {
                try {
                    return Objects.requireNonNull(visitor.visit(entry), "visitor returned null");
                } catch (IOException | RuntimeException e) {
                    failure.thrown = e;
                    throw e;
                }
            });
        } catch (IOException | RuntimeException e) {
            if (e == failure.thrown) {
                throw e; // the caller's own exception passes unchanged
            }
            throw translate(e, path);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            delegate().close();
        } catch (IOException | RuntimeException e) {
            throw translate(e, null);
        }
    }

    private void requireNotClosed(String path) throws StorageDriverException {
        if (closed) {
            throw stamp(new StorageDriverException(null, path, "the driver is closed"));
        }
    }

    /** Whether {@code driver} already has this wrapper outermost. */
    static boolean isValidating(StorageDriver driver) {
        return driver instanceof ValidatingStorageDriver;
    }

    private <E extends StorageDriverException> E stamp(E e) {
        e.stampDriverName(name());
        return e;
    }

    private IOException translate(Exception e, String path) {
        if (e instanceof StorageDriverException sde) {
            return stamp(sde);
        }
        if (e instanceof ClosedChannelException) {
            return stamp(new StorageDriverException(name(), path, "writer is closed", e));
        }
        return stamp(new StorageDriverException(name(), path, null, e));
    }

    private static final class VisitorFailure {
        Exception thrown;
    }

    /** A driver's stream whose failures are translated; its subclasses keep the stream's facets. */
    private class TranslatingInputStream extends FilterInputStream {
        final String path;

        TranslatingInputStream(InputStream in, String path) {
            super(in);
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException | RuntimeException e) {
                throw translate(e, path);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw translate(e, path);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException | RuntimeException e) {
                throw translate(e, path);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                throw translate(e, path);
            }
        }
    }

    /** A driver's stream that is also a channel: both ways of reading are kept, and translated. */
    private class TranslatingChannelStream extends TranslatingInputStream implements ReadableByteChannel {
        TranslatingChannelStream(InputStream in, String path) {
            super(in, path);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            try {
                return ((ReadableByteChannel) in).read(dst);
            } catch (IOException | RuntimeException e) {
                throw translate(e, path);
            }
        }

        @Override
        public boolean isOpen() {
            return ((ReadableByteChannel) in).isOpen();
        }
    }

    /** A driver's stream that sends its bytes itself; the transfer is kept, and translated. */
    private final class TranslatingTransferableStream extends TranslatingInputStream implements TransferableStream {
        TranslatingTransferableStream(InputStream in, String path) {
            super(in, path);
        }

        @Override
        public long transferTo(long count, WritableByteChannel target) throws IOException {
            return transfer((TransferableStream) in, count, target, path);
        }
    }

    /** A driver's stream that is a channel and sends its bytes itself. */
    private final class TranslatingTransferableChannelStream extends TranslatingChannelStream implements TransferableStream {
        TranslatingTransferableChannelStream(InputStream in, String path) {
            super(in, path);
        }

        @Override
        public long transferTo(long count, WritableByteChannel target) throws IOException {
            return transfer((TransferableStream) in, count, target, path);
        }
    }

    private long transfer(TransferableStream transferable, long count, WritableByteChannel target, String path)
            throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count + " to transfer from " + path);
        }
        WatchedTarget watched = new WatchedTarget(Objects.requireNonNull(target, "target"));
        try {
            return transferable.transferTo(count, watched);
        } catch (IOException | RuntimeException e) {
            if (e == watched.failure) {
                throw e; // the target's own failure is not the driver's
            }
            throw translate(e, path);
        }
    }

    /** A transfer's target that remembers what its writes threw. */
    private static final class WatchedTarget implements WritableByteChannel {
        private final WritableByteChannel target;
        Exception failure;

        WatchedTarget(WritableByteChannel target) {
            this.target = target;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            try {
                return target.write(src);
            } catch (IOException | RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public boolean isOpen() {
            return target.isOpen();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }

    /** Forwards to the driver's writer, translating what it throws. */
    private final class TranslatingWriter implements FileWriter {
        private final FileWriter delegate;
        private final String path;

        TranslatingWriter(FileWriter delegate, String path) {
            this.delegate = delegate;
            this.path = path;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            try {
                return delegate.write(src);
            } catch (IOException | RuntimeException e) {
                throw translate(e, path);
            }
        }

        @Override
        public long size() {
            return delegate.size();
        }

        @Override
        public void commit() throws IOException {
            try {
                delegate.commit();
            } catch (IOException | RuntimeException e) {
                throw translate(e, path);
            }
        }

        @Override
        public void cancel() throws IOException {
            try {
                delegate.cancel();
            } catch (IOException | RuntimeException e) {
                throw translate(e, path);
            }
        }

        @Override
        public Optional<String> sessionTag() {
            return delegate.sessionTag();
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public void close() throws IOException {
            try {
                delegate.close();
            } catch (IOException | RuntimeException e) {
                throw translate(e, path);
            }
        }
    }
}
