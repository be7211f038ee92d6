package dev.stowage.registry;

/** No manifest with the given digest or tag is in the repository. */
public class ManifestUnknownException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public ManifestUnknownException(String message) {
        super(ErrorCode.MANIFEST_UNKNOWN, message);
    }

    public ManifestUnknownException(String message, Throwable cause) {
        super(ErrorCode.MANIFEST_UNKNOWN, message, cause);
    }
}
