package dev.stowage.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * The key IDs a token's {@code kid} may name a trusted key by.
 *
 * <p>{@link #libtrust}: Go 2.8's (docker/libtrust {@code keyIDFromCryptoKey}): SHA-256 of the DER
 * SubjectPublicKeyInfo, first 30 bytes (240 bits), base32 (RFC 4648 alphabet, no padding: 48
 * characters) in 12 groups of 4 joined by {@code ':'}, e.g. {@code MPH6:C3WS:...:6MQU}.
 *
 * <p>{@link #thumbprint}: newer Go's, the RFC 7638 JWK SHA-256 thumbprint, base64url.
 */
final class KeyIds {
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private KeyIds() {}

    static String libtrust(PublicKey key) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String encoded = base32(digest, 30);
        StringBuilder out = new StringBuilder(encoded.length() + encoded.length() / 4);
        for (int i = 0; i < encoded.length(); i += 4) {
            if (i > 0) {
                out.append(':');
            }
            out.append(encoded, i, Math.min(i + 4, encoded.length()));
        }
        return out.toString();
    }

    /** RFC 4648 base32 of the first {@code length} bytes, padding dropped. */
    static String base32(byte[] data, int length) {
        StringBuilder out = new StringBuilder((length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < length; i++) {
            buffer = (buffer << 8) | (data[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** The RFC 7638 thumbprint of an RSA or EC key; empty for other key types. */
    static Optional<String> thumbprint(PublicKey key) {
        try {
            if (key instanceof RSAPublicKey rsa) {
                return Optional.of(new RSAKey.Builder(rsa).build().computeThumbprint().toString());
            }
            if (key instanceof ECPublicKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (curve != null) {
                    return Optional.of(new ECKey.Builder(curve, ec).build().computeThumbprint().toString());
                }
            }
        } catch (JOSEException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
