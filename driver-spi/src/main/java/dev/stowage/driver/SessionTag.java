package dev.stowage.driver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes a {@link FileWriter#sessionTag()} from what names a session's bytes in the backend (an
 * upload id and its parts' ETags, a session key and its blocks' IDs): the SHA-256, in hex, of those
 * names in order. Equal lists give equal tags, and different lists different ones, so the names
 * must be ones the backend gives only to the same bytes.
 */
public final class SessionTag {

    private SessionTag() {}

    /** The tag of a session whose bytes {@code names} name, in order. */
    public static String of(List<String> names) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (String name : names) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            // each name with its length, so that no two lists run together alike
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
