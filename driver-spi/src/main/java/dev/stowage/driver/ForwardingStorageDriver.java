package dev.stowage.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Base for middleware: a {@link StorageDriver} that passes every call to another one. Subclasses
 * override the calls they change (metrics, a redirect base URL, fault injection for tests) and
 * are themselves drivers.
 */
public abstract class ForwardingStorageDriver implements StorageDriver {

    private final StorageDriver delegate;

    protected ForwardingStorageDriver(StorageDriver delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The driver calls are passed to. */
    protected final StorageDriver delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        return delegate.getContent(path);
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        delegate.putContent(path, content);
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return delegate.reader(path, offset);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        return delegate.writer(path, append);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        return delegate.stat(path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        return delegate.list(path);
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        delegate.move(sourcePath, destPath);
    }

    @Override
    public void delete(String path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) throws IOException {
        return delegate.redirectUrl(path, request);
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        delegate.walk(path, visitor);
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
