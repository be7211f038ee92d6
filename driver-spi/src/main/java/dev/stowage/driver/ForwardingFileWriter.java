package dev.stowage.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * Base for middleware writers: a {@link FileWriter} that passes every call to another one, the
 * writer-side counterpart of {@link ForwardingStorageDriver}. Subclasses override the calls they
 * change (a fault injected part way, a count) and keep the delegate's contract for the rest.
 */
public abstract class ForwardingFileWriter implements FileWriter {

    private final FileWriter delegate;

    protected ForwardingFileWriter(FileWriter delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The writer calls are passed to. */
    protected final FileWriter delegate() {
        return delegate;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        return delegate.write(source);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public void commit() throws IOException {
        delegate.commit();
    }

    @Override
    public void cancel() throws IOException {
        delegate.cancel();
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
        delegate.close();
    }
}
