package dev.stowage.server.auth;

/**
 * An access controller could not be built from its settings: the message names the file and the
 * problem (missing file, no certificates in the bundle, malformed htpasswd line with its number).
 * Thrown at start-up only, never while deciding a request.
 */
public final class AuthConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AuthConfigurationException(String message) {
        super(message);
    }

    AuthConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
