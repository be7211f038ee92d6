package dev.stowage.server.auth;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code auth.token} section of the Go registry's configuration.
 *
 * @param realm the token server's URL, the {@code realm} of the {@code Bearer} challenge
 * @param service this registry's name: the challenge's {@code service} and the audience a token must
 *     name
 * @param issuer the {@code iss} a token must carry
 * @param rootCertBundle PEM file of the certificates whose keys sign tokens (directly, by {@code kid}) or
 *     whose CAs issue the certificates in a token's {@code x5c}; may be null only when {@code jwks} is set
 * @param jwks a JSON Web Key Set file of further signing keys, matched by their {@code kid} (newer Go)
 * @param autoRedirect Go's {@code autoredirect}: derive the realm from the request's host; not
 *     supported here, the configured realm is always used (a warning is logged)
 */
public record TokenSettings(
        String realm,
        String service,
        String issuer,
        Path rootCertBundle,
        Optional<Path> jwks,
        boolean autoRedirect) {
    /** Rejects nulls (except {@code rootCertBundle}, see above). */
    public TokenSettings {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwks, "jwks");
    }
}
