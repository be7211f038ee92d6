package dev.stowage.driver.azure;

import dev.stowage.driver.BufferBudget;
import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.KeyPrefix;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checked configuration of one driver. Every value is usable: {@link #from} refuses anything
 * else with an {@link InvalidParameterException} naming the key.
 *
 * @param rootPrefix the blob-name prefix of every path, from {@code rootdirectory}
 */
record AzureSettings(
        String container,
        KeyPrefix rootPrefix,
        CredentialsType credentialsType,
        String accountName,
        String accountKey,
        String connectionString,
        String tenantId,
        String clientId,
        String secret,
        String serviceUrl,
        int maxRetries,
        Duration retryTryTimeout,
        Duration retryDelay,
        Duration maxRetryDelay,
        Duration copyStatusPollDelay,
        long chunkSize,
        BufferBudget bufferBudget,
        Duration redirectMaxExpiry) {

    static final String ACCOUNT_NAME = "accountname";
    static final String ACCOUNT_KEY = "accountkey";
    static final String CONTAINER = "container";
    static final String CREDENTIALS_TYPE = "credentialstype";
    static final String CONNECTION_STRING = "connectionstring";
    static final String TENANT_ID = "tenantid";
    static final String CLIENT_ID = "clientid";
    static final String SECRET = "secret";
    static final String REALM = "realm";
    static final String SERVICE_URL = "serviceurl";
    static final String ROOT_DIRECTORY = KeyPrefix.PARAMETER;
    static final String MAX_RETRIES = "max_retries";
    static final String RETRY_TRY_TIMEOUT = "retry_try_timeout";
    static final String RETRY_DELAY = "retry_delay";
    static final String MAX_RETRY_DELAY = "max_retry_delay";
    static final String COPY_STATUS_POLL_DELAY = "copy_status_poll_delay";
    static final String CHUNK_SIZE = "chunksize";
    static final String BUFFER_MEMORY = "buffermemory";
    static final String REDIRECT_MAX_EXPIRY = "redirectmaxexpiry";

    /** The largest block Azure stages (4000 MiB). */
    static final long MAX_BLOCK_SIZE = 4000L << 20;
    static final long MIN_CHUNK_SIZE = 1L << 10;
    /** The largest chunk: a writer buffers one chunk in a Java array. */
    static final long MAX_CHUNK_SIZE = Integer.MAX_VALUE - 8;
    /** The longest life of a user delegation key, and so of a SAS signed with one. */
    static final Duration MAX_REDIRECT_EXPIRY = Duration.ofDays(7);

    // https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
    private static final Pattern CONTAINER_NAME = Pattern.compile("^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$");

    /** How the driver authenticates. */
    enum CredentialsType {
        SHARED_KEY, CONNECTION_STRING, CLIENT_SECRET, DEFAULT_CREDENTIALS;

        String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static AzureSettings from(DriverParameters p) throws InvalidParameterException {
        String container = p.getString(CONTAINER);
        if (!CONTAINER_NAME.matcher(container).matches()) {
            throw p.invalid(CONTAINER, "'" + container + "' is not a container name: 3-63 characters of a-z, 0-9 "
                    + "and single hyphens, starting and ending with a letter or digit");
        }
        KeyPrefix rootPrefix = KeyPrefix.of(p);
        Optional<String> connectionString = nonEmpty(p, CONNECTION_STRING);
        Optional<String> accountKey = nonEmpty(p, ACCOUNT_KEY);
        Optional<String> accountName = nonEmpty(p, ACCOUNT_NAME);
        CredentialsType type = credentialsType(p, connectionString.isPresent(), accountKey.isPresent());
        switch (type) {
            case SHARED_KEY -> {
                require(p, ACCOUNT_NAME, type);
                require(p, ACCOUNT_KEY, type);
            }
            case CONNECTION_STRING -> require(p, CONNECTION_STRING, type);
            case CLIENT_SECRET -> {
                require(p, ACCOUNT_NAME, type);
                require(p, TENANT_ID, type);
                require(p, CLIENT_ID, type);
                require(p, SECRET, type);
            }
            case DEFAULT_CREDENTIALS -> require(p, ACCOUNT_NAME, type);
        }
        String serviceUrl = serviceUrl(p, type, accountName.orElse(null));
        long maxRetries = p.getInteger(MAX_RETRIES);
        if (maxRetries < 0 || maxRetries > 100) {
            throw p.invalid(MAX_RETRIES, "must be between 0 and 100, not " + maxRetries);
        }
        Duration tryTimeout = p.findDuration(RETRY_TRY_TIMEOUT).orElse(null);
        if (tryTimeout != null && (tryTimeout.isZero() || tryTimeout.isNegative())) {
            tryTimeout = null; // as in the Go driver: zero disables the limit
        }
        Duration retryDelay = positiveOrZero(p, RETRY_DELAY);
        Duration maxRetryDelay = positiveOrZero(p, MAX_RETRY_DELAY);
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw p.invalid(MAX_RETRY_DELAY, "must not be shorter than " + RETRY_DELAY + " (" + retryDelay + "), is " + maxRetryDelay);
        }
        Duration pollDelay = positiveOrZero(p, COPY_STATUS_POLL_DELAY);
        long chunkSize = p.getSize(CHUNK_SIZE);
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw p.invalid(CHUNK_SIZE, "must be between 1KiB and 2047MiB (one Java array), not " + chunkSize + " bytes");
        }
        Duration redirectMaxExpiry = p.getDuration(REDIRECT_MAX_EXPIRY);
        if (redirectMaxExpiry.isNegative() || redirectMaxExpiry.isZero() || redirectMaxExpiry.compareTo(MAX_REDIRECT_EXPIRY) > 0) {
            throw p.invalid(REDIRECT_MAX_EXPIRY, redirectMaxExpiry + " is not positive and at most 7 days (the longest life of "
                    + "a user delegation key)");
        }
        return new AzureSettings(container, rootPrefix, type, accountName.orElse(null), accountKey.orElse(null),
                connectionString.orElse(null), nonEmpty(p, TENANT_ID).orElse(null), nonEmpty(p, CLIENT_ID).orElse(null),
                nonEmpty(p, SECRET).orElse(null), serviceUrl, (int) maxRetries, tryTimeout, retryDelay, maxRetryDelay,
                pollDelay, chunkSize, BufferBudget.fromParameter(p, BUFFER_MEMORY, chunkSize), redirectMaxExpiry);
    }

    private static CredentialsType credentialsType(DriverParameters p, boolean hasConnectionString, boolean hasAccountKey)
            throws InvalidParameterException {
        Optional<String> given = nonEmpty(p, CREDENTIALS_TYPE);
        if (given.isEmpty()) {
            return hasConnectionString ? CredentialsType.CONNECTION_STRING
                    : hasAccountKey ? CredentialsType.SHARED_KEY : CredentialsType.DEFAULT_CREDENTIALS;
        }
        for (CredentialsType type : CredentialsType.values()) {
            if (type.configName().equals(given.get().trim().toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw p.invalid(CREDENTIALS_TYPE, "unknown type '" + given.get()
                + "'; known: shared_key, connection_string, client_secret, default_credentials");
    }

    private static String serviceUrl(DriverParameters p, CredentialsType type, String accountName)
            throws InvalidParameterException {
        Optional<String> given = nonEmpty(p, SERVICE_URL);
        if (given.isEmpty()) {
            if (type == CredentialsType.CONNECTION_STRING) {
                return null; // the connection string names the endpoint
            }
            String realm = p.getString(REALM);
            return "https://" + accountName + ".blob." + realm;
        }
        String url = given.get().trim();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw p.invalid(SERVICE_URL, "'" + url + "' is not an http or https URL with a host");
            }
            if (uri.getQuery() != null) {
                throw p.invalid(SERVICE_URL, "'" + url + "' must not carry a query; give a SAS through connectionstring");
            }
        } catch (URISyntaxException e) {
            throw p.invalid(SERVICE_URL, "'" + url + "' is not a URL: " + e.getMessage());
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void require(DriverParameters p, String key, CredentialsType type) throws InvalidParameterException {
        if (nonEmpty(p, key).isEmpty()) {
            throw p.invalid(key, "required with credentialstype " + type.configName());
        }
    }

    private static Optional<String> nonEmpty(DriverParameters p, String key) {
        return p.findString(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static Duration positiveOrZero(DriverParameters p, String key) throws InvalidParameterException {
        Duration d = p.getDuration(key);
        if (d.isNegative()) {
            throw p.invalid(key, "must not be negative, not " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "AzureSettings[container=" + container + ", root=" + rootPrefix.value() + ", credentials=" + credentialsType.configName()
                + ", account=" + accountName + ", serviceUrl=" + serviceUrl + ", chunkSize=" + chunkSize + "]";
    }
}
