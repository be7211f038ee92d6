package dev.stowage.server.http;

import dev.stowage.registry.ErrorCode;

/**
 * The error codes the HTTP API answers with: those of the OCI distribution specification, plus the
 * few the Go registry adds that clients know ({@code RANGE_INVALID}, {@code PAGINATION_NUMBER_INVALID}),
 * each with the HTTP status the Go registry gives it.
 */
enum ApiErrorCode {
    BLOB_UNKNOWN(404, "blob unknown to registry"),
    BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
    DIGEST_INVALID(400, "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID(400, "manifest invalid"),
    MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
    NAME_INVALID(400, "invalid repository name"),
    NAME_UNKNOWN(404, "repository name not known to registry"),
    SIZE_INVALID(400, "provided length did not match content length"),
    UNAUTHORIZED(401, "authentication required"),
    DENIED(403, "requested access to the resource is denied"),
    UNSUPPORTED(405, "the operation is unsupported"),
    TOOMANYREQUESTS(429, "too many requests"),
    RANGE_INVALID(416, "invalid content range"),
    PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
    NOT_FOUND(404, "no such endpoint"),
    REQUEST_TIMEOUT(408, "the request was sent too slowly"),
    UNAVAILABLE(503, "service unavailable"),
    UNKNOWN(500, "unknown error");

    private final int status;
    private final String message;

    ApiErrorCode(int status, String message) {
        this.status = status;
        this.message = message;
    }

    /** The HTTP status this code is sent with. */
    int status() {
        return status;
    }

    /** The generic message, used when nothing more precise is known. */
    String message() {
        return message;
    }

    /** The code a storage-side {@link ErrorCode} is answered with: one for one. */
    static ApiErrorCode of(ErrorCode code) {
        return switch (code) {
            case BLOB_UNKNOWN -> BLOB_UNKNOWN;
            case BLOB_UPLOAD_INVALID -> BLOB_UPLOAD_INVALID;
            case BLOB_UPLOAD_UNKNOWN -> BLOB_UPLOAD_UNKNOWN;
            case DIGEST_INVALID -> DIGEST_INVALID;
            case MANIFEST_BLOB_UNKNOWN -> MANIFEST_BLOB_UNKNOWN;
            case MANIFEST_INVALID -> MANIFEST_INVALID;
            case MANIFEST_UNKNOWN -> MANIFEST_UNKNOWN;
            case NAME_INVALID -> NAME_INVALID;
            case NAME_UNKNOWN -> NAME_UNKNOWN;
            case SIZE_INVALID -> SIZE_INVALID;
            case UNSUPPORTED -> UNSUPPORTED;
        };
    }
}
