package dev.stowage.server.config;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The {@code stowage.limits} section: how much of the machine the server may take. A section of
 * Stowage's own, which the Go registry ignores, so one {@code config.yml} serves both.
 *
 * <pre>
 * stowage:
 *   limits:
 *     threads: 200              # server threads
 *     concurrentrequests: 150   # requests touching storage at once, beyond them 429 (default: 3/4 of threads)
 *     manifestmemory: 64MiB     # manifest bodies held at once, beyond it 429 (never less than one of the largest)
 *     mindatarate: 1KiB         # bytes a second a client must keep up sending or reading, else 408 (0: off)
 *     uploadmemory: 64MiB       # uploads held whole on object stores, all together (default: 1/8 of the heap, at most 64MiB; 0: none)
 * </pre>
 *
 * <p>Upload buffers are at most {@code concurrentrequests} × the driver's part size
 * ({@code chunksize} on the object-store drivers): lower either to fit a smaller heap. On those
 * drivers uploads smaller than a part are also held whole, from {@code uploadmemory} shared by all
 * of them.
 *
 * @param threads server threads, at least 8
 * @param concurrentRequests requests that may touch storage at once, positive
 * @param manifestMemory bytes of manifest bodies held at once, at least 1 KiB; the server
 *     raises it to one manifest of the registry's size limit (4 MiB) if it is less
 * @param minDataRate the slowest a client may send or read a body, bytes a second; 0 for no limit
 * @param uploadMemory the memory, shared by all uploads, in which uploads to an object store are
 *     held whole beyond the registry's buffer (up to one of the driver's parts each), in bytes;
 *     0 for none; empty for the registry's default (a sixteenth of the heap, at most 64 MiB)
 */
public record LimitSettings(int threads, int concurrentRequests, long manifestMemory, long minDataRate,
                            OptionalLong uploadMemory) {

    /** 200 threads, 150 requests, 64 MiB of manifests, 1 KiB/s, the registry's default upload memory. */
    public static final LimitSettings DEFAULTS = new LimitSettings(200, 150, 64L << 20, 1024, OptionalLong.empty());

    public LimitSettings {
        Objects.requireNonNull(uploadMemory, "uploadMemory");
        if (threads < 8 || concurrentRequests < 1 || manifestMemory < 1024 || minDataRate < 0
                || uploadMemory.orElse(0) < 0) {
            throw new IllegalArgumentException("limits out of range: " + threads + " threads, " + concurrentRequests
                    + " requests, " + manifestMemory + " bytes of manifests, " + minDataRate + " bytes/s, "
                    + uploadMemory + " bytes of uploads");
        }
    }
}
