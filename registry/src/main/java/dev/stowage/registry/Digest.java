package dev.stowage.registry;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest: an algorithm and the lowercase hex encoding of the hash, written
 * {@code sha256:<64 hex>}. Two digests are equal when both parts are; the string form is what
 * link files, headers and Redis keys hold.
 *
 * @param algorithm the hash algorithm
 * @param hex the lowercase hex encoding, exactly {@link DigestAlgorithm#hexLength()} characters
 */
public record Digest(DigestAlgorithm algorithm, String hex) {

    /** The OCI grammar of an algorithm name; anything matching it but unknown is "unsupported". */
    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != algorithm.hexLength() || !LOWER_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a " + algorithm.id() + " digest has " + algorithm.hexLength()
                    + " lowercase hex characters, not \"" + hex + "\"");
        }
    }

    /**
     * Parses {@code algorithm:hex}.
     *
     * @throws DigestInvalidException naming what is wrong: no separator, a malformed or unsupported
     *     algorithm, a wrong length or a character that is not lowercase hex
     */
    public static Digest parse(String text) throws DigestInvalidException {
        if (text == null || text.isEmpty()) {
            throw new DigestInvalidException("empty digest");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new DigestInvalidException("digest \"" + text + "\" has no algorithm: expected algorithm:hex, as sha256:<64 hex>");
        }
        String name = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        if (!ALGORITHM.matcher(name).matches()) {
            throw new DigestInvalidException("digest \"" + text + "\" has a malformed algorithm \"" + name + "\"");
        }
        DigestAlgorithm algorithm;
        try {
            algorithm = DigestAlgorithm.fromId(name);
        } catch (DigestInvalidException e) {
            throw new DigestInvalidException("digest \"" + text + "\": " + e.getMessage());
        }
        if (hex.length() != algorithm.hexLength()) {
            throw new DigestInvalidException("digest \"" + text + "\": a " + name + " digest has "
                    + algorithm.hexLength() + " hex characters, not " + hex.length());
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new DigestInvalidException("digest \"" + text + "\": character " + (colon + 2 + i)
                        + " ('" + c + "') is not lowercase hex");
            }
        }
        return new Digest(algorithm, hex);
    }

    /** The digest of a finished hash of the given algorithm. */
    public static Digest of(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /** The digest of {@code content} under {@code algorithm}. */
    public static Digest compute(DigestAlgorithm algorithm, byte[] content) {
        return of(algorithm, algorithm.newMessageDigest().digest(content));
    }

    /** The SHA-256 digest of {@code content}. */
    public static Digest sha256(byte[] content) {
        return compute(DigestAlgorithm.SHA256, content);
    }

    /** {@code algorithm:hex}. */
    @Override
    public String toString() {
        return algorithm.id() + ":" + hex;
    }
}
