package dev.stowage.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.driver.BufferMemoryExhaustedException;
import dev.stowage.registry.Digest;
import dev.stowage.registry.ManifestBlobUnknownException;
import dev.stowage.registry.ManifestTooLargeException;
import dev.stowage.registry.RegistryException;
import java.util.Map;

/**
 * The one place where a failure becomes an HTTP answer: the status, the error body
 * {@code {"errors":[{"code","message","detail"}]}} and any headers. Storage-side exceptions map one
 * for one by their {@link dev.stowage.registry.ErrorCode}; a manifest above the size limit is the
 * one refinement (413, as the specification allows); an upload that waited too long for the
 * driver's buffer memory is 429 with {@code Retry-After}. Anything else is a 500 whose message names
 * no internals.
 */
final class ErrorResponses {

    private ErrorResponses() {}

    /** An error answer: status, body and headers. */
    record ErrorAnswer(int status, ApiErrorCode code, byte[] body, Map<String, String> headers) {}

    /** The answer to {@code failure}, or null when the failure is not the client's and not known. */
    static ErrorAnswer of(Throwable failure) {
        if (failure instanceof ApiException e) {
            return answer(e.code().status(), e.code(), e.getMessage(), e.detail(), e.headers());
        }
        if (failure instanceof ManifestTooLargeException e) {
            return answer(413, ApiErrorCode.SIZE_INVALID, e.getMessage(), Map.of("limit", e.limit()), Map.of());
        }
        if (failure instanceof ManifestBlobUnknownException e) {
            ArrayNode missing = Json.MAPPER.createArrayNode();
            for (Digest digest : e.missing()) {
                missing.add(digest.toString());
            }
            ObjectNode detail = Json.MAPPER.createObjectNode();
            detail.set("missing", missing);
            ApiErrorCode code = ApiErrorCode.of(e.code());
            return answer(code.status(), code, e.getMessage(), detail, Map.of());
        }
        if (failure instanceof RegistryException e) {
            ApiErrorCode code = ApiErrorCode.of(e.code());
            return answer(code.status(), code, e.getMessage(), null, Map.of());
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BufferMemoryExhaustedException) {
                return answer(429, ApiErrorCode.TOOMANYREQUESTS, "the registry's uploads hold all the buffer memory it"
                        + " allows; what arrived is kept, resume the upload shortly", null, Map.of("Retry-After", "5"));
            }
        }
        return null;
    }

    /** The 500 answer for a failure of the server or its storage, naming no internals. */
    static ErrorAnswer internal() {
        return answer(500, ApiErrorCode.UNKNOWN, "the registry failed to carry out the request; see its log", null,
                Map.of());
    }

    static ErrorAnswer answer(int status, ApiErrorCode code, String message, Object detail,
                              Map<String, String> headers) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("code", code.name());
        error.put("message", message == null ? code.message() : message);
        if (detail != null) {
            error.set("detail", detail instanceof JsonNode node ? node : Json.MAPPER.valueToTree(detail));
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("errors").add(error);
        return new ErrorAnswer(status, code, Json.bytes(body), headers);
    }
}
