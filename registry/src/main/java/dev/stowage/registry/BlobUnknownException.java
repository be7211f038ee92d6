package dev.stowage.registry;

/** A blob is not in the registry, or not linked into the repository asked. */
public class BlobUnknownException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public BlobUnknownException(String message) {
        super(ErrorCode.BLOB_UNKNOWN, message);
    }

    public BlobUnknownException(String message, Throwable cause) {
        super(ErrorCode.BLOB_UNKNOWN, message, cause);
    }
}
