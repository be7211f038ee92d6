package dev.stowage.driver;

/**
 * A driver's configuration is wrong: an unknown key, a value of the wrong type, a missing
 * required key, or an unknown driver name. The message names the key and the driver.
 */
public class InvalidParameterException extends StorageDriverException {

    private final String parameter;

    public InvalidParameterException(String driverName, String parameter, String detail) {
        super(driverName, null, parameter == null ? detail : "parameter '" + parameter + "': " + detail);
        this.parameter = parameter;
    }

    /** The offending key, or null when the problem is not one key (e.g. an unknown driver). */
    public String parameter() {
        return parameter;
    }
}
