package dev.stowage.driver.s3;

import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.KeyPrefix;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Makes {@code s3} drivers: files in one bucket of Amazon S3 or an S3-compatible server, through
 * the AWS SDK for Java v2. The parameters are named as in the Go registry's s3 driver, so its
 * {@code storage: s3:} configuration carries over; see {@link #parameters()} for each one.
 *
 * <p>Keys are laid out as the Go driver lays them out ({@code rootdirectory} without slashes,
 * then the path without its leading slash), so either registry reads what the other wrote.
 * Writers are multipart uploads holding at most {@code chunksize} bytes in memory; a writer closed
 * without commit keeps all its bytes in S3 (its tail shorter than S3's 5 MiB minimum part in a
 * hidden object that no listing shows) so that {@code writer(path, true)} continues it, from any
 * driver instance. Appending to committed, non-empty content is not supported
 * ({@code Capabilities.appendToCommitted() == false}). Creating a driver makes no request.
 */
public final class S3DriverFactory implements StorageDriverFactory {

    /** The registration name. */
    public static final String NAME = "s3";

    static final String REGION = "region";
    static final String BUCKET = "bucket";
    static final String ROOT_DIRECTORY = KeyPrefix.PARAMETER;
    static final String REGION_ENDPOINT = "regionendpoint";
    static final String FORCE_PATH_STYLE = "forcepathstyle";
    static final String ACCESS_KEY = "accesskey";
    static final String SECRET_KEY = "secretkey";
    static final String SESSION_TOKEN = "sessiontoken";
    static final String ENCRYPT = "encrypt";
    static final String KEY_ID = "keyid";
    static final String SECURE = "secure";
    static final String SKIP_VERIFY = "skipverify";
    static final String V4_AUTH = "v4auth";
    static final String CHUNK_SIZE = "chunksize";
    static final String MULTIPART_COPY_CHUNK_SIZE = "multipartcopychunksize";
    static final String BUFFER_MEMORY = "buffermemory";
    static final String MULTIPART_COPY_MAX_CONCURRENCY = "multipartcopymaxconcurrency";
    static final String MULTIPART_COPY_THRESHOLD_SIZE = "multipartcopythresholdsize";
    static final String STORAGE_CLASS = "storageclass";
    static final String OBJECT_ACL = "objectacl";
    static final String USER_AGENT = "useragent";
    static final String USE_DUAL_STACK = "usedualstack";
    static final String ACCELERATE = "accelerate";
    static final String LOG_LEVEL = "loglevel";
    static final String REDIRECT_MAX_EXPIRY = "redirectmaxexpiry";
    static final String MAX_RETRIES = "maxretries";
    static final String CONNECT_TIMEOUT = "connecttimeout";
    static final String SOCKET_TIMEOUT = "sockettimeout";

    private static final List<ParameterSpec> PARAMETERS = List.of(
            ParameterSpec.required(BUCKET, ParameterType.STRING, "name of the S3 bucket holding the files"),
            ParameterSpec.optional(REGION, ParameterType.STRING, null,
                    "AWS region of the bucket, e.g. us-east-1; absent: the SDK's default region chain "
                            + "(us-east-1 when regionendpoint is set or the chain finds none)"),
            ParameterSpec.optional(ROOT_DIRECTORY, ParameterType.STRING, "",
                    "key prefix under which every file is stored, e.g. /registry; empty: the bucket's top"),
            ParameterSpec.optional(REGION_ENDPOINT, ParameterType.STRING, null,
                    "endpoint URL of an S3-compatible server, e.g. http://127.0.0.1:9000; without a scheme, "
                            + "https unless secure is false; absent: AWS"),
            ParameterSpec.optional(FORCE_PATH_STYLE, ParameterType.BOOLEAN, null,
                    "address the bucket in the URL path (http://host/bucket/key) instead of the host name; "
                            + "unset: true with a regionendpoint (as the Go registry 2.8 does), false on AWS"),
            ParameterSpec.optional(ACCESS_KEY, ParameterType.STRING, null,
                    "access key id; absent: the SDK's default credentials chain (environment, profile, instance role)"),
            ParameterSpec.optional(SECRET_KEY, ParameterType.STRING, null, "secret access key; given with accesskey"),
            ParameterSpec.optional(SESSION_TOKEN, ParameterType.STRING, null,
                    "session token for temporary credentials; used with accesskey and secretkey"),
            ParameterSpec.optional(ENCRYPT, ParameterType.BOOLEAN, false,
                    "server-side encryption of every object: SSE-KMS with keyid if given, else SSE-S3 (AES256)"),
            ParameterSpec.optional(KEY_ID, ParameterType.STRING, null, "KMS key id for encrypt: true"),
            ParameterSpec.optional(SECURE, ParameterType.BOOLEAN, true,
                    "use https for a regionendpoint given without a scheme"),
            ParameterSpec.optional(SKIP_VERIFY, ParameterType.BOOLEAN, false,
                    "accept any TLS certificate (for test servers only)"),
            ParameterSpec.optional(V4_AUTH, ParameterType.BOOLEAN, true,
                    "signature version 4; accepted for Go configs, only true is supported"),
            ParameterSpec.optional(CHUNK_SIZE, ParameterType.SIZE, 10 * S3Settings.MIB,
                    "multipart part size, the memory a writer buffers; at least 5 MiB (S3's minimum part), at most 2 GiB"),
            ParameterSpec.optional(BUFFER_MEMORY, ParameterType.SIZE, null,
                    "most memory the part buffers of all writers hold at once (a writer past 64 KiB takes a whole part while it fills it, "
                            + "waiting up to 20 s when none is free); unset: a quarter of the maximum heap; at least chunksize"),
            ParameterSpec.optional(MULTIPART_COPY_CHUNK_SIZE, ParameterType.SIZE, 32 * S3Settings.MIB,
                    "part size of a multipart copy in move; 5 MiB to 5 GiB"),
            ParameterSpec.optional(MULTIPART_COPY_MAX_CONCURRENCY, ParameterType.INTEGER, 100L,
                    "parts copied at once by the multipart copies of all moves together (one shared pool); 1 to 1000"),
            ParameterSpec.optional(MULTIPART_COPY_THRESHOLD_SIZE, ParameterType.SIZE, 32 * S3Settings.MIB,
                    "move copies larger files with a parallel multipart copy, smaller ones with one CopyObject; "
                            + "0 to 5 GiB"),
            ParameterSpec.optional(STORAGE_CLASS, ParameterType.STRING, "STANDARD",
                    "S3 storage class of new objects, e.g. STANDARD, REDUCED_REDUNDANCY, INTELLIGENT_TIERING; "
                            + "NONE: send none (for servers that reject the header)"),
            ParameterSpec.optional(OBJECT_ACL, ParameterType.STRING, "private",
                    "canned ACL of new objects, e.g. private, bucket-owner-full-control; none: send none"),
            ParameterSpec.optional(USER_AGENT, ParameterType.STRING, null, "text appended to the SDK's User-Agent"),
            ParameterSpec.optional(USE_DUAL_STACK, ParameterType.BOOLEAN, false, "use the dual-stack (IPv6) AWS endpoints"),
            ParameterSpec.optional(ACCELERATE, ParameterType.BOOLEAN, false, "use S3 Transfer Acceleration endpoints"),
            ParameterSpec.optional(LOG_LEVEL, ParameterType.STRING, "off",
                    "accepted for Go configs (off, debug, ...); the SDK logs through SLF4J, configure it there"),
            ParameterSpec.optional(REDIRECT_MAX_EXPIRY, ParameterType.DURATION, S3Settings.MAX_PRESIGN_EXPIRY,
                    "longest validity of a presigned redirect URL; a longer requested expiry is cut to it; at most 7 days"),
            ParameterSpec.optional(MAX_RETRIES, ParameterType.INTEGER, 3L,
                    "retries of a failed request (standard SDK retry strategy with backoff); 0 to 100"),
            ParameterSpec.optional(CONNECT_TIMEOUT, ParameterType.DURATION, Duration.ofSeconds(10),
                    "timeout to open a connection"),
            ParameterSpec.optional(SOCKET_TIMEOUT, ParameterType.DURATION, Duration.ofSeconds(60),
                    "timeout of a connection waiting for data to read or write"));

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Makes a driver for the bucket; no request is sent until it is used.
     *
     * @throws dev.stowage.driver.InvalidParameterException naming the key of an unusable value, such
     *     as a {@code chunksize} below 5 MiB or a {@code rootdirectory} with characters a path cannot hold
     */
    @Override
    public StorageDriver create(DriverParameters parameters) throws IOException {
        S3Settings settings = S3Settings.from(parameters);
        return new S3Driver(settings, S3Clients.client(settings), S3Clients.presigner(settings));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return PARAMETERS;
    }
}
