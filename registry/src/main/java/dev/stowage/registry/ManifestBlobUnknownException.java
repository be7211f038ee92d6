package dev.stowage.registry;

import java.util.List;

/**
 * A manifest references content the repository does not hold: configs or layers not linked into
 * it, or (for an index) child manifests not in it. Nothing was stored.
 */
public class ManifestBlobUnknownException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final List<Digest> missing;

    /** An exception naming every missing digest. */
    public ManifestBlobUnknownException(String message, List<Digest> missing) {
        super(ErrorCode.MANIFEST_BLOB_UNKNOWN, message);
        this.missing = List.copyOf(missing);
    }

    /** The digests the manifest references that the repository does not hold, in manifest order. */
    public List<Digest> missing() {
        return missing;
    }
}
