package dev.stowage.registry.blob;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import java.io.IOException;

/**
 * A {@link BlobStatter} that can also be told descriptors and told to forget them: the seam where
 * descriptor caches (and, later, access checks) wrap the statters that read storage.
 */
public interface BlobDescriptorService extends BlobStatter {

    /** Records the descriptor of a blob that was just stored or linked. */
    void setDescriptor(Descriptor descriptor) throws IOException;

    /** Forgets a blob that was deleted. Forgetting an unknown blob does nothing. */
    void clear(Digest digest) throws IOException;
}
