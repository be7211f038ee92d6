package dev.stowage.registry.blob;

import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.TransferableStream;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Digest;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The body of a blob answer: {@code length} bytes of a blob's data from {@code first}, read with
 * {@code reader(path, first)} (no {@code stat}) through one buffer of the configured size. When
 * the driver's stream is also a {@link ReadableByteChannel} and the answer's a
 * {@link WritableByteChannel}, that buffer is a direct one from {@code buffers}, so the bytes
 * never pass through the heap; and when the stream is a {@link TransferableStream} and the body
 * longer than one buffer, the stream sends the bytes to the answer itself (the filesystem
 * driver's straight from the page cache).
 */
record StreamedBody(StorageDriver driver, Digest digest, String path, long first, long length, ReadBuffers buffers,
                    MissingBlob onMissing) implements BlobResponse.Body {

    /** Told when the blob turns out to be gone, so caches can forget it. */
    interface MissingBlob {
        void gone(Digest digest);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        InputStream in;
        try {
            in = driver.reader(path, first);
        } catch (PathNotFoundException e) {
            onMissing.gone(digest);
            throw new BlobUnknownException("blob " + digest + " is no longer in the registry", e);
        }
        try (in) {
            if (in instanceof TransferableStream source && out instanceof WritableByteChannel sink && length > buffers.size()) {
                long sent = source.transferTo(length, sink);
                if (sent < length) {
                    throw ended(length - sent);
                }
                return;
            }
            if (in instanceof ReadableByteChannel source && out instanceof WritableByteChannel sink) {
                copy(source, sink);
                return;
            }
            byte[] buffer = new byte[(int) Math.min(buffers.size(), Math.max(1, length))];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw ended(left);
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    private void copy(ReadableByteChannel source, WritableByteChannel sink) throws IOException {
        ByteBuffer buffer = buffers.take();
        long left = length;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = source.read(buffer);
            if (n < 0) {
                throw ended(left); // the buffer is not given back: a failed answer may still hold it
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                sink.write(buffer);
            }
            left -= n;
        }
        buffers.give(buffer);
    }

    private EOFException ended(long left) {
        return new EOFException("blob " + digest + " ended " + left + " bytes before its stated size");
    }
}
