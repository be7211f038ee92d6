package dev.stowage.server.auth;

import java.util.List;
import java.util.Optional;

/** Builds the {@link AccessController}s of the Go registry's {@code auth} configuration section. */
public final class AccessControllers {

    private static final AccessController NONE = new AccessController() {
        @Override
        public Decision authorize(Optional<String> authorizationHeader, List<Access> required) {
            return new Decision.Granted("");
        }

        @Override
        public String toString() {
            return "AccessController(none)";
        }
    };

    private AccessControllers() {}

    /** Access control off (no {@code auth} section): grants every request, subject empty. */
    public static AccessController none() {
        return NONE;
    }

    /**
     * HTTP Basic authentication against an htpasswd file, as Go 2.8's {@code htpasswd} controller. Any
     * authenticated user may do anything.
     *
     * <ul>
     *   <li>Missing file: created, with its missing parent directories (mode 0700, file 0600), holding user
     *       {@code docker} with a random password, which is logged as a warning, as Go does.
     *   <li>A directory (Debian's packaged config points at {@code /etc/docker/registry}): starts, with a
     *       warning. As Go: requests without valid Basic credentials get the challenge, requests with
     *       credentials a {@link Decision.Failure} (400).
     *   <li>A regular file: parsed now; a line without {@code ':'} fails start-up with its line number.
     *       Re-read when its modification time changes, as Go does; a bad re-read keeps the last good
     *       entries and logs an error.
     * </ul>
     *
     * @throws AuthConfigurationException if the file is unreadable, malformed or cannot be created
     */
    public static AccessController htpasswd(HtpasswdSettings settings) {
        return HtpasswdAccessController.create(settings);
    }

    /**
     * Bearer token authentication as Go's {@code token} controller: JWTs signed by a key from the root
     * certificate bundle or JWKS, with the right issuer and audience, unexpired, whose {@code access} claim
     * covers every required access.
     *
     * @throws AuthConfigurationException if a file is missing or unreadable, holds a bad certificate or
     *     key, or there is no signing key at all
     */
    public static AccessController token(TokenSettings settings) {
        return TokenAccessController.create(settings);
    }
}
