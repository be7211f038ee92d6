package dev.stowage.driver.s3;

import dev.stowage.driver.KeyPrefix;
import java.util.Optional;

/**
 * Maps driver paths to object keys the way the Go registry's s3 driver does, through
 * {@link KeyPrefix}: {@code /a/b} under root {@code /registry} is the key {@code registry/a/b},
 * and {@code a/b} without a root.
 *
 * <p>It also names the hidden keys that hold the short tail of a writer closed without commit:
 * {@code <root>/~stowage-uploads/<uploadId>}. The {@code ~} cannot occur in a path, so a hidden
 * key never maps back to a path and every listing drops it.
 */
record KeyLayout(KeyPrefix root) {

    /** The top-level folder of the hidden tail objects, below the root. */
    static final String HIDDEN_FOLDER = "~stowage-uploads";

    /** The key of a non-root path. */
    String key(String path) {
        return root.key(path);
    }

    /** The prefix of every key below a path (the root included), ending in {@code /} or empty. */
    String prefix(String path) {
        return root.below(path);
    }

    /** The path of a key below the root, if the key maps to a valid path (hidden keys do not). */
    Optional<String> path(String key) {
        return root.path(key);
    }

    /** The hidden key holding the unuploaded tail of the multipart upload {@code uploadId}. */
    String tailKey(String uploadId) {
        return root.value() + HIDDEN_FOLDER + "/" + uploadId;
    }
}
