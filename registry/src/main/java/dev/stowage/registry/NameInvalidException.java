package dev.stowage.registry;

/** A repository name does not follow the OCI name grammar. */
public class NameInvalidException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public NameInvalidException(String message) {
        super(ErrorCode.NAME_INVALID, message);
    }

    public NameInvalidException(String message, Throwable cause) {
        super(ErrorCode.NAME_INVALID, message, cause);
    }
}
