package dev.stowage.driver;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * A reader stream that sends its next bytes to a channel itself, in whatever way its backend
 * does that best, so that the caller needs no buffer of its own. A stream from
 * {@link StorageDriver#reader} may implement it (the filesystem driver's does: it hands the
 * channel the file's pages mapped into memory, so the bytes reach a socket without first being
 * read into a buffer); a caller checks with {@code instanceof}. Wrappers such as
 * {@link StorageDrivers#validating} keep it.
 *
 * <p>The bytes sent are the ones {@code read} would have given next, and the stream's position
 * moves past them, even when the transfer fails part way: reading, skipping and transferring may
 * be mixed.
 */
public interface TransferableStream {

    /**
     * Writes the next {@code count} bytes of the stream to {@code target}, or as many as are left
     * before its end, and returns how many it wrote. Each write to {@code target} is made whole
     * (written again until the buffer is empty) before the next. The buffers given to
     * {@code target} may be file mappings that are released once written: like any channel,
     * {@code target} must not keep a buffer after its {@code write} returned.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws IOException if reading the file fails, or what a write to {@code target} threw
     *     (the same exception, so that a caller can tell its own channel's failure from the
     *     driver's); either way the bytes {@code target} took count as read
     */
    long transferTo(long count, WritableByteChannel target) throws IOException;
}
