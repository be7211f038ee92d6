package dev.stowage.driver;

/** The driver cannot do this operation (see {@link Capabilities}); nothing was changed. */
public class UnsupportedMethodException extends StorageDriverException {

    private final String method;

    public UnsupportedMethodException(String method, String path, String reason) {
        super(null, path, method + " is not supported" + (reason == null ? "" : " (" + reason + ")"));
        this.method = method;
    }

    /** The name of the unsupported method, e.g. {@code "writer(append)"}. */
    public String method() {
        return method;
    }
}
