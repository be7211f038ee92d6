package dev.stowage.conformance;

import dev.stowage.driver.Capabilities;
import dev.stowage.driver.FileCursor;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.FlatListingWalker;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StoragePath;
import dev.stowage.driver.TransferableStream;
import dev.stowage.driver.UnsupportedMethodException;
import dev.stowage.driver.WalkVisitor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The kit's own correct driver: everything under one lock in a sorted map. The mutants in
 * {@code mutants/} wrap it and break one rule each. (The kit cannot use the in-memory driver in
 * its own tests: driver-inmemory runs this kit in its build, and Maven forbids the cycle.)
 */
public class ReferenceDriver implements StorageDriver {

    private record Stored(byte[] content, Instant modTime) {}

    private final TreeMap<String, Stored> files = new TreeMap<>();
    private final Map<String, ByteArrayOutputStream> pending = new HashMap<>();
    private final Capabilities capabilities;
    private Instant lastModTime = Instant.EPOCH;

    public ReferenceDriver() {
        this(Capabilities.basic().withAppendToCommitted(true));
    }

    public ReferenceDriver(Capabilities capabilities) {
        this.capabilities = capabilities;
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public synchronized byte[] getContent(String path) throws IOException {
        return file(path).content().clone();
    }

    @Override
    public synchronized void putContent(String path, byte[] content) {
        files.put(path, new Stored(content.clone(), nextModTime()));
    }

    @Override
    public synchronized InputStream reader(String path, long offset) throws IOException {
        byte[] content = file(path).content();
        if (offset > content.length) {
            throw new InvalidOffsetException(path, offset, content.length);
        }
        return new ChannelStream(new ByteArrayInputStream(content, (int) offset, content.length - (int) offset));
    }

    @Override
    public synchronized FileWriter writer(String path, boolean append) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (!append) {
            pending.remove(path);
            return new Writer(path, content);
        }
        ByteArrayOutputStream continued = pending.remove(path);
        if (continued != null) {
            return new Writer(path, continued);
        }
        Stored committed = files.get(path);
        if (committed == null) {
            throw new PathNotFoundException(path);
        }
        if (committed.content().length > 0 && !capabilities.appendToCommitted()) {
            throw new UnsupportedMethodException("writer", path, "appending to committed content");
        }
        content.writeBytes(committed.content());
        return new Writer(path, content);
    }

    @Override
    public synchronized FileInfo stat(String path) throws IOException {
        Stored file = files.get(path);
        if (file != null) {
            return FileInfo.file(path, file.content().length, file.modTime());
        }
        String prefix = path + "/";
        String next = files.ceilingKey(prefix);
        if (next != null && next.startsWith(prefix)) {
            return FileInfo.directory(path, Instant.EPOCH);
        }
        throw new PathNotFoundException(path);
    }

    @Override
    public synchronized List<String> list(String path) throws IOException {
        boolean root = StoragePath.ROOT.equals(path);
        TreeSet<String> children = new TreeSet<>();
        for (String key : files.keySet()) {
            if (StoragePath.isSameOrBelow(key, path) && !key.equals(path)) {
                int from = root ? 1 : path.length() + 1;
                int slash = key.indexOf('/', from);
                children.add(slash < 0 ? key : key.substring(0, slash));
            }
        }
        if (children.isEmpty() && !root) {
            throw new PathNotFoundException(path);
        }
        return new ArrayList<>(children);
    }

    @Override
    public synchronized void move(String sourcePath, String destPath) throws IOException {
        Stored source = file(sourcePath);
        if (sourcePath.equals(destPath)) {
            return;
        }
        String below = files.ceilingKey(destPath + "/");
        if (below != null && below.startsWith(destPath + "/")) {
            throw new StorageDriverException(null, destPath, "cannot move a file onto the directory " + destPath);
        }
        files.remove(sourcePath);
        files.put(destPath, source);
    }

    @Override
    public synchronized void delete(String path) throws IOException {
        boolean found = files.keySet().removeIf(k -> StoragePath.isSameOrBelow(k, path));
        pending.keySet().removeIf(k -> StoragePath.isSameOrBelow(k, path));
        if (!found) {
            throw new PathNotFoundException(path);
        }
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) {
        return Optional.empty();
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        List<FileInfo> below = new ArrayList<>();
        synchronized (this) {
            files.forEach((k, v) -> {
                if (StoragePath.isSameOrBelow(k, path) && !k.equals(path)) {
                    below.add(FileInfo.file(k, v.content().length, v.modTime()));
                }
            });
        }
        FlatListingWalker.walk(path, FileCursor.of(below.iterator()), Instant.EPOCH, visitor);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public synchronized void close() {
        files.clear();
        pending.clear();
    }

    private Stored file(String path) throws PathNotFoundException {
        Stored file = files.get(path);
        if (file == null) {
            throw new PathNotFoundException(path);
        }
        return file;
    }

    private Instant nextModTime() {
        Instant now = Instant.now();
        lastModTime = now.isAfter(lastModTime) ? now : lastModTime.plusNanos(1000);
        return lastModTime;
    }

    private final class Writer implements FileWriter {
        private final String path;
        private final ByteArrayOutputStream content;
        private boolean open = true;

        Writer(String path, ByteArrayOutputStream content) {
            this.path = path;
            this.content = content;
        }

        @Override
        public synchronized int write(ByteBuffer src) throws IOException {
            requireOpen();
            int n = src.remaining();
            if (n > capabilities.maxFileSize() - content.size()) {
                throw new StorageDriverException(null, path, "a write of " + n + " bytes at size " + content.size()
                        + " would pass maxFileSize " + capabilities.maxFileSize());
            }
            byte[] bytes = new byte[n];
            src.get(bytes);
            content.writeBytes(bytes);
            return n;
        }

        @Override
        public synchronized long size() {
            return content.size();
        }

        @Override
        public synchronized void commit() throws IOException {
            requireOpen();
            open = false;
            synchronized (ReferenceDriver.this) {
                files.put(path, new Stored(content.toByteArray(), nextModTime()));
            }
        }

        @Override
        public synchronized void cancel() throws IOException {
            requireOpen();
            open = false;
        }

        @Override
        public synchronized boolean isOpen() {
            return open;
        }

        @Override
        public synchronized void close() {
            if (open) {
                open = false;
                synchronized (ReferenceDriver.this) {
                    pending.put(path, content);
                }
            }
        }

        private void requireOpen() throws IOException {
            if (!open) {
                throw new IOException("writer for " + path + " is no longer open");
            }
        }
    }

    /**
     * A stream that is also a channel over the same position and a {@link TransferableStream}, all
     * reading right (and the base of channel and transfer mutants). {@code in} supports
     * {@code mark}.
     */
    static class ChannelStream extends FilterInputStream implements ReadableByteChannel, TransferableStream {
        static final int TRANSFER_CHUNK = 8 << 10;
        private boolean open = true;

        ChannelStream(InputStream in) {
            super(in);
        }

        @Override
        public long transferTo(long count, WritableByteChannel target) throws IOException {
            if (count < 0) {
                throw new IllegalArgumentException("negative count " + count);
            }
            byte[] chunk = new byte[TRANSFER_CHUNK];
            long sent = 0;
            while (sent < count) {
                in.mark(chunk.length);
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, count - sent));
                if (n < 0) {
                    break;
                }
                ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, n);
                try {
                    while (bytes.hasRemaining()) {
                        target.write(bytes);
                    }
                } finally {
                    if (bytes.hasRemaining()) { // the target failed: what it did not take is still to be read
                        in.reset();
                        in.skipNBytes(bytes.position());
                    }
                }
                sent += n;
            }
            return sent;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            byte[] b = new byte[dst.remaining()];
            int n = in.read(b);
            if (n > 0) {
                dst.put(b, 0, n);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            super.close();
        }
    }
}
