package dev.stowage.driver;

/** The path breaks the path rules of {@link StoragePath}; nothing was touched. */
public class InvalidPathException extends StorageDriverException {

    public InvalidPathException(String path, String reason) {
        super(null, path, "invalid path (" + reason + ")");
    }
}
