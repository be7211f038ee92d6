package dev.stowage.driver.azure;

import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Makes {@code azure} drivers: files stored as block blobs in one Azure Blob Storage container
 * (or an emulator such as Azurite), on azure-storage-blob.
 *
 * <p><b>Parameters</b> follow the Go registry's azure driver where it has them: {@code accountname},
 * {@code accountkey}, {@code container} (required), {@code connectionstring}, {@code realm},
 * {@code serviceurl}, {@code rootdirectory}, {@code max_retries}, {@code retry_try_timeout},
 * {@code retry_delay}, {@code max_retry_delay}, {@code copy_status_poll_delay}. Its nested
 * {@code credentials} map is flattened into {@code credentialstype} ({@code shared_key},
 * {@code connection_string}, {@code client_secret} or {@code default_credentials}),
 * {@code tenantid}, {@code clientid} and {@code secret}. Added here: {@code chunksize} (the size
 * of each staged block, which is also the memory one open writer holds) and
 * {@code redirectmaxexpiry} (the longest life of a redirect URL; a longer request is cut to it).
 *
 * <p><b>Writers</b> stage blocks under IDs unique to the writer session and commit the block list
 * on {@code commit()}: nothing of an uncommitted writer is visible, a retried block replaces
 * itself instead of being stored twice, and a closed writer is continued, even by another driver
 * instance, from the service's list of uncommitted blocks. Appending to non-empty committed
 * content is not supported. {@code redirectUrl} gives a read-only service SAS (shared key) or a
 * user-delegation SAS (token credentials, with one delegation key reused until shortly before it
 * expires); with a connection string that holds no account key it returns empty.
 *
 * <p>The container is created when it is missing and the credentials allow it.
 */
public final class AzureDriverFactory implements StorageDriverFactory {

    /** The registration name. */
    public static final String NAME = "azure";

    static final long DEFAULT_CHUNK_SIZE = 8L << 20;

    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.optional(AzureSettings.ACCOUNT_NAME, ParameterType.STRING, null,
                    "storage account name; required unless a connection string gives it"),
            ParameterSpec.optional(AzureSettings.ACCOUNT_KEY, ParameterType.STRING, null,
                    "primary or secondary account key, for credentialstype shared_key"),
            ParameterSpec.required(AzureSettings.CONTAINER, ParameterType.STRING,
                    "blob container holding all data: 3-63 lower-case letters, digits and single hyphens"),
            ParameterSpec.optional(AzureSettings.CREDENTIALS_TYPE, ParameterType.STRING, null,
                    "shared_key, connection_string, client_secret or default_credentials; default: connection_string "
                            + "when connectionstring is set, shared_key when accountkey is set, else default_credentials"),
            ParameterSpec.optional(AzureSettings.CONNECTION_STRING, ParameterType.STRING, null,
                    "storage connection string, for credentialstype connection_string"),
            ParameterSpec.optional(AzureSettings.TENANT_ID, ParameterType.STRING, null,
                    "Entra ID tenant, for credentialstype client_secret"),
            ParameterSpec.optional(AzureSettings.CLIENT_ID, ParameterType.STRING, null,
                    "application (client) ID, for credentialstype client_secret"),
            ParameterSpec.optional(AzureSettings.SECRET, ParameterType.STRING, null,
                    "client secret, for credentialstype client_secret"),
            ParameterSpec.optional(AzureSettings.REALM, ParameterType.STRING, "core.windows.net",
                    "domain of the default service URL https://<accountname>.blob.<realm>"),
            ParameterSpec.optional(AzureSettings.SERVICE_URL, ParameterType.STRING, null,
                    "blob service URL, e.g. http://127.0.0.1:10000/devstoreaccount1 for Azurite; overrides realm"),
            ParameterSpec.optional(AzureSettings.ROOT_DIRECTORY, ParameterType.STRING, "",
                    "prefix of every blob name, as a path such as /registry; empty: the container's top"),
            ParameterSpec.optional(AzureSettings.MAX_RETRIES, ParameterType.INTEGER, 3L,
                    "retries of a failed request after the first try, 0-100"),
            ParameterSpec.optional(AzureSettings.RETRY_TRY_TIMEOUT, ParameterType.DURATION, null,
                    "time limit of one try of a request; none by default"),
            ParameterSpec.optional(AzureSettings.RETRY_DELAY, ParameterType.DURATION, Duration.ofSeconds(4),
                    "first delay before a retry, growing exponentially"),
            ParameterSpec.optional(AzureSettings.MAX_RETRY_DELAY, ParameterType.DURATION, Duration.ofSeconds(120),
                    "longest delay before a retry"),
            ParameterSpec.optional(AzureSettings.COPY_STATUS_POLL_DELAY, ParameterType.DURATION, Duration.ofMillis(100),
                    "interval between polls of a server-side copy's status during move"),
            ParameterSpec.optional(AzureSettings.CHUNK_SIZE, ParameterType.SIZE, DEFAULT_CHUNK_SIZE,
                    "size of each staged block and of each ranged read, 1KiB-2047MiB (one Java array, below Azure's "
                            + "4000MiB block limit); an open writer holds one chunk"),
            ParameterSpec.optional(AzureSettings.BUFFER_MEMORY, ParameterType.SIZE, null,
                    "most memory the block buffers of all writers hold at once (a writer past 64 KiB takes a whole chunk while it fills it, "
                            + "waiting up to 20 s when none is free); unset: a quarter of the maximum heap; at least chunksize"),
            ParameterSpec.optional(AzureSettings.REDIRECT_MAX_EXPIRY, ParameterType.DURATION, AzureSettings.MAX_REDIRECT_EXPIRY,
                    "longest lifetime of a redirect URL's SAS, at most 7 days; a longer requested expiry is cut to it"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StorageDriver create(DriverParameters parameters) throws IOException {
        return AzureDriver.open(AzureSettings.from(parameters), List.of());
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }
}
