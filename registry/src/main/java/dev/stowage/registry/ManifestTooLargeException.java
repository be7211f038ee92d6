package dev.stowage.registry;

/**
 * A manifest is larger than the registry accepts ({@link RegistryOptions#maxManifestSize()}).
 * Nothing was stored.
 */
public class ManifestTooLargeException extends SizeInvalidException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public ManifestTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /** The largest manifest accepted, in bytes. */
    public long limit() {
        return limit;
    }
}
