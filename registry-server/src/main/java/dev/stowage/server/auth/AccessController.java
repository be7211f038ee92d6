package dev.stowage.server.auth;

import java.util.List;
import java.util.Optional;

/**
 * Decides whether a request may do what it needs, as the Go registry's {@code auth.AccessController}.
 * Transport-neutral: the HTTP layer passes the request's {@code Authorization} header (the first one, as
 * Go's {@code Header.Get}) and the accesses the route needs, and turns the {@link Decision} into a
 * response.
 *
 * <p>Contract: thread-safe; never returns null; never throws for any header value (malformed headers,
 * bad credentials and bad tokens are {@link Decision.Challenge}s). An empty {@code required} list (the
 * {@code /v2/} base route) still needs valid credentials. Build instances with {@link AccessControllers}.
 */
public interface AccessController {

    /**
     * Decides for one request.
     *
     * @param authorizationHeader the request's {@code Authorization} header, if it has one
     * @param required every access the request needs, e.g. {@code repository:foo:pull} and {@code push}
     */
    Decision authorize(Optional<String> authorizationHeader, List<Access> required);
}
