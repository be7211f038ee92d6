package dev.stowage.registry;

/** No upload with the given id exists in the repository (never begun, finished, cancelled or purged). */
public class BlobUploadUnknownException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public BlobUploadUnknownException(String message) {
        super(ErrorCode.BLOB_UPLOAD_UNKNOWN, message);
    }

    public BlobUploadUnknownException(String message, Throwable cause) {
        super(ErrorCode.BLOB_UPLOAD_UNKNOWN, message, cause);
    }
}
