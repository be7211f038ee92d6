package dev.stowage.registry;

/** The operation is switched off in this registry's configuration (deletes, say). */
public class OperationUnsupportedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public OperationUnsupportedException(String message) {
        super(ErrorCode.UNSUPPORTED, message);
    }

    public OperationUnsupportedException(String message, Throwable cause) {
        super(ErrorCode.UNSUPPORTED, message, cause);
    }
}
