package dev.stowage.driver.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.stowage.driver.BufferBudget;
import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.KeyPrefix;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StorageDriverFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes {@code gcs} drivers: Google Cloud Storage through the google-cloud-storage client.
 *
 * <p>Parameters (as in the Go registry's gcs driver where it has them): {@code bucket}
 * (required), {@code keyfile} (a service-account JSON key; otherwise the application default
 * credentials), {@code rootdirectory}, {@code chunksize} (the resumable upload chunk: a positive
 * multiple of 256 KiB, default 16 MiB; a writer holds at most one), {@code maxconcurrency} (the
 * most requests one recursive delete sends at once), {@code endpoint} and {@code anonymous} (for
 * emulators), {@code redirectmaxexpiry} (the longest lifetime of a signed URL; a longer request
 * is cut to it).
 *
 * <p>Behaviour: files are objects under the root; writers are resumable uploads that survive a
 * restart when closed without commit (their state is kept under a reserved {@code ~stowage/}
 * prefix that no path can reach); {@code walk} streams a flat listing; {@code redirectUrl} gives a
 * V4 signed URL when the credentials can sign (service-account keys, impersonation, workload
 * identity on GCE) and is empty otherwise. Appending to non-empty committed content is not
 * supported (objects are immutable).
 */
public final class GcsDriverFactory implements StorageDriverFactory {

    /** The registration name. */
    public static final String NAME = "gcs";

    static final String BUCKET = "bucket";
    static final String KEYFILE = "keyfile";
    static final String CHUNK_SIZE = "chunksize";
    static final String BUFFER_MEMORY = "buffermemory";
    static final String MAX_CONCURRENCY = "maxconcurrency";
    static final String ENDPOINT = "endpoint";
    static final String ANONYMOUS = "anonymous";
    static final String REDIRECT_MAX_EXPIRY = "redirectmaxexpiry";

    /** GCS takes resumable upload chunks in multiples of this. */
    static final long CHUNK_GRANULARITY = 256 * 1024;
    static final long DEFAULT_CHUNK_SIZE = 16L << 20;
    /** The longest a V4 signature may be valid. */
    static final Duration MAX_V4_EXPIRY = Duration.ofDays(7);

    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.required(BUCKET, ParameterType.STRING, "the GCS bucket that holds the files"),
            ParameterSpec.optional(KEYFILE, ParameterType.STRING, null,
                    "path of a service-account JSON key file; absent: the application default credentials"),
            ParameterSpec.optional(KeyPrefix.PARAMETER, ParameterType.STRING, "",
                    "key prefix under which every file is stored, e.g. /registry; empty: the bucket's top"),
            ParameterSpec.optional(CHUNK_SIZE, ParameterType.SIZE, DEFAULT_CHUNK_SIZE,
                    "resumable upload chunk in bytes, a positive multiple of 256 KiB (262144); each open writer buffers one"),
            ParameterSpec.optional(BUFFER_MEMORY, ParameterType.SIZE, null,
                    "most memory the upload channels of all writers buffer at once (a writer takes a whole chunk before its "
                            + "first byte and holds it until it ends, waiting up to 20 s when none is free); unset: a quarter of the maximum heap; "
                            + "at least chunksize"),
            ParameterSpec.optional(MAX_CONCURRENCY, ParameterType.INTEGER, 50L,
                    "the most delete requests one recursive delete sends at once, 1 to 1000"),
            ParameterSpec.optional(ENDPOINT, ParameterType.STRING, null,
                    "base URL of the service, e.g. http://127.0.0.1:4443 for an emulator; absent: Google's"),
            ParameterSpec.optional(ANONYMOUS, ParameterType.BOOLEAN, false,
                    "send no credentials (for emulators); keyfile must then be absent"),
            ParameterSpec.optional(REDIRECT_MAX_EXPIRY, ParameterType.DURATION, MAX_V4_EXPIRY,
                    "longest lifetime of a signed redirect URL, at most 7 days; a longer requested expiry is cut to it"));

    /** The client given to {@link #GcsDriverFactory(Storage)}; null to build one from the parameters. */
    private final Storage client;

    /** The factory {@link java.util.ServiceLoader} finds: each driver builds its own client from the parameters. */
    public GcsDriverFactory() {
        this.client = null;
    }

    /**
     * A factory whose drivers all use {@code client}, a {@link Storage} the caller already has (a
     * shared, specially configured or in-process one such as google-cloud-nio's
     * {@code LocalStorageHelper}); make drivers with it through
     * {@link dev.stowage.driver.StorageDrivers#create(StorageDriverFactory, Map)}, as with any
     * factory. The client's own host and credentials take the place of {@code endpoint},
     * {@code keyfile} and {@code anonymous}, so giving one of those is refused. The client must
     * use the HTTP (JSON API) transport, whose upload sessions the driver persists. Closing a
     * driver closes the client.
     */
    public GcsDriverFactory(Storage client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public StorageDriver create(DriverParameters parameters) throws IOException {
        GcsSettings settings = settings(parameters);
        if (client != null) {
            for (String ignored : List.of(ENDPOINT, KEYFILE)) {
                if (parameters.findString(ignored).isPresent()) {
                    throw parameters.invalid(ignored, "not used with a Storage client given to the factory; configure the client instead");
                }
            }
            if (parameters.getBoolean(ANONYMOUS)) {
                throw parameters.invalid(ANONYMOUS, "not used with a Storage client given to the factory; configure the client instead");
            }
            return new GcsDriver(client, settings);
        }
        StorageOptions.Builder options = StorageOptions.newBuilder();
        settings.endpoint().ifPresent(options::setHost);
        Credentials credentials = credentials(parameters);
        if (credentials != null) {
            options.setCredentials(credentials);
        }
        return new GcsDriver(options.build().getService(), settings);
    }

    private static GcsSettings settings(DriverParameters bound) throws InvalidParameterException {
        long chunkSize = bound.getSize(CHUNK_SIZE);
        if (chunkSize <= 0 || chunkSize % CHUNK_GRANULARITY != 0 || chunkSize > Integer.MAX_VALUE) {
            long lower = Math.max(CHUNK_GRANULARITY, chunkSize / CHUNK_GRANULARITY * CHUNK_GRANULARITY);
            throw bound.invalid(CHUNK_SIZE, chunkSize + " bytes is not a positive multiple of 256 KiB (262144) below 2 GiB:"
                    + " GCS takes resumable upload chunks in multiples of 256 KiB; use e.g. " + Math.min(lower, 1L << 30));
        }
        long maxConcurrency = bound.getInteger(MAX_CONCURRENCY);
        if (maxConcurrency < 1 || maxConcurrency > 1000) {
            throw bound.invalid(MAX_CONCURRENCY, maxConcurrency + " is not between 1 and 1000");
        }
        Duration redirectMaxExpiry = bound.getDuration(REDIRECT_MAX_EXPIRY);
        if (redirectMaxExpiry.isNegative() || redirectMaxExpiry.isZero() || redirectMaxExpiry.compareTo(MAX_V4_EXPIRY) > 0) {
            throw bound.invalid(REDIRECT_MAX_EXPIRY, redirectMaxExpiry + " is not positive and at most 7 days (the V4 signature limit)");
        }
        String bucket = bound.getString(BUCKET).trim();
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw bound.invalid(BUCKET, "'" + bucket + "' is not a bucket name");
        }
        return new GcsSettings(bucket, KeyPrefix.of(bound), (int) chunkSize,
                BufferBudget.fromParameter(bound, BUFFER_MEMORY, chunkSize),
                bound.findString(ENDPOINT).filter(e -> !e.isBlank()), (int) maxConcurrency, redirectMaxExpiry);
    }

    private static Credentials credentials(DriverParameters bound) throws IOException {
        boolean anonymous = bound.getBoolean(ANONYMOUS);
        Optional<String> keyfileText = bound.findString(KEYFILE);
        if (keyfileText.isPresent()) {
            if (anonymous) {
                throw bound.invalid(ANONYMOUS, "cannot be true together with keyfile");
            }
            Path keyfile = Path.of(keyfileText.get());
            try (InputStream in = Files.newInputStream(keyfile)) {
                return GoogleCredentials.fromStream(in);
            } catch (IOException e) {
                throw new StorageDriverException(NAME, null, "parameter 'keyfile': cannot read a credentials file at " + keyfile
                        + ": " + e.getMessage(), e);
            }
        }
        return anonymous ? NoCredentials.getInstance() : null;
    }
}
