package dev.stowage.registry;

/** Content does not have the size that was stated, or exceeds a limit. */
public class SizeInvalidException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public SizeInvalidException(String message) {
        super(ErrorCode.SIZE_INVALID, message);
    }

    public SizeInvalidException(String message, Throwable cause) {
        super(ErrorCode.SIZE_INVALID, message, cause);
    }
}
