package dev.stowage.driver.azure;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The block IDs of writer sessions. Each ID names its session, the writer that staged it and its
 * index in the session, {@code "stw2" + 16 hex digits of session + 6 of writer + 4 of index},
 * base64-encoded, so all IDs have one length (as Azure requires within a blob) and the uncommitted
 * blocks of a closed writer can be found again, in order, from the service's block list alone. A
 * session key starts with the time it was made, so the newest session of a path sorts last. Every
 * writer has a key of its own, so two writers that continue one session at once stage different
 * IDs: an ID names one block's bytes, and the IDs of a session name all of them.
 *
 * <p>IDs of the format before writer keys, {@code "stw1" + session + 10 decimal digits of index},
 * are read as staged by a writer with no key. Two markers of the same length, never committed, tell
 * what a session's data blocks cannot: {@code "stwo"} that it was closed having staged nothing (it
 * continues at size 0), {@code "stwx"} that it was cancelled (nothing continues it, nor any session
 * before it).
 */
final class BlockIds {

    private static final String DATA = "stw2";
    private static final String KEYLESS_DATA = "stw1";
    private static final String OPENED = "stwo";
    private static final String CANCELLED = "stwx";
    private static final int RAW_LENGTH = DATA.length() + 16 + 10;
    private static final AtomicLong LAST_MILLIS = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int JVM_NONCE = RANDOM.nextInt(1 << 16);

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

    /** A new writer key: 6 random hex digits. */
    static String newWriter() {
        return String.format("%06x", RANDOM.nextInt(1 << 24));
    }

    /** The ID of data block {@code index} (below 65,536) of {@code session}, staged by {@code writer}. */
    static String id(String session, String writer, int index) {
        return encode(DATA + session + writer + String.format("%04x", index));
    }

    /** The ID of the marker of a session closed with nothing staged. */
    static String opened(String session) {
        return encode(OPENED + session + "0".repeat(10));
    }

    /** The ID of the marker of a cancelled session. */
    static String cancelled(String session) {
        return encode(CANCELLED + session + "0".repeat(10));
    }

    private static String encode(String raw) {
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
        String session = text.substring(DATA.length(), DATA.length() + 16);
        String rest = text.substring(DATA.length() + 16);
        if (!isHex(session)) {
            return null;
        }
        switch (text.substring(0, DATA.length())) {
            case DATA -> {
                String writer = rest.substring(0, 6);
                String index = rest.substring(6);
                return isHex(writer) && isHex(index) ? new Parsed(session, Kind.DATA, Integer.parseInt(index, 16)) : null;
            }
            case KEYLESS_DATA -> {
                if (!rest.chars().allMatch(Character::isDigit)) {
                    return null;
                }
                long n = Long.parseLong(rest);
                return n > Integer.MAX_VALUE ? null : new Parsed(session, Kind.DATA, (int) n);
            }
            case OPENED -> {
                return new Parsed(session, Kind.OPENED, 0);
            }
            case CANCELLED -> {
                return new Parsed(session, Kind.CANCELLED, 0);
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isHex(String text) {
        return text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
