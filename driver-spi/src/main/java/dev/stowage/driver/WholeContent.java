package dev.stowage.driver;

import java.io.IOException;
import java.io.InputStream;

/**
 * The size rule of {@link StorageDriver#getContent} in one place, for drivers: a file is returned
 * whole in one array up to {@link #MAX_SIZE} bytes, and a larger one is refused by path and size
 * before anything is allocated.
 */
public final class WholeContent {

    /** The largest array the JVM allocates, so the largest file {@code getContent} returns. */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private WholeContent() {}

    /**
     * Refuses a file of {@code size} bytes that no array holds.
     *
     * @throws StorageDriverException naming {@code path} and {@code size} if {@code size > MAX_SIZE}
     */
    public static void requireArraySize(String path, long size) throws StorageDriverException {
        if (size > MAX_SIZE) {
            throw new StorageDriverException(null, path, "file of " + size + " bytes is larger than an array holds ("
                    + MAX_SIZE + " bytes) for getContent; use reader");
        }
    }

    /**
     * Reads a body that announced {@code length} bytes (null when unknown) into one array,
     * checking the length before allocating; a body shorter or longer than announced fails. Does
     * not close {@code body}.
     *
     * @throws StorageDriverException naming {@code path} if the length is more than an array
     *     holds or the body does not match it
     */
    public static byte[] read(String path, Long length, InputStream body) throws IOException {
        if (length == null) {
            return body.readAllBytes();
        }
        requireArraySize(path, length);
        byte[] content = body.readNBytes((int) (long) length);
        if (content.length != length || body.read() >= 0) {
            throw new StorageDriverException(null, path, "body does not match its announced length of " + length + " bytes");
        }
        return content;
    }
}
