package dev.stowage.registry;

/** A manifest does not parse as its media type, has the wrong shape, or a tag name is outside the grammar. */
public class ManifestInvalidException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public ManifestInvalidException(String message) {
        super(ErrorCode.MANIFEST_INVALID, message);
    }

    public ManifestInvalidException(String message, Throwable cause) {
        super(ErrorCode.MANIFEST_INVALID, message, cause);
    }
}
