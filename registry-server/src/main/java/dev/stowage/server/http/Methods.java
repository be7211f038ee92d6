package dev.stowage.server.http;

import java.util.Map;

/** The answer to a method a resource does not have. */
final class Methods {

    private Methods() {}

    static ApiException notAllowed(Exchange exchange, String allowed) {
        return new ApiException(ApiErrorCode.UNSUPPORTED, exchange.method() + " is not supported here; allowed: "
                + allowed, null, Map.of("Allow", allowed));
    }
}
