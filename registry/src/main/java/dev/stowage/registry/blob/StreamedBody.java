package dev.stowage.registry.blob;

import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Digest;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The body of a blob answer: {@code length} bytes of a blob's data from {@code first}, read with
 * {@code reader(path, first)} (no {@code stat}) through one buffer of the configured size.
 */
record StreamedBody(StorageDriver driver, Digest digest, String path, long first, long length, int bufferSize,
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
            byte[] buffer = new byte[(int) Math.min(bufferSize, Math.max(1, length))];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("blob " + digest + " ended " + left + " bytes before its stated size");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
