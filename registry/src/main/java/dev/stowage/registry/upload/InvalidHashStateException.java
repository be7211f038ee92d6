package dev.stowage.registry.upload;

import java.io.IOException;

/**
 * A saved hash state that cannot be restored: its size, its magic prefix or its contents are not
 * those of a state written by Go's {@code crypto/sha256} {@code MarshalBinary}. The message names
 * what is wrong.
 */
public class InvalidHashStateException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message names what is wrong with the state. */
    public InvalidHashStateException(String message) {
        super(message);
    }
}
