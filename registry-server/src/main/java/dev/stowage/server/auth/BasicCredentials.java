package dev.stowage.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * User name and password from an {@code Authorization: Basic} header, parsed as Go's
 * {@code Request.BasicAuth}: the scheme case-insensitive, base64 of {@code user:password} split at the
 * first {@code ':'}. The password stays bytes, as bcrypt takes them.
 */
record BasicCredentials(String user, byte[] password) {

    private static final String PREFIX = "Basic ";

    static Optional<BasicCredentials> parse(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.length() < PREFIX.length() || !value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] == ':') {
                String user = new String(decoded, 0, i, StandardCharsets.UTF_8);
                return Optional.of(new BasicCredentials(user, Arrays.copyOfRange(decoded, i + 1, decoded.length)));
            }
        }
        return Optional.empty();
    }
}
