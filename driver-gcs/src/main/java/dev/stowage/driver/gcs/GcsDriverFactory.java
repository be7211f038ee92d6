package dev.stowage.driver.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.InvalidParameterException;
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

/**
 * Makes {@code gcs} drivers: Google Cloud Storage through the google-cloud-storage client.
 *
 * <p>Parameters (as in the Go registry's gcs driver where it has them): {@code bucket}
 * (required), {@code keyfile} (a service-account JSON key; otherwise the application default
 * credentials), {@code rootdirectory}, {@code chunksize} (the resumable upload chunk: a positive
 * multiple of 256 KiB, default 16 MiB; a writer holds at most one), {@code maxconcurrency} (the
 * most requests one recursive delete sends at once), {@code endpoint} and {@code anonymous} (for
 * emulators), {@code redirectexpiry} (the longest lifetime of a signed URL).
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

    /** GCS takes resumable upload chunks in multiples of this. */
    static final long CHUNK_GRANULARITY = 256 * 1024;
    static final long DEFAULT_CHUNK_SIZE = 16L << 20;
    /** The longest a V4 signature may be valid. */
    static final Duration MAX_V4_EXPIRY = Duration.ofDays(7);

    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.required("bucket", ParameterType.STRING, "the GCS bucket that holds the files"),
            ParameterSpec.optional("keyfile", ParameterType.STRING, null,
                    "path of a service-account JSON key file; absent: the application default credentials"),
            ParameterSpec.optional("rootdirectory", ParameterType.STRING, "",
                    "key prefix under which every path is stored; empty: the bucket's root"),
            ParameterSpec.optional("chunksize", ParameterType.SIZE, DEFAULT_CHUNK_SIZE,
                    "resumable upload chunk in bytes, a positive multiple of 256 KiB (262144); each open writer buffers one"),
            ParameterSpec.optional("maxconcurrency", ParameterType.INTEGER, 50L,
                    "the most delete requests one recursive delete sends at once, at least 1"),
            ParameterSpec.optional("endpoint", ParameterType.STRING, null,
                    "base URL of the service, e.g. http://127.0.0.1:4443 for an emulator; absent: Google's"),
            ParameterSpec.optional("anonymous", ParameterType.BOOLEAN, false,
                    "send no credentials (for emulators); keyfile must then be absent"),
            ParameterSpec.optional("redirectexpiry", ParameterType.DURATION, MAX_V4_EXPIRY,
                    "the longest lifetime a signed redirect URL gets, at most 7 days; longer requests get no redirect"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }

    @Override
    public StorageDriver create(Map<String, Object> parameters) throws IOException {
        DriverParameters bound = DriverParameters.bind(this, parameters);
        GcsSettings settings = settings(bound);
        StorageOptions.Builder options = StorageOptions.newBuilder();
        settings.endpoint().ifPresent(options::setHost);
        Credentials credentials = credentials(bound);
        if (credentials != null) {
            options.setCredentials(credentials);
        }
        return new GcsDriver(options.build().getService(), settings);
    }

    /**
     * Makes a driver over a {@link Storage} client the caller already has (a shared, specially
     * configured or in-process client such as google-cloud-nio's {@code LocalStorageHelper}),
     * with the same parameter checks and the same driver code as {@link #create(Map)}. The
     * client's own host and credentials stand in for {@code endpoint}, {@code keyfile} and
     * {@code anonymous}, which are then ignored; the client must use the HTTP (JSON API)
     * transport, whose upload sessions the driver persists. Closing the driver closes the client.
     * Like {@link #create(Map)}, it returns the bare driver; {@code StorageDrivers.validating}
     * adds the path checks.
     *
     * @throws InvalidParameterException if a parameter is missing, unknown or unusable
     */
    public static StorageDriver create(Map<String, ?> parameters, Storage storage) throws IOException {
        GcsDriverFactory factory = new GcsDriverFactory();
        return new GcsDriver(storage, factory.settings(DriverParameters.bind(factory, parameters)));
    }

    GcsSettings settings(DriverParameters bound) throws InvalidParameterException {
        long chunkSize = bound.number("chunksize").orElse(DEFAULT_CHUNK_SIZE);
        if (chunkSize <= 0 || chunkSize % CHUNK_GRANULARITY != 0 || chunkSize > Integer.MAX_VALUE) {
            long lower = Math.max(CHUNK_GRANULARITY, chunkSize / CHUNK_GRANULARITY * CHUNK_GRANULARITY);
            throw bound.invalid("chunksize", chunkSize + " bytes is not a positive multiple of 256 KiB (262144) below 2 GiB:"
                    + " GCS takes resumable upload chunks in multiples of 256 KiB; use e.g. " + Math.min(lower, 1L << 30));
        }
        long maxConcurrency = bound.number("maxconcurrency").orElse(50L);
        if (maxConcurrency < 1 || maxConcurrency > 1000) {
            throw bound.invalid("maxconcurrency", maxConcurrency + " is not between 1 and 1000");
        }
        Duration redirectExpiry = bound.duration("redirectexpiry").orElse(MAX_V4_EXPIRY);
        if (redirectExpiry.isNegative() || redirectExpiry.isZero() || redirectExpiry.compareTo(MAX_V4_EXPIRY) > 0) {
            throw bound.invalid("redirectexpiry", redirectExpiry + " is not positive and at most 7 days (the V4 signature limit)");
        }
        String bucket = bound.string("bucket").orElseThrow().trim();
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw bound.invalid("bucket", "'" + bucket + "' is not a bucket name");
        }
        return new GcsSettings(bucket, bound.string("rootdirectory").orElse(""), (int) chunkSize,
                bound.string("endpoint").filter(e -> !e.isBlank()), (int) maxConcurrency, redirectExpiry);
    }

    private static Credentials credentials(DriverParameters bound) throws IOException {
        boolean anonymous = bound.bool("anonymous");
        if (bound.string("keyfile").isPresent()) {
            if (anonymous) {
                throw bound.invalid("anonymous", "cannot be true together with keyfile");
            }
            Path keyfile = Path.of(bound.string("keyfile").get());
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
