package dev.stowage.registry.blob;

import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import java.io.IOException;

/** Tells what is known about a blob by its digest. */
@FunctionalInterface
public interface BlobStatter {

    /**
     * The blob's descriptor. It may come from a descriptor cache, so it is right about the size
     * and media type, but may say a blob exists that was deleted since; decisions that write use
     * {@link BlobStore#verify} instead.
     *
     * @throws BlobUnknownException if the blob is not there
     */
    Descriptor stat(Digest digest) throws IOException;
}
