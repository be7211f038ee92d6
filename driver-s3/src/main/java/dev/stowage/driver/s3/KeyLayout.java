package dev.stowage.driver.s3;

import dev.stowage.driver.StoragePath;
import java.util.Optional;

/**
 * Maps driver paths to object keys the way the Go registry's s3 driver does: the root directory
 * (without its leading and trailing slashes) followed by the path, with no leading slash, so
 * {@code /a/b} under root {@code /registry} is the key {@code registry/a/b}, and {@code a/b}
 * without a root.
 *
 * <p>It also names the hidden keys that hold the short tail of a writer closed without commit:
 * {@code <root>/~stowage-uploads/<uploadId>}. The {@code ~} cannot occur in a path, so a hidden
 * key never maps back to a path and every listing drops it.
 */
record KeyLayout(String root) {

    /** The top-level folder of the hidden tail objects, below the root. */
    static final String HIDDEN_FOLDER = "~stowage-uploads";

    /** The key of a non-root path. */
    String key(String path) {
        return root.isEmpty() ? path.substring(1) : root + path;
    }

    /** The prefix of every key below a path (the root included), ending in {@code /} or empty. */
    String prefix(String path) {
        if (StoragePath.ROOT.equals(path)) {
            return root.isEmpty() ? "" : root + "/";
        }
        return key(path) + "/";
    }

    /** The path of a key below the root, if the key maps to a valid path (hidden keys do not). */
    Optional<String> path(String key) {
        String rootPrefix = prefix(StoragePath.ROOT);
        if (!key.startsWith(rootPrefix)) {
            return Optional.empty();
        }
        String path = "/" + key.substring(rootPrefix.length());
        return StoragePath.isValid(path) ? Optional.of(path) : Optional.empty();
    }

    /** The hidden key holding the unuploaded tail of the multipart upload {@code uploadId}. */
    String tailKey(String uploadId) {
        return prefix(StoragePath.ROOT) + HIDDEN_FOLDER + "/" + uploadId;
    }
}
