package dev.stowage.driver.gcs;

import dev.stowage.driver.KeyPrefix;
import java.util.Optional;
import java.util.UUID;

/**
 * Where paths live in the bucket. A path {@code /a/b} is the object {@code <root>a/b}, where
 * {@code <root>} is the {@link KeyPrefix} of the configured root directory.
 *
 * <p>Upload sessions live in a reserved area {@code <root>~stowage/}: the character {@code ~} is
 * not allowed in a path, so no path maps into that area, no listing entry from it maps back to a
 * path, and it never makes a directory appear (its objects are not below any path's prefix).
 * <ul>
 *   <li>{@code ~stowage/sessions/a/b}: the persisted state of a writer for {@code /a/b} closed
 *       without commit;</li>
 *   <li>{@code ~stowage/staging/a/b~<uuid>}: the resumable upload of one writer session, made an
 *       object only at commit, right before it is copied into place and deleted.</li>
 * </ul>
 */
record GcsLayout(String bucket, KeyPrefix prefix) {

    static final String RESERVED = "~stowage/";
    static final String SESSIONS = RESERVED + "sessions/";
    static final String STAGING = RESERVED + "staging/";

    /** The object key of a non-root path. */
    String key(String path) {
        return prefix.key(path);
    }

    /** The prefix of every key below {@code path} (which may be the root). */
    String prefixBelow(String path) {
        return prefix.below(path);
    }

    /** The path of a listed key, or empty when the key is outside the visible tree. */
    Optional<String> path(String key) {
        return prefix.path(key);
    }

    /** The key of the persisted writer session for {@code path}. */
    String sessionKey(String path) {
        return prefix.value() + SESSIONS + path.substring(1);
    }

    /** A fresh, unique staging key for one writer session on {@code path}. */
    String newStagingKey(String path) {
        return prefix.value() + STAGING + path.substring(1) + "~" + UUID.randomUUID();
    }

    /** The prefix shared by every staging key of exactly {@code path}. */
    String stagingPrefixOf(String path) {
        return prefix.value() + STAGING + path.substring(1) + "~";
    }

    /** The prefix shared by the staging keys of every path below {@code path}. */
    String stagingPrefixBelow(String path) {
        return prefix.value() + STAGING + path.substring(1) + "/";
    }

    /** The prefix shared by the session keys of every path below {@code path}. */
    String sessionPrefixBelow(String path) {
        return prefix.value() + SESSIONS + path.substring(1) + "/";
    }
}
