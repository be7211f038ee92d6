package dev.stowage.driver.gcs;

import java.time.Duration;
import java.util.Optional;

/**
 * The checked configuration of one driver.
 *
 * @param bucket the bucket
 * @param rootDirectory the key prefix every path lives under ("" for the bucket's root)
 * @param chunkSize the resumable upload chunk, a positive multiple of 256 KiB
 * @param endpoint the service's base URL when not Google's (an emulator), if any
 * @param maxConcurrency the most requests one {@code delete} sends at once
 * @param redirectExpiry the longest lifetime a signed redirect URL is given
 */
record GcsSettings(String bucket, String rootDirectory, int chunkSize, Optional<String> endpoint, int maxConcurrency,
        Duration redirectExpiry) {
}
