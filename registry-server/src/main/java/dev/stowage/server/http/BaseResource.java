package dev.stowage.server.http;

/** {@code /v2/}: tells a client that this is a registry speaking the v2 API. */
final class BaseResource {

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    void handle(Exchange exchange) throws ApiException {
        switch (exchange.method()) {
            case "GET", "HEAD" -> exchange.send(200, Json.CONTENT_TYPE, EMPTY_OBJECT);
            default -> throw Methods.notAllowed(exchange, "GET, HEAD");
        }
    }
}
