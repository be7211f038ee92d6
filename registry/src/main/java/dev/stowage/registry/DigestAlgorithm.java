package dev.stowage.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The digest algorithms the registry accepts, with their names in a digest string and the length
 * of their lowercase hex encoding. {@link #SHA256} is canonical: blobs are stored and linked by it.
 */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String id;
    private final String jdkName;
    private final int hexLength;

    DigestAlgorithm(String id, String jdkName, int hexLength) {
        this.id = id;
        this.jdkName = jdkName;
        this.hexLength = hexLength;
    }

    /** The name in a digest string and in storage paths: {@code sha256}. */
    public String id() {
        return id;
    }

    /** The length of an encoded digest of this algorithm: 64 for SHA-256. */
    public int hexLength() {
        return hexLength;
    }

    /** A new JDK digest of this algorithm. */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jdkName + " is missing from this JDK", e);
        }
    }

    /**
     * The algorithm with the given id.
     *
     * @throws DigestInvalidException if the registry does not support it, naming the ones it does
     */
    public static DigestAlgorithm fromId(String id) throws DigestInvalidException {
        for (DigestAlgorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new DigestInvalidException("unsupported digest algorithm \"" + id + "\"; supported: sha256, sha512");
    }
}
