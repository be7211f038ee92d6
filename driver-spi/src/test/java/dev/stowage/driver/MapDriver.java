package dev.stowage.driver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small sorted-map driver for the SPI's own tests. It validates nothing itself (the wrapper
 * does) and counts calls so tests can assert which ones happened.
 */
class MapDriver implements StorageDriver {

    final TreeMap<String, byte[]> files = new TreeMap<>();
    final Map<String, AtomicInteger> calls = new TreeMap<>();
    RuntimeException failNext;
    boolean closed;

    int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    private synchronized void count(String method) {
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        if (failNext != null) {
            RuntimeException e = failNext;
            failNext = null;
            throw e;
        }
    }

    @Override
    public String name() {
        return "map";
    }

    @Override
    public synchronized byte[] getContent(String path) throws IOException {
        count("getContent");
        byte[] content = files.get(path);
        if (content == null) {
            throw new PathNotFoundException(path);
        }
        return content.clone();
    }

    @Override
    public synchronized void putContent(String path, byte[] content) {
        count("putContent");
        files.put(path, content.clone());
    }

    @Override
    public synchronized InputStream reader(String path, long offset) throws IOException {
        count("reader");
        byte[] content = getContent(path);
        if (offset > content.length) {
            throw new InvalidOffsetException(path, offset, content.length);
        }
        return new ByteArrayInputStream(content, (int) offset, content.length - (int) offset);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        count("writer");
        throw new UnsupportedMethodException("writer", path, "test driver");
    }

    @Override
    public synchronized FileInfo stat(String path) throws IOException {
        count("stat");
        byte[] content = files.get(path);
        if (content != null) {
            return FileInfo.file(path, content.length, Instant.EPOCH);
        }
        String key = files.ceilingKey(path + "/");
        if (key != null && key.startsWith(path + "/")) {
            return FileInfo.directory(path, Instant.EPOCH);
        }
        throw new PathNotFoundException(path);
    }

    @Override
    public synchronized List<String> list(String path) throws IOException {
        count("list");
        String prefix = path.equals("/") ? "/" : path + "/";
        TreeSet<String> children = new TreeSet<>();
        for (String key : files.keySet()) {
            if (key.startsWith(prefix)) {
                int slash = key.indexOf('/', prefix.length());
                children.add(slash < 0 ? key : key.substring(0, slash));
            }
        }
        if (children.isEmpty() && !path.equals("/")) {
            throw new PathNotFoundException(path);
        }
        return new ArrayList<>(children);
    }

    @Override
    public synchronized void move(String sourcePath, String destPath) throws IOException {
        count("move");
        byte[] content = files.remove(sourcePath);
        if (content == null) {
            throw new PathNotFoundException(sourcePath);
        }
        files.put(destPath, content);
    }

    @Override
    public synchronized void delete(String path) throws IOException {
        count("delete");
        boolean found = files.remove(path) != null;
        found |= files.keySet().removeIf(k -> k.startsWith(path + "/"));
        if (!found) {
            throw new PathNotFoundException(path);
        }
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) {
        count("redirectUrl");
        return Optional.empty();
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        count("walk");
        ListingWalker.walk(this, path, visitor);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.basic();
    }

    @Override
    public void close() {
        closed = true;
    }
}
