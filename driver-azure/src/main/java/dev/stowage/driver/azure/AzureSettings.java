package dev.stowage.driver.azure;

import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.StoragePath;
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
 * @param rootPrefix the blob-name prefix of every path: empty, or the root directory without a
 *     leading slash and with a trailing one (e.g. {@code registry/})
 */
record AzureSettings(
        String container,
        String rootPrefix,
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
    static final String ROOT_DIRECTORY = "rootdirectory";
    static final String MAX_RETRIES = "max_retries";
    static final String RETRY_TRY_TIMEOUT = "retry_try_timeout";
    static final String RETRY_DELAY = "retry_delay";
    static final String MAX_RETRY_DELAY = "max_retry_delay";
    static final String COPY_STATUS_POLL_DELAY = "copy_status_poll_delay";
    static final String CHUNK_SIZE = "chunksize";
    static final String REDIRECT_MAX_EXPIRY = "redirect_max_expiry";

    /** The largest block Azure stages (4000 MiB). */
    static final long MAX_BLOCK_SIZE = 4000L << 20;
    static final long MIN_CHUNK_SIZE = 1L << 10;

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
        String container = p.string(CONTAINER).orElse("");
        if (!CONTAINER_NAME.matcher(container).matches()) {
            throw p.invalid(CONTAINER, "'" + container + "' is not a container name: 3-63 characters of a-z, 0-9 "
                    + "and single hyphens, starting and ending with a letter or digit");
        }
        String rootPrefix = rootPrefix(p);
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
        long maxRetries = p.number(MAX_RETRIES).orElse(3L);
        if (maxRetries < 0 || maxRetries > 100) {
            throw p.invalid(MAX_RETRIES, "must be between 0 and 100, not " + maxRetries);
        }
        Duration tryTimeout = p.duration(RETRY_TRY_TIMEOUT).orElse(null);
        if (tryTimeout != null && (tryTimeout.isZero() || tryTimeout.isNegative())) {
            tryTimeout = null; // as in the Go driver: zero disables the limit
        }
        Duration retryDelay = positiveOrZero(p, RETRY_DELAY, Duration.ofSeconds(4));
        Duration maxRetryDelay = positiveOrZero(p, MAX_RETRY_DELAY, Duration.ofSeconds(120));
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw p.invalid(MAX_RETRY_DELAY, "must not be shorter than " + RETRY_DELAY + " (" + retryDelay + "), is " + maxRetryDelay);
        }
        Duration pollDelay = positiveOrZero(p, COPY_STATUS_POLL_DELAY, Duration.ofMillis(100));
        long chunkSize = p.number(CHUNK_SIZE).orElse(AzureDriverFactory.DEFAULT_CHUNK_SIZE);
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_BLOCK_SIZE || chunkSize > Integer.MAX_VALUE - 8) {
            throw p.invalid(CHUNK_SIZE, "must be between 1KiB and 2047MiB (one Java array), not " + chunkSize + " bytes");
        }
        Duration redirectMaxExpiry = p.duration(REDIRECT_MAX_EXPIRY).orElse(Duration.ofDays(7));
        if (redirectMaxExpiry.isNegative() || redirectMaxExpiry.isZero()) {
            throw p.invalid(REDIRECT_MAX_EXPIRY, "must be positive, not " + redirectMaxExpiry);
        }
        return new AzureSettings(container, rootPrefix, type, accountName.orElse(null), accountKey.orElse(null),
                connectionString.orElse(null), nonEmpty(p, TENANT_ID).orElse(null), nonEmpty(p, CLIENT_ID).orElse(null),
                nonEmpty(p, SECRET).orElse(null), serviceUrl, (int) maxRetries, tryTimeout, retryDelay, maxRetryDelay,
                pollDelay, chunkSize, redirectMaxExpiry);
    }

    private static String rootPrefix(DriverParameters p) throws InvalidParameterException {
        String root = p.string(ROOT_DIRECTORY).orElse("").trim();
        while (root.startsWith("/")) {
            root = root.substring(1);
        }
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        if (root.isEmpty()) {
            return "";
        }
        if (!StoragePath.isValid("/" + root)) {
            throw p.invalid(ROOT_DIRECTORY, "'" + p.string(ROOT_DIRECTORY).orElse("")
                    + "' is not a path of segments made of A-Z a-z 0-9 . _ - (no '.' or '..')");
        }
        return root + "/";
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
            String realm = p.string(REALM).orElse("core.windows.net");
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
        return p.string(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static Duration positiveOrZero(DriverParameters p, String key, Duration fallback) throws InvalidParameterException {
        Duration d = p.duration(key).orElse(fallback);
        if (d.isNegative()) {
            throw p.invalid(key, "must not be negative, not " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "AzureSettings[container=" + container + ", root=" + rootPrefix + ", credentials=" + credentialsType.configName()
                + ", account=" + accountName + ", serviceUrl=" + serviceUrl + ", chunkSize=" + chunkSize + "]";
    }
}
