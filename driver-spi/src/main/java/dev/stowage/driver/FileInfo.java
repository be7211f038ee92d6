package dev.stowage.driver;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link StorageDriver#stat} and {@link StorageDriver#walk} report of one entry.
 *
 * @param path the absolute path of the entry
 * @param size the file's length in bytes; 0 for a directory
 * @param modTime when the file was last written; for a directory, the backend's time if it keeps
 *     one, otherwise {@link Instant#EPOCH}, the same in {@code stat} and {@code walk} while nothing
 *     changed between
 * @param isDirectory whether the entry is a directory
 */
public record FileInfo(String path, long size, Instant modTime, boolean isDirectory) {

    public FileInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modTime, "modTime");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + path);
        }
        if (isDirectory && size != 0) {
            throw new IllegalArgumentException("directory " + path + " must have size 0, not " + size);
        }
    }

    /** A file entry. */
    public static FileInfo file(String path, long size, Instant modTime) {
        return new FileInfo(path, size, modTime, false);
    }

    /** A directory entry. */
    public static FileInfo directory(String path, Instant modTime) {
        return new FileInfo(path, 0, modTime, true);
    }
}
