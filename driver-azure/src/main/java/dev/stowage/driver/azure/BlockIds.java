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
 *
 * <p>Two markers of the same length, never committed, tell what a session's data blocks cannot:
 * {@code "stwo"} that it was closed having staged nothing (it continues at size 0), {@code "stwx"}
 * that it was cancelled (nothing continues it, nor any session before it).
 */
final class BlockIds {

    private static final String DATA = "stw1";
    private static final String OPENED = "stwo";
    private static final String CANCELLED = "stwx";
    private static final int RAW_LENGTH = DATA.length() + 16 + 10;
    private static final AtomicLong LAST_MILLIS = new AtomicLong();
    private static final int JVM_NONCE = new SecureRandom().nextInt(1 << 16);

    /** What a block is: a session's bytes, or one of its markers. */
    enum Kind { DATA, OPENED, CANCELLED }

    /** A parsed block ID; a marker's index is 0. */
    record Parsed(String session, Kind kind, int index) {}

    private BlockIds() {}

    /** A new session key, after every key made before it in this JVM: 12 hex digits of time, 4 of nonce. */
    static String newSession() {
        long millis = LAST_MILLIS.updateAndGet(last -> Math.max(System.currentTimeMillis(), last + 1));
        return String.format("%012x%04x", millis, JVM_NONCE);
    }

    /** The ID of data block {@code index} of {@code session}. */
    static String id(String session, int index) {
        return encode(DATA, session, index);
    }

    /** The ID of the marker of a session closed with nothing staged. */
    static String opened(String session) {
        return encode(OPENED, session, 0);
    }

    /** The ID of the marker of a cancelled session. */
    static String cancelled(String session) {
        return encode(CANCELLED, session, 0);
    }

    private static String encode(String kind, String session, int index) {
        String raw = kind + session + String.format("%010d", index);
        return Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** The session, kind and index of an ID this class made, or null for any other ID. */
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
        Kind kind = switch (text.substring(0, DATA.length())) {
            case DATA -> Kind.DATA;
            case OPENED -> Kind.OPENED;
            case CANCELLED -> Kind.CANCELLED;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        String session = text.substring(DATA.length(), DATA.length() + 16);
        String index = text.substring(DATA.length() + 16);
        if (!session.chars().allMatch(c -> Character.digit(c, 16) >= 0) || !index.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long n = Long.parseLong(index);
        return n > Integer.MAX_VALUE ? null : new Parsed(session, kind, (int) n);
    }
}
