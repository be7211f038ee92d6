package dev.stowage.driver;

/** A read offset is negative or past the end of the file. */
public class InvalidOffsetException extends StorageDriverException {

    private final long offset;

    /** An offset that is invalid for the file at {@code path}. */
    public InvalidOffsetException(String path, long offset) {
        super(null, path, "invalid offset " + offset);
        this.offset = offset;
    }

    /** An offset past the end of a file of {@code size} bytes. */
    public InvalidOffsetException(String path, long offset, long size) {
        super(null, path, "invalid offset " + offset + " (file size " + size + ")");
        this.offset = offset;
    }

    /** The rejected offset. */
    public long offset() {
        return offset;
    }
}
