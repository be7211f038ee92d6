package dev.stowage.driver;

/**
 * A driver's configuration is wrong: an unknown key, a value of the wrong type, a missing
 * required key, or an unknown driver name. The message names the key and the driver.
 */
public class InvalidParameterException extends StorageDriverException {

    private final String parameter;
    private final String reason;

    public InvalidParameterException(String driverName, String parameter, String reason) {
        super(driverName, null, parameter == null ? reason : "parameter '" + parameter + "': " + reason);
        this.parameter = parameter;
        this.reason = reason;
    }

    /** What is wrong with the parameter, without its name. */
    public String reason() {
        return reason;
    }

    /** The offending key, or null when the problem is not one key (e.g. an unknown driver). */
    public String parameter() {
        return parameter;
    }
}
