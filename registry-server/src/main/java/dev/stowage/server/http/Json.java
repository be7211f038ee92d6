package dev.stowage.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** The HTTP layer's JSON: one mapper for error bodies and listings. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The JSON media type of error bodies and listings. */
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private Json() {}

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
