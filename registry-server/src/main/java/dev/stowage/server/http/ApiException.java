package dev.stowage.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request the HTTP layer refuses before or beside any storage call: a malformed range, a page
 * size out of bounds, a missing credential. Storage-side refusals stay
 * {@link dev.stowage.registry.RegistryException}s; {@link ErrorResponses} answers both.
 */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ApiErrorCode code;
    private final transient Object detail;
    private final transient Map<String, String> headers;

    ApiException(ApiErrorCode code, String message) {
        this(code, message, null, Map.of());
    }

    ApiException(ApiErrorCode code, String message, Object detail, Map<String, String> headers) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.detail = detail;
        this.headers = new LinkedHashMap<>(headers);
    }

    ApiErrorCode code() {
        return code;
    }

    /** The {@code detail} of the error body, or null. */
    Object detail() {
        return detail;
    }

    /** Headers the answer carries besides the error body ({@code Range}, {@code WWW-Authenticate}). */
    Map<String, String> headers() {
        return headers;
    }
}
