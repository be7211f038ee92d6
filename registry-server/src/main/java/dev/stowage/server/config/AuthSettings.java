package dev.stowage.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code auth} section's one access controller. {@code silly} is accepted with a warning and
 * gives no access controller.
 */
public sealed interface AuthSettings {

    /** The realm sent in {@code WWW-Authenticate} challenges. */
    String realm();

    /**
     * {@code auth.htpasswd}: HTTP basic authentication against an htpasswd file (bcrypt entries).
     * The path is not checked by the parser (Debian's default config names a directory).
     *
     * @param realm {@code realm}, required
     * @param path {@code path}, required
     */
    record Htpasswd(String realm, Path path) implements AuthSettings {
        public Htpasswd {
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * {@code auth.token}: bearer tokens from an external token server.
     *
     * @param realm {@code realm}: the token server's URL, required
     * @param service {@code service}, required
     * @param issuer {@code issuer}, required
     * @param rootCertBundle {@code rootcertbundle}: PEM certificates that sign tokens
     * @param jwks {@code jwks}: a JSON Web Key Set file (newer Go registries); at least one of the two is set
     * @param autoRedirect {@code autoredirect}: derive the realm's host from the request
     */
    record Token(String realm, String service, String issuer, Optional<Path> rootCertBundle, Optional<Path> jwks,
                 boolean autoRedirect) implements AuthSettings {
        public Token {
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(rootCertBundle, "rootCertBundle");
            Objects.requireNonNull(jwks, "jwks");
        }
    }
}
