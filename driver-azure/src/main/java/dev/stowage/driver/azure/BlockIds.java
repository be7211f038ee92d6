package dev.stowage.driver.azure;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The block IDs of writer sessions. Each ID names its session and its index in the session,
 * {@code "stw1" + 16 hex digits of session + 10 decimal digits of index}, base64-encoded, so all
 * IDs have one length (as Azure requires within a blob) and the uncommitted blocks of a closed
 * writer can be found again, in order, from the service's block list alone. A session key starts
 * with the time it was made, so the newest session of a path sorts last.
 */
final class BlockIds {

    private static final String MAGIC = "stw1";
    private static final int RAW_LENGTH = MAGIC.length() + 16 + 10;
    private static final AtomicLong LAST_MILLIS = new AtomicLong();
    private static final int JVM_NONCE = new SecureRandom().nextInt(1 << 16);

    /** A parsed block ID. */
    record Parsed(String session, int index) {}

    private BlockIds() {}

    /** A new session key, after every key made before it in this JVM: 12 hex digits of time, 4 of nonce. */
    static String newSession() {
        long millis = LAST_MILLIS.updateAndGet(last -> Math.max(System.currentTimeMillis(), last + 1));
        return String.format("%012x%04x", millis, JVM_NONCE);
    }

    static String id(String session, int index) {
        String raw = MAGIC + session + String.format("%010d", index);
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** The session and index of an ID this class made, or null for any other ID. */
    static Parsed parse(String id) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != RAW_LENGTH) {
            return null;
        }
        String text = new String(raw, StandardCharsets.US_ASCII);
        if (!text.startsWith(MAGIC)) {
            return null;
        }
        String session = text.substring(MAGIC.length(), MAGIC.length() + 16);
        String index = text.substring(MAGIC.length() + 16);
        if (!session.chars().allMatch(c -> Character.digit(c, 16) >= 0) || !index.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long n = Long.parseLong(index);
        return n > Integer.MAX_VALUE ? null : new Parsed(session, (int) n);
    }
}
