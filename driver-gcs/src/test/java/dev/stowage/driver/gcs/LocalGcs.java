package dev.stowage.driver.gcs;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One in-process fake GCS (google-cloud-nio's LocalStorageHelper) and drivers over it. Public (in
 * the test jar) for other modules' tests on GCS.
 */
public final class LocalGcs {

    public static final String BUCKET = "stowage-test";

    /** The client warns on every new instance that no application name is set: keep test logs readable. */
    private static final java.util.logging.Logger CLIENT_LOG = java.util.logging.Logger.getLogger(
            "com.google.api.client.googleapis.services.AbstractGoogleClient");

    static {
        CLIENT_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final StorageOptions options = LocalStorageHelper.customOptions(false);
    private final Storage storage = options.getService();

    /** The raw client, to look at what the driver stored. */
    public Storage storage() {
        return storage;
    }

    /**
     * A new client over the same fake backend, as a restarted process would build one: new
     * options, new service, same data.
     */
    public Storage newClient() {
        return options.toBuilder().build().getService();
    }

    /** A driver made through {@link StorageDrivers}, as users make one, with extra parameters. */
    public StorageDriver driver(Map<String, Object> extra) throws IOException {
        return driver(storage, extra);
    }

    public static StorageDriver driver(Storage client, Map<String, Object> extra) throws IOException {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("bucket", BUCKET);
        parameters.putAll(extra);
        return StorageDrivers.create(new GcsDriverFactory(client), parameters);
    }
}
