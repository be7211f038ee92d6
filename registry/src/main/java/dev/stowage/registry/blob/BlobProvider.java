package dev.stowage.registry.blob;

import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.SizeInvalidException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/** Reads blobs: small ones whole, any one as a channel. */
public interface BlobProvider extends BlobStatter {

    /**
     * The whole content of a small blob (a manifest, a config).
     *
     * @throws BlobUnknownException if the blob is not there
     * @throws SizeInvalidException if it is larger than the registry's small-blob limit; nothing
     *     is read then
     */
    byte[] get(Digest digest) throws IOException;

    /**
     * A channel over a blob whose descriptor the caller already has: its size is taken from the
     * descriptor and storage is not asked again. Reads fail if the blob is gone or shorter.
     */
    SeekableByteChannel open(Descriptor descriptor) throws IOException;

    /**
     * A channel over a blob, after a {@link #stat}.
     *
     * @throws BlobUnknownException if the blob is not there
     */
    default SeekableByteChannel open(Digest digest) throws IOException {
        return open(stat(digest));
    }
}
