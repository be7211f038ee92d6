package dev.stowage.registry;

/** An upload cannot take the request: it is in use by another request, or its stored state cannot be used. */
public class BlobUploadInvalidException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public BlobUploadInvalidException(String message) {
        super(ErrorCode.BLOB_UPLOAD_INVALID, message);
    }

    public BlobUploadInvalidException(String message, Throwable cause) {
        super(ErrorCode.BLOB_UPLOAD_INVALID, message, cause);
    }
}
