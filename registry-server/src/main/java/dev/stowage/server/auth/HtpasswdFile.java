package dev.stowage.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The parsed entries of an htpasswd file and the password check, as Go's {@code htpasswd.go}: lines are
 * trimmed; blank lines and lines starting with {@code #} are skipped; the user name ends at the first
 * {@code ':'} (a later line for the same user wins); only bcrypt hashes ({@code $2a$}, {@code $2b$},
 * {@code $2y$}) can ever match. A check for an unknown user or a non-bcrypt entry verifies a dummy hash of
 * the file's usual cost, so the time taken does not tell whether the user exists.
 */
final class HtpasswdFile {

    private static final Pattern BCRYPT_COST = Pattern.compile("^\\$2[aby]?\\$(\\d{2})\\$.{53}$");
    private static final int DEFAULT_COST = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> entries;
    private final String dummyHash;

    private HtpasswdFile(Map<String, String> entries) {
        this.entries = Collections.unmodifiableMap(entries);
        this.dummyHash = dummyHash(usualCost(entries));
    }

    /** A line that is neither blank, a comment nor {@code user:hash}; carries its 1-based number. */
    static final class MalformedLineException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        MalformedLineException(int line, String text) {
            super("invalid entry at line " + line + ": \"" + text + "\" (expected user:bcrypt-hash)");
            this.line = line;
        }
    }

    static HtpasswdFile parse(byte[] content) throws MalformedLineException {
        String text = new String(content, StandardCharsets.UTF_8);
        Map<String, String> entries = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new MalformedLineException(i + 1, raw);
            }
            entries.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return new HtpasswdFile(entries);
    }

    int size() {
        return entries.size();
    }

    /** Whether the password matches the user's bcrypt entry; false for unknown users and bad entries. */
    boolean authenticate(String user, byte[] password) {
        String hash = entries.get(user);
        if (hash == null || !BCRYPT_COST.matcher(hash).matches()) {
            check(dummyHash, password);
            return false;
        }
        return check(hash, password);
    }

    private static boolean check(String hash, byte[] password) {
        try {
            return OpenBSDBCrypt.checkPassword(hash, password);
        } catch (RuntimeException e) {
            return false; // not a hash BouncyCastle accepts (bad cost, bad base64, unknown version)
        }
    }

    /** The cost most entries use, so the dummy check takes as long as a real one. */
    private static int usualCost(Map<String, String> entries) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String hash : entries.values()) {
            Matcher m = BCRYPT_COST.matcher(hash);
            if (m.matches()) {
                int cost = Integer.parseInt(m.group(1));
                if (cost >= 4 && cost <= 31) {
                    counts.merge(cost, 1, Integer::sum);
                }
            }
        }
        return counts.entrySet().stream()
                .max(Map.Entry.<Integer, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(DEFAULT_COST);
    }

    private static String dummyHash(int cost) {
        byte[] password = new byte[16];
        RANDOM.nextBytes(password);
        return bcrypt("2y", password, cost);
    }

    /** A bcrypt hash of the password with a random salt. */
    static String bcrypt(String version, byte[] password, int cost) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate(version, password, salt, cost);
    }
}
