package dev.stowage.driver.filesystem;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether, and on what alignment, writers write their full buffers with {@code O_DIRECT}: past the
 * page cache, straight to the device, as databases and object stores do with data written once
 * and read later. A buffered write pays for page cache the kernel must find, fill and write back
 * at the commit's fsync; on the machine this was measured on, 128 MiB written and fsynced took
 * 0.6 to 0.8 s buffered (0.5 s of it system time) against 0.12 to 0.17 s direct, once the page
 * cache held a few GiB. A direct write must start at, and span, a multiple of the file system's
 * block size from a buffer aligned the same way; the head and the tail of an upload that are not
 * aligned go through the page cache as before (the kernel keeps the two coherent). File systems
 * that refuse direct I/O (tmpfs, some network file systems) are found at the first attempt and
 * written buffered from then on.
 */
final class DirectWrites {

    private final int alignment;
    private volatile boolean enabled;

    /** The block size the largest direct alignment is assumed to be when the file system does not tell. */
    static final int DEFAULT_ALIGNMENT = 4096;

    /**
     * Direct writes for the file system holding {@code dir}, aligned on its block size, if
     * {@code wanted} and that block size divides {@code bufferSize}; else none (alignment 1).
     */
    static DirectWrites forRoot(Path dir, int bufferSize, boolean wanted) {
        if (!wanted) {
            return new DirectWrites(1, false);
        }
        long blockSize;
        try {
            blockSize = Files.getFileStore(dir).getBlockSize();
        } catch (IOException | UnsupportedOperationException e) {
            blockSize = DEFAULT_ALIGNMENT;
        }
        if (blockSize <= 0 || blockSize > bufferSize || Long.bitCount(blockSize) != 1 || bufferSize % blockSize != 0) {
            return new DirectWrites(1, false);
        }
        return new DirectWrites((int) blockSize, true);
    }

    /** Direct writes aligned on {@code alignment} bytes (a power of two), or none if {@code enabled} is false. */
    DirectWrites(int alignment, boolean enabled) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, not " + alignment);
        }
        this.alignment = alignment;
        this.enabled = enabled;
    }

    /** The alignment of offsets, lengths and buffer addresses (1 when disabled from the start). */
    int alignment() {
        return alignment;
    }

    /** Whether {@code length} bytes at {@code offset} can go in one direct write. */
    boolean fits(long offset, int length) {
        return enabled && length > 0 && (offset & (alignment - 1)) == 0 && (length & (alignment - 1)) == 0;
    }

    /**
     * Opens {@code upload} (which exists) for direct writes; null if the file system refuses them,
     * after which {@link #fits} is false for every writer of the driver.
     */
    FileChannel open(Path upload) throws IOException {
        try {
            return FileChannel.open(upload, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS, ExtendedOpenOption.DIRECT);
        } catch (UnsupportedOperationException e) {
            enabled = false;
            return null;
        } catch (FileSystemException e) {
            if (refused(e)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Whether {@code e}, from opening or writing with {@code O_DIRECT}, is the file system's
     * refusal (EINVAL) rather than a failure of the device; if so, direct writes stop here.
     */
    boolean refused(IOException e) {
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if ("Invalid argument".equals(reason)) {
            enabled = false;
            return true;
        }
        return false;
    }
}
