package com.example.stowage.objects;

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
import dev.stowage.driver.UnsupportedMethodException;
import dev.stowage.driver.WalkVisitor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Files are objects in a flat, sorted bucket keyed by {@code prefix + path}, like S3: no
 * directories, a flat listing for {@code walk}, whole-object puts, and no appending to a
 * committed object. Unfinished uploads wait in a separate map, invisible to readers.
 */
final class ObjectsDriver implements StorageDriver {

    private record StoredObject(byte[] bytes, Instant modified) {}

    /** The pretend bucket, shared by every driver in the JVM like a real remote store. */
    private static final ConcurrentSkipListMap<String, StoredObject> BUCKET = new ConcurrentSkipListMap<>();
    private static final Map<String, ByteArrayOutputStream> UPLOADS = new ConcurrentHashMap<>();
    private static final Object CLOCK = new Object();
    private static Instant lastModified = Instant.EPOCH;

    private final String prefix;

    ObjectsDriver(String prefix) {
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    @Override
    public String name() {
        return ObjectsDriverFactory.NAME;
    }

    private String key(String path) {
        return prefix + path;
    }

    private StoredObject object(String path) throws PathNotFoundException {
        StoredObject o = BUCKET.get(key(path));
        if (o == null) {
            throw new PathNotFoundException(path);
        }
        return o;
    }

    /** Every object strictly below {@code path} (a directory or the root), ascending. */
    private NavigableMap<String, StoredObject> below(String path) {
        String from = StoragePath.ROOT.equals(path) ? prefix + "/" : key(path) + "/";
        return BUCKET.subMap(from, true, from.substring(0, from.length() - 1) + "0", false); // '0' follows '/'
    }

    private static Instant now() {
        synchronized (CLOCK) {
            Instant t = Instant.now();
            lastModified = t.isAfter(lastModified) ? t : lastModified.plusNanos(1000);
            return lastModified;
        }
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        return object(path).bytes().clone();
    }

    @Override
    public void putContent(String path, byte[] content) {
        BUCKET.put(key(path), new StoredObject(content.clone(), now()));
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        byte[] bytes = object(path).bytes();
        if (offset > bytes.length) {
            throw new InvalidOffsetException(path, offset, bytes.length);
        }
        return new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        String key = key(path);
        if (!append) {
            UPLOADS.remove(key);
            return new Upload(path, new ByteArrayOutputStream());
        }
        ByteArrayOutputStream unfinished = UPLOADS.remove(key);
        if (unfinished != null) {
            return new Upload(path, unfinished);
        }
        StoredObject committed = object(path);
        if (committed.bytes().length > 0) {
            throw new UnsupportedMethodException("writer", path, "objects cannot be appended to once committed");
        }
        return new Upload(path, new ByteArrayOutputStream());
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        StoredObject o = BUCKET.get(key(path));
        if (o != null) {
            return FileInfo.file(path, o.bytes().length, o.modified());
        }
        if (!below(path).isEmpty()) {
            return FileInfo.directory(path, Instant.EPOCH);
        }
        throw new PathNotFoundException(path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        int cut = prefix.length();
        int from = StoragePath.ROOT.equals(path) ? 1 : path.length() + 1;
        TreeSet<String> children = new TreeSet<>();
        for (String key : below(path).keySet()) {
            String p = key.substring(cut);
            int slash = p.indexOf('/', from);
            children.add(slash < 0 ? p : p.substring(0, slash));
        }
        if (children.isEmpty() && !StoragePath.ROOT.equals(path)) {
            throw new PathNotFoundException(path);
        }
        return new ArrayList<>(children);
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        StoredObject o = object(sourcePath);
        if (sourcePath.equals(destPath)) {
            return; // the file stays exactly as it was
        }
        if (!below(destPath).isEmpty()) {
            throw new StorageDriverException(null, destPath, "cannot move " + sourcePath + " onto the directory");
        }
        BUCKET.put(key(destPath), new StoredObject(o.bytes(), now()));
        BUCKET.remove(key(sourcePath));
    }

    @Override
    public void delete(String path) throws IOException {
        boolean found = BUCKET.remove(key(path)) != null;
        NavigableMap<String, StoredObject> children = below(path);
        found |= !children.isEmpty();
        children.clear();
        UPLOADS.keySet().removeIf(k -> k.equals(key(path)) || k.startsWith(key(path) + "/"));
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
        int cut = prefix.length();
        Iterator<FileInfo> files = below(path).entrySet().stream()
                .map(e -> FileInfo.file(e.getKey().substring(cut), e.getValue().bytes().length, e.getValue().modified()))
                .iterator();
        FlatListingWalker.walk(path, FileCursor.of(files), Instant.EPOCH, visitor);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.basic().withMaxFileSize(Integer.MAX_VALUE - 8); // one byte array per object
    }

    @Override
    public void close() {
        // the bucket outlives its drivers, like a real one
    }

    /** An upload; the SPI's base keeps its state and refuses calls after it ends. */
    private final class Upload extends AbstractFileWriter {
        private final ByteArrayOutputStream bytes;

        Upload(String path, ByteArrayOutputStream bytes) {
            super(path, bytes.size());
            this.bytes = bytes;
        }

        @Override
        protected void implWrite(ByteBuffer src) {
            byte[] piece = new byte[src.remaining()];
            src.get(piece);
            bytes.writeBytes(piece);
        }

        @Override
        protected void implCommit() {
            BUCKET.put(key(path()), new StoredObject(bytes.toByteArray(), now()));
        }

        @Override
        protected void implCancel() {}

        @Override
        protected void implClose() {
            UPLOADS.put(key(path()), bytes);
        }
    }
}
