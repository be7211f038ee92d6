package dev.stowage.registry;

/** A digest is malformed or of an unsupported algorithm, or content does not hash to the digest stated. */
public class DigestInvalidException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public DigestInvalidException(String message) {
        super(ErrorCode.DIGEST_INVALID, message);
    }

    public DigestInvalidException(String message, Throwable cause) {
        super(ErrorCode.DIGEST_INVALID, message, cause);
    }
}
