package dev.stowage.registry;

/** The repository is not known to the registry (it holds no tags, say, when tags are listed). */
public class NameUnknownException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public NameUnknownException(String message) {
        super(ErrorCode.NAME_UNKNOWN, message);
    }

    public NameUnknownException(String message, Throwable cause) {
        super(ErrorCode.NAME_UNKNOWN, message, cause);
    }
}
