package dev.stowage.driver;

/** Nothing of the kind the call needs is at the path: no file, no directory, or no upload to continue. */
public class PathNotFoundException extends StorageDriverException {

    public PathNotFoundException(String path) {
        super(null, path, "path not found");
    }

    public PathNotFoundException(String path, String detail) {
        super(null, path, detail);
    }

    public PathNotFoundException(String path, Throwable cause) {
        super(null, path, "path not found", cause);
    }
}
