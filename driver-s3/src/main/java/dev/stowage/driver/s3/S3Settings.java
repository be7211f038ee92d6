package dev.stowage.driver.s3;

import dev.stowage.driver.BufferBudget;
import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.KeyPrefix;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The checked configuration of one S3 driver, made from its bound parameters. Every limit of S3
 * is checked here, so a bad value fails at creation with the key named.
 */
record S3Settings(
        String bucket,
        KeyLayout layout,
        Optional<String> region,
        Optional<URI> endpoint,
        boolean forcePathStyle,
        Optional<String> accessKey,
        Optional<String> secretKey,
        Optional<String> sessionToken,
        boolean encrypt,
        Optional<String> keyId,
        boolean skipVerify,
        int chunkSize,
        BufferBudget bufferBudget,
        long copyChunkSize,
        int copyMaxConcurrency,
        long copyThresholdSize,
        Optional<StorageClass> storageClass,
        Optional<ObjectCannedACL> objectAcl,
        Optional<String> userAgent,
        boolean dualStack,
        boolean accelerate,
        Duration redirectMaxExpiry,
        int maxRetries,
        Duration connectTimeout,
        Duration socketTimeout) {

    static final long MIB = 1024L * 1024;
    static final long GIB = 1024 * MIB;
    /** S3's smallest part (except the last one of an upload). */
    static final long MIN_PART_SIZE = 5 * MIB;
    /** S3's largest part, and the largest object one CopyObject copies. */
    static final long MAX_PART_SIZE = 5 * GIB;
    /** S3's largest object. */
    static final long MAX_OBJECT_SIZE = 5 * 1024 * GIB;
    /** The longest expiry of a SigV4 presigned URL. */
    static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);
    /** The largest in-memory part: a writer buffers one part in a byte array. */
    static final long MAX_CHUNK_SIZE = Integer.MAX_VALUE - 64;

    private static final Set<String> LOG_LEVELS = Set.of("off", "debug", "debugwithsigning", "debugwithhttpbody",
            "debugwithrequestretries", "debugwithrequesterrors", "debugwitheventstreambody");

    static S3Settings from(DriverParameters p) throws InvalidParameterException {
        String bucket = p.getString(S3DriverFactory.BUCKET).trim();
        if (bucket.isEmpty()) {
            throw p.invalid(S3DriverFactory.BUCKET, "must not be empty");
        }
        KeyLayout layout = new KeyLayout(KeyPrefix.of(p));
        if (!p.getBoolean(S3DriverFactory.V4_AUTH)) {
            throw p.invalid(S3DriverFactory.V4_AUTH, "only signature version 4 is supported; set it to true or leave it out");
        }
        String logLevel = p.getString(S3DriverFactory.LOG_LEVEL).toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw p.invalid(S3DriverFactory.LOG_LEVEL, "'" + logLevel + "' is not one of " + LOG_LEVELS);
        }

        Optional<URI> endpoint = Optional.empty();
        Optional<String> endpointText = nonEmpty(p, S3DriverFactory.REGION_ENDPOINT);
        if (endpointText.isPresent()) {
            String text = endpointText.get();
            if (!text.contains("://")) {
                text = (p.getBoolean(S3DriverFactory.SECURE) ? "https://" : "http://") + text;
            }
            try {
                URI uri = URI.create(text);
                if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                    throw new IllegalArgumentException("needs an http or https URL with a host");
                }
                endpoint = Optional.of(uri);
            } catch (IllegalArgumentException e) {
                throw p.invalid(S3DriverFactory.REGION_ENDPOINT, "'" + endpointText.get() + "' is not a usable URL: " + e.getMessage());
            }
        }

        Optional<String> accessKey = nonEmpty(p, S3DriverFactory.ACCESS_KEY);
        Optional<String> secretKey = nonEmpty(p, S3DriverFactory.SECRET_KEY);
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw p.invalid(accessKey.isPresent() ? S3DriverFactory.SECRET_KEY : S3DriverFactory.ACCESS_KEY,
                    "accesskey and secretkey must be given together (or neither, for the SDK's default credentials)");
        }
        Optional<String> keyId = nonEmpty(p, S3DriverFactory.KEY_ID);
        if (keyId.isPresent() && !p.getBoolean(S3DriverFactory.ENCRYPT)) {
            throw p.invalid(S3DriverFactory.KEY_ID, "a KMS key id needs encrypt: true");
        }

        long chunkSize = range(p, S3DriverFactory.CHUNK_SIZE, p.getSize(S3DriverFactory.CHUNK_SIZE),
                MIN_PART_SIZE, Math.min(MAX_PART_SIZE, MAX_CHUNK_SIZE));
        long copyChunkSize = range(p, S3DriverFactory.MULTIPART_COPY_CHUNK_SIZE,
                p.getSize(S3DriverFactory.MULTIPART_COPY_CHUNK_SIZE), MIN_PART_SIZE, MAX_PART_SIZE);
        long copyConcurrency = range(p, S3DriverFactory.MULTIPART_COPY_MAX_CONCURRENCY,
                p.getInteger(S3DriverFactory.MULTIPART_COPY_MAX_CONCURRENCY), 1, 1000);
        long copyThreshold = range(p, S3DriverFactory.MULTIPART_COPY_THRESHOLD_SIZE,
                p.getSize(S3DriverFactory.MULTIPART_COPY_THRESHOLD_SIZE), 0, MAX_PART_SIZE);
        long maxRetries = range(p, S3DriverFactory.MAX_RETRIES, p.getInteger(S3DriverFactory.MAX_RETRIES), 0, 100);

        Optional<StorageClass> storageClass = Optional.empty();
        String storageClassText = p.getString(S3DriverFactory.STORAGE_CLASS).trim().toUpperCase(Locale.ROOT);
        if (!storageClassText.equals("NONE")) {
            StorageClass value = StorageClass.fromValue(storageClassText);
            if (value == StorageClass.UNKNOWN_TO_SDK_VERSION) {
                throw p.invalid(S3DriverFactory.STORAGE_CLASS, "'" + storageClassText + "' is not one of "
                        + StorageClass.knownValues() + " or NONE");
            }
            storageClass = Optional.of(value);
        }
        Optional<ObjectCannedACL> acl = Optional.empty();
        String aclText = p.getString(S3DriverFactory.OBJECT_ACL).trim().toLowerCase(Locale.ROOT);
        if (!aclText.equals("none")) {
            ObjectCannedACL value = ObjectCannedACL.fromValue(aclText);
            if (value == ObjectCannedACL.UNKNOWN_TO_SDK_VERSION) {
                throw p.invalid(S3DriverFactory.OBJECT_ACL, "'" + aclText + "' is not one of "
                        + ObjectCannedACL.knownValues() + " or none");
            }
            acl = Optional.of(value);
        }

        Duration redirectMaxExpiry = p.getDuration(S3DriverFactory.REDIRECT_MAX_EXPIRY);
        if (redirectMaxExpiry.isZero() || redirectMaxExpiry.isNegative() || redirectMaxExpiry.compareTo(MAX_PRESIGN_EXPIRY) > 0) {
            throw p.invalid(S3DriverFactory.REDIRECT_MAX_EXPIRY, redirectMaxExpiry + " is not between 1s and 7 days (the SigV4 limit)");
        }
        Duration connectTimeout = positive(p, S3DriverFactory.CONNECT_TIMEOUT);
        Duration socketTimeout = positive(p, S3DriverFactory.SOCKET_TIMEOUT);

        return new S3Settings(bucket, layout, nonEmpty(p, S3DriverFactory.REGION), endpoint,
                p.findBoolean(S3DriverFactory.FORCE_PATH_STYLE).orElse(endpoint.isPresent()), accessKey, secretKey, nonEmpty(p, S3DriverFactory.SESSION_TOKEN),
                p.getBoolean(S3DriverFactory.ENCRYPT), keyId, p.getBoolean(S3DriverFactory.SKIP_VERIFY), (int) chunkSize,
                BufferBudget.fromParameter(p, S3DriverFactory.BUFFER_MEMORY, chunkSize), copyChunkSize, (int) copyConcurrency, copyThreshold, storageClass, acl,
                nonEmpty(p, S3DriverFactory.USER_AGENT), p.getBoolean(S3DriverFactory.USE_DUAL_STACK),
                p.getBoolean(S3DriverFactory.ACCELERATE), redirectMaxExpiry, (int) maxRetries, connectTimeout, socketTimeout);
    }

    /** A string parameter without default, trimmed; empty when absent or blank. */
    private static Optional<String> nonEmpty(DriverParameters p, String name) {
        return p.findString(name).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static long range(DriverParameters p, String name, long value, long min, long max) throws InvalidParameterException {
        if (value < min || value > max) {
            throw p.invalid(name, value + " is not between " + min + " and " + max);
        }
        return value;
    }

    private static Duration positive(DriverParameters p, String name) throws InvalidParameterException {
        Duration value = p.getDuration(name);
        if (value.isZero() || value.isNegative()) {
            throw p.invalid(name, "must be positive, not " + value);
        }
        return value;
    }
}
