package dev.stowage.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.registry.BlobUploadInvalidException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code _state} token an upload's {@code Location} carries, in the Go registry's format:
 * {@code base64url(HMAC-SHA256(secret, json) || json)} with {@code json} =
 * {@code {"Name","UUID","Offset","StartedAt"}}. Replicas (and Go registries) that share the
 * {@code http.secret} accept each other's tokens. The token vouches for the name, id, start and
 * offset; storage remains the judge of what the upload holds (the offset only spares look-ups).
 *
 * @param name the repository name
 * @param uuid the upload id
 * @param offset the bytes uploaded when the token was made
 * @param startedAt when the upload began
 */
record UploadState(String name, String uuid, long offset, Instant startedAt) {

    private static final int MAC_LENGTH = 32;

    /** Signs and packs this state. */
    String pack(byte[] secret) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("Name", name);
        json.put("UUID", uuid);
        json.put("Offset", offset);
        json.put("StartedAt", startedAt.toString());
        byte[] payload = Json.bytes(json);
        byte[] mac = mac(secret, payload);
        byte[] token = Arrays.copyOf(mac, mac.length + payload.length);
        System.arraycopy(payload, 0, token, mac.length, payload.length);
        return Base64.getUrlEncoder().encodeToString(token);
    }

    /**
     * Checks and unpacks a token.
     *
     * @throws BlobUploadInvalidException if it is malformed or not signed with {@code secret}
     */
    static UploadState unpack(String token, byte[] secret) throws BlobUploadInvalidException {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token.trim());
        } catch (IllegalArgumentException e) {
            throw new BlobUploadInvalidException("the upload's _state token is not base64url: " + e.getMessage());
        }
        if (raw.length <= MAC_LENGTH) {
            throw new BlobUploadInvalidException("the upload's _state token is too short");
        }
        byte[] mac = Arrays.copyOf(raw, MAC_LENGTH);
        byte[] payload = Arrays.copyOfRange(raw, MAC_LENGTH, raw.length);
        if (!MessageDigest.isEqual(mac, mac(secret, payload))) {
            throw new BlobUploadInvalidException("the upload's _state token is not signed with this registry's"
                    + " secret (replicas must share http.secret)");
        }
        try {
            JsonNode json = Json.MAPPER.readTree(payload);
            return new UploadState(json.path("Name").asText(), json.path("UUID").asText(),
                    json.path("Offset").asLong(), Instant.parse(json.path("StartedAt").asText()));
        } catch (IOException | DateTimeParseException e) {
            throw new BlobUploadInvalidException("the upload's _state token holds no valid state: " + e.getMessage());
        }
    }

    private static byte[] mac(byte[] secret, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The secret as the Go registry uses its {@code http.secret}: the string's bytes. */
    static byte[] secret(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
