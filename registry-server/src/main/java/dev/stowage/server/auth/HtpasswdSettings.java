package dev.stowage.server.auth;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code auth.htpasswd} section of the Go registry's configuration.
 *
 * @param realm the realm of the {@code Basic} challenge
 * @param path the htpasswd file (bcrypt entries only); see {@link AccessControllers#htpasswd} for what
 *     happens when it is missing or a directory
 */
public record HtpasswdSettings(String realm, Path path) {
    /** Rejects nulls. */
    public HtpasswdSettings {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(path, "path");
    }
}
