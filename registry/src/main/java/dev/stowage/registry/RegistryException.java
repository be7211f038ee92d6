package dev.stowage.registry;

import java.io.IOException;
import java.util.Objects;

/**
 * A request to the registry's storage side that cannot be carried out as asked: the input is
 * invalid or names something that does not exist. Each subclass stands for one {@link ErrorCode};
 * storage failures (a backend that is down, say) stay plain {@link IOException}s.
 */
public class RegistryException extends IOException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /** An exception with the given code and a message that names what was wrong, and where. */
    public RegistryException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** As {@link #RegistryException(ErrorCode, String)}, keeping the cause. */
    public RegistryException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The OCI error code this failure maps to. */
    public ErrorCode code() {
        return code;
    }
}
