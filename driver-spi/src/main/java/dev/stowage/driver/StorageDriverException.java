package dev.stowage.driver;

import java.io.IOException;

/**
 * A failure of a storage driver. Carries the name of the driver and the path the call was about
 * (either may be null when unknown), and keeps the backend's exception as its cause.
 *
 * <p>Drivers may throw these without a driver name: the validating wrapper that
 * {@link StorageDrivers} puts around every driver stamps its name on each exception that leaves
 * it.
 */
public class StorageDriverException extends IOException {

    private volatile String driverName;
    private final String path;
    private final String detail;

    /** A failure with a detail message and the backend's cause. */
    public StorageDriverException(String driverName, String path, String detail, Throwable cause) {
        super(detail, cause);
        this.driverName = driverName;
        this.path = path;
        this.detail = detail != null ? detail : describe(cause);
    }

    /** A failure with a detail message. */
    public StorageDriverException(String driverName, String path, String detail) {
        this(driverName, path, detail, null);
    }

    /** A backend failure wrapped as it is; the detail is the cause's message. */
    public StorageDriverException(String path, Throwable cause) {
        this(null, path, describe(cause), cause);
    }

    /** The driver's registration name, or null when the exception has not left a driver yet. */
    public String driverName() {
        return driverName;
    }

    /** The path the failed call was about, or null. */
    public String path() {
        return path;
    }

    /** What went wrong, without the driver name and path. */
    public String detail() {
        return detail;
    }

    /** Sets the driver name if none is set yet; used by the validating wrapper. */
    final void stampDriverName(String name) {
        if (driverName == null) {
            driverName = name;
        }
    }

    @Override
    public String getMessage() {
        StringBuilder message = new StringBuilder();
        if (driverName != null) {
            message.append(driverName).append(": ");
        }
        message.append(detail);
        if (path != null) {
            message.append(": ").append(path);
        }
        return message.toString();
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "failed";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getName() : cause.getClass().getSimpleName() + ": " + message;
    }
}
