package dev.stowage.driver.inmemory;

import dev.stowage.driver.AbstractFileWriter;
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
import dev.stowage.driver.WalkVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Files in a sorted concurrent map keyed by path; directories are implied by the keys. Committed
 * contents are never changed after they are stored, so readers need no lock; mutations that touch
 * more than one key ({@code move}, {@code delete}) hold the driver's lock.
 */
final class InMemoryDriver implements StorageDriver {

    private static final Capabilities CAPABILITIES = Capabilities.basic().withAppendToCommitted(true).withExclusiveWriters(true)
            .withAtomicCommit(true); // a writer's bytes stay pending until its commit stores them

    private record StoredFile(Content content, Instant modTime) {}

    private final ConcurrentSkipListMap<String, StoredFile> files = new ConcurrentSkipListMap<>();
    /** Content of writers closed without commit, by path, waiting for {@code writer(path, true)}. */
    private final Map<String, Content> pending = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private Instant lastModTime = Instant.EPOCH;

    @Override
    public String name() {
        return InMemoryDriverFactory.NAME;
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        return file(path).content().toByteArray(path);
    }

    @Override
    public void putContent(String path, byte[] content) {
        files.put(path, new StoredFile(Content.of(content), nextModTime()));
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        Content content = file(path).content();
        if (offset > content.size()) {
            throw new InvalidOffsetException(path, offset, content.size());
        }
        return content.stream(offset);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        if (!append) {
            pending.remove(path);
            return new Writer(path, new Content());
        }
        Content continued = pending.remove(path);
        if (continued != null) {
            return new Writer(path, continued);
        }
        StoredFile committed = files.get(path);
        if (committed == null) {
            throw new PathNotFoundException(path, "no uncommitted or committed content to append to");
        }
        return new Writer(path, committed.content().copy());
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        StoredFile file = files.get(path);
        if (file != null) {
            return FileInfo.file(path, file.content().size(), file.modTime());
        }
        if (hasDescendant(path)) {
            return FileInfo.directory(path, Instant.EPOCH);
        }
        throw new PathNotFoundException(path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        String prefix = StoragePath.ROOT.equals(path) ? "/" : path + "/";
        List<String> children = new ArrayList<>();
        String key = files.ceilingKey(prefix);
        String upper = upperBound(prefix);
        while (key != null && key.compareTo(upper) < 0) {
            int slash = key.indexOf('/', prefix.length());
            if (slash < 0) {
                children.add(key);
                key = files.higherKey(key);
            } else {
                String directory = key.substring(0, slash);
                children.add(directory);
                key = files.ceilingKey(upperBound(directory + "/"));
            }
        }
        if (children.isEmpty() && !StoragePath.ROOT.equals(path)) {
            throw new PathNotFoundException(path, "no directory");
        }
        children.sort(null); // a directory "/a" is found after a file "/a-b" but sorts before it
        return children;
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        synchronized (lock) {
            StoredFile source = files.get(sourcePath);
            if (source == null) {
                throw new PathNotFoundException(sourcePath, "no file to move");
            }
            if (sourcePath.equals(destPath)) {
                return;
            }
            if (hasDescendant(destPath)) {
                throw new StorageDriverException(null, destPath, "cannot move " + sourcePath + " onto the directory");
            }
            files.put(destPath, source);
            files.remove(sourcePath);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        synchronized (lock) {
            boolean found = files.remove(path) != null;
            NavigableMap<String, StoredFile> below = files.subMap(path + "/", true, upperBound(path + "/"), false);
            found |= !below.isEmpty();
            below.clear();
            pending.keySet().removeIf(p -> StoragePath.isSameOrBelow(p, path));
            if (!found) {
                throw new PathNotFoundException(path);
            }
        }
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) {
        return Optional.empty();
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        NavigableMap<String, StoredFile> below = StoragePath.ROOT.equals(path)
                ? files
                : files.subMap(path + "/", true, upperBound(path + "/"), false);
        Iterator<FileInfo> entries = below.entrySet().stream()
                .map(e -> FileInfo.file(e.getKey(), e.getValue().content().size(), e.getValue().modTime()))
                .iterator();
        FlatListingWalker.walk(path, FileCursor.of(entries), Instant.EPOCH, visitor);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void close() {
        files.clear();
        pending.clear();
    }

    @Override
    public String toString() {
        return "InMemoryDriver[" + files.size() + " files]";
    }

    private StoredFile file(String path) throws PathNotFoundException {
        StoredFile file = files.get(path);
        if (file == null) {
            throw new PathNotFoundException(path);
        }
        return file;
    }

    private boolean hasDescendant(String path) {
        String prefix = path + "/";
        String key = files.ceilingKey(prefix);
        return key != null && key.startsWith(prefix);
    }

    /** The least string above every string that starts with {@code prefix}, which ends in '/'. */
    private static String upperBound(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + (char) ('/' + 1);
    }

    /** A clock that never goes back, so an overwrite never gets an earlier modTime. */
    private Instant nextModTime() {
        synchronized (lock) {
            Instant now = Instant.now();
            lastModTime = now.isAfter(lastModTime) ? now : lastModTime.plusNanos(1000);
            return lastModTime;
        }
    }

    private final class Writer extends AbstractFileWriter {
        private final Content content;

        Writer(String path, Content content) {
            super(path, content.size());
            this.content = content;
        }

        @Override
        protected void implWrite(ByteBuffer src) {
            content.append(src);
        }

        @Override
        protected void implCommit() {
            files.put(path(), new StoredFile(content, nextModTime()));
        }

        @Override
        protected void implCancel() {}

        @Override
        protected void implClose() {
            pending.put(path(), content);
        }
    }
}
