package dev.stowage.driver.gcs;

import dev.stowage.driver.BufferBudget;
import dev.stowage.driver.KeyPrefix;
import java.time.Duration;
import java.util.Optional;

/**
 * The checked configuration of one driver.
 *
 * @param bucket the bucket
 * @param rootPrefix the key prefix every path lives under, from {@code rootdirectory}
 * @param chunkSize the resumable upload chunk, a positive multiple of 256 KiB
 * @param bufferBudget the memory the upload channels of all writers buffer at once, a chunk each
 * @param endpoint the service's base URL when not Google's (an emulator), if any
 * @param maxConcurrency the most requests one {@code delete} sends at once
 * @param redirectMaxExpiry the longest lifetime a signed redirect URL is given
 */
record GcsSettings(String bucket, KeyPrefix rootPrefix, int chunkSize, BufferBudget bufferBudget, Optional<String> endpoint, int maxConcurrency,
        Duration redirectMaxExpiry) {
}
