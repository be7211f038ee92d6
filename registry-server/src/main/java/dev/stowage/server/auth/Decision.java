package dev.stowage.server.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link AccessController} decided for one request: exactly one of {@link Granted},
 * {@link Challenge} or {@link Failure}. Never null; controllers do not throw for anything a client sends.
 */
public sealed interface Decision {

    /**
     * The request may proceed.
     *
     * @param subject who was authenticated (the htpasswd user, the token's {@code sub}), for logs; empty
     *     when access control is off
     */
    record Granted(String subject) implements Decision {
        /** Rejects a null subject. */
        public Granted {
            Objects.requireNonNull(subject, "subject");
        }
    }

    /**
     * The request is refused with an authentication challenge. The HTTP layer answers with {@code status},
     * one {@code WWW-Authenticate} header per element of {@code wwwAuthenticate}, and the OCI error body
     * {@code {"errors":[{"code":errorCode,"message":message,"detail":detail()}]}}.
     *
     * <p>Go 2.8 answers every challenge, htpasswd or token, with 401, {@code UNAUTHORIZED} and
     * "authentication required"; it never uses {@code DENIED}/403 here.
     *
     * @param status the HTTP status, 401
     * @param wwwAuthenticate the {@code WWW-Authenticate} values, e.g. {@code Basic realm="r"}
     * @param errorCode the OCI error code, {@code UNAUTHORIZED}
     * @param message the error message
     * @param required the accesses the request needed; Go puts them in the error's {@code detail}
     * @param reason why, for the server log only (never sent to the client), e.g. "invalid token"
     */
    record Challenge(
            int status,
            List<String> wwwAuthenticate,
            String errorCode,
            String message,
            List<Access> required,
            String reason)
            implements Decision {

        /** The OCI error code of a challenge. */
        public static final String UNAUTHORIZED = "UNAUTHORIZED";

        /** Copies the lists; rejects nulls. */
        public Challenge {
            wwwAuthenticate = List.copyOf(wwwAuthenticate);
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(message, "message");
            required = List.copyOf(required);
            Objects.requireNonNull(reason, "reason");
        }

        /** A 401 {@code UNAUTHORIZED} "authentication required" challenge, as Go 2.8 sends them. */
        static Challenge unauthorized(String wwwAuthenticate, List<Access> required, String reason) {
            return new Challenge(401, List.of(wwwAuthenticate), UNAUTHORIZED, "authentication required",
                    required, reason);
        }

        /**
         * The error's {@code detail} as Go writes it: one {@link Access#toDetail()} map per required access.
         * When the list is empty (e.g. {@code GET /v2/}) Go writes JSON {@code null}; do the same.
         */
        public List<Map<String, String>> detail() {
            return required.stream().map(Access::toDetail).toList();
        }
    }

    /**
     * The controller could not decide because of the server's own set-up (e.g. the htpasswd path is a
     * directory or unreadable). Go answers {@code 400 Bad Request} with an empty body, to avoid exposing
     * anything, and logs the reason; do the same. The request must not proceed.
     *
     * @param status the HTTP status, 400
     * @param reason why, for the server log only
     */
    record Failure(int status, String reason) implements Decision {
        /** Rejects a null reason. */
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
