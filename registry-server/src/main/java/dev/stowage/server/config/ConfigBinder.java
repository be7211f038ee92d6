package dev.stowage.server.config;

import dev.stowage.server.config.YamlNode.Mapping;
import dev.stowage.server.config.YamlNode.Scalar;
import dev.stowage.server.config.YamlNode.Sequence;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Binds a parsed (and environment-overridden) version 0.1 document to a {@link ServerConfig}, one
 * section at a time, with the keys of distribution 2.8's {@code configuration.go} plus the few newer
 * ones its current reference documents.
 */
final class ConfigBinder {

    static final String VERSION = "0.1";

    /** Sections the Go registry has and this server does not implement yet: accepted, warned about. */
    private static final List<String> UNSUPPORTED_SECTIONS =
            List.of("notifications", "proxy", "middleware", "reporting", "compatibility", "catalog", "policy");

    private static final List<String> TOP_LEVEL = List.of("version", "log", "loglevel", "storage", "auth", "http",
            "redis", "health", "validation", "notifications", "proxy", "middleware", "reporting", "compatibility",
            "catalog", "policy", "stowage");

    /** The top-level keys, for environment variables. */
    static final Set<String> TOP_LEVEL_KEYS = Set.copyOf(TOP_LEVEL);

    /** Keys of {@code storage} that are not drivers. */
    private static final List<String> STORAGE_OPTIONS = List.of("delete", "redirect", "cache", "maintenance", "tag");

    /** The cipher suite names the Go registry accepts in {@code http.tls.ciphersuites}. */
    private static final List<String> GO_CIPHER_SUITES = List.of(
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private static final String NOT_SUPPORTED = "not supported yet and is ignored";

    private ConfigBinder() {
    }

    /** Fails unless the document says {@code version: 0.1}. */
    static void checkVersion(Mapping document, Binding binding) throws ConfigException {
        YamlNode version = document.entries().get("version");
        if (YamlNode.isEmpty(version)) {
            throw binding.error("version", document.line(), "required (this server reads version " + VERSION + ")");
        }
        if (!(version instanceof Scalar scalar) || !scalar.text().trim().equals(VERSION)) {
            String found = version instanceof Scalar scalar ? "\"" + scalar.text() + "\"" : version.describe();
            throw binding.error("version", document.lineOf("version"),
                    "unsupported version " + found + " (expected " + VERSION + ")");
        }
    }

    /** {@code storage: inmemory} (Go's short form) as {@code storage: {inmemory: {}}}. */
    static Mapping expandShortForm(Scalar scalar) {
        Mapping mapping = new Mapping(scalar.line());
        mapping.entries().put(scalar.text(), new Mapping(scalar.line()));
        return mapping;
    }

    static ServerConfig bind(Mapping document, Binding binding) throws ConfigException {
        Section root = Section.of(document, "", document.line(), binding).allowOnly(TOP_LEVEL.toArray(String[]::new));
        for (String section : UNSUPPORTED_SECTIONS) {
            root.warnIfWritten(section, NOT_SUPPORTED);
        }
        LogSettings log = log(root);
        StorageSettings storage = storage(root);
        HttpSettings http = http(root.section("http"));
        Optional<AuthSettings> auth = auth(root);
        Optional<RedisSettings> redis = redis(root.section("redis"));
        HealthSettings health = health(root.section("health"));
        ValidationSettings validation = validation(root.section("validation"));
        LimitSettings limits = limits(root.section("stowage").allowOnly("limits").section("limits"));
        if (storage.blobDescriptorCache() == BlobDescriptorCache.REDIS && redis.isEmpty()) {
            throw binding.error("storage.cache.blobdescriptor", 0,
                    "redis needs the redis section with an addr");
        }
        return new ServerConfig(log, storage, http, auth, redis, health, validation, limits, binding.warnings());
    }

    // ---- stowage.limits (Stowage's own; the Go registry ignores the section)

    private static LimitSettings limits(Section limits) throws ConfigException {
        limits.allowOnly("threads", "concurrentrequests", "manifestmemory", "mindatarate", "uploadmemory");
        LimitSettings defaults = LimitSettings.DEFAULTS;
        int threads = limits.integer("threads", defaults.threads());
        if (threads < 8) {
            throw limits.error("threads", "must be at least 8, found " + threads);
        }
        int concurrent = limits.integer("concurrentrequests", 0);
        if (concurrent < 0) {
            throw limits.error("concurrentrequests", "must not be negative (0: three quarters of threads), found " + concurrent);
        }
        long manifestMemory = limits.size("manifestmemory", defaults.manifestMemory());
        if (manifestMemory < 1024) {
            throw limits.error("manifestmemory", "must be at least 1KiB, found " + manifestMemory);
        }
        long minDataRate = limits.size("mindatarate", defaults.minDataRate());
        long uploadMemory = limits.size("uploadmemory", -1);
        return new LimitSettings(threads, concurrent == 0 ? Math.max(1, threads * 3 / 4) : concurrent, manifestMemory, minDataRate,
                uploadMemory < 0 ? OptionalLong.empty() : OptionalLong.of(uploadMemory));
    }

    // ---- log

    private static LogSettings log(Section root) throws ConfigException {
        Section log = root.section("log").allowOnly("level", "formatter", "fields", "accesslog", "hooks", "reportcaller");
        log.warnIfWritten("hooks", NOT_SUPPORTED);
        log.warnIfWritten("reportcaller", NOT_SUPPORTED);
        LogLevel level = LogLevel.INFO;
        if (root.has("loglevel")) {
            root.binding().warn("`loglevel` is deprecated: use `log.level`");
            level = level(root, "loglevel");
        }
        if (log.has("level")) {
            level = level(log, "level");
        }
        LogFormatter formatter = LogFormatter.valueOf(
                log.oneOf("formatter", "text", "text", "json", "logstash").toUpperCase(Locale.ROOT));
        Map<String, Object> fields = Map.of();
        if (log.has("fields")) {
            YamlNode node = log.node("fields");
            if (!(node instanceof Mapping)) {
                throw log.error("fields", "expected a map of field names to values, found " + node.describe());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) Section.plain(node);
            fields = plain;
        }
        boolean accessLogDisabled = log.section("accesslog").allowOnly("disabled").bool("disabled", false);
        return new LogSettings(level, formatter, fields, accessLogDisabled);
    }

    private static LogLevel level(Section section, String key) throws ConfigException {
        String text = section.string(key, "info").toLowerCase(Locale.ROOT);
        return switch (text) {
            case "error" -> LogLevel.ERROR;
            case "warn" -> LogLevel.WARN;
            case "info" -> LogLevel.INFO;
            case "debug" -> LogLevel.DEBUG;
            default -> throw section.error(key, "expected one of error, warn, info, debug, found \"" + text + "\"");
        };
    }

    // ---- storage

    private static StorageSettings storage(Section root) throws ConfigException {
        if (!root.has("storage")) {
            throw root.binding().error("storage", root.lineOf("storage"),
                    "required: configure exactly one storage driver (e.g. filesystem with a rootdirectory)");
        }
        YamlNode node = root.node("storage");
        if (node instanceof Scalar scalar) {
            node = expandShortForm(scalar);
        }
        Section storage = Section.of(node, "storage", root.lineOf("storage"), root.binding());
        List<String> drivers = new ArrayList<>();
        for (String key : storage.keys()) {
            if (!STORAGE_OPTIONS.contains(key)) {
                drivers.add(key);
            }
        }
        if (drivers.isEmpty()) {
            throw root.error("storage", "no storage driver configured: add one driver section"
                    + " (filesystem, inmemory, s3, azure, gcs, or a plugin driver's name) beside "
                    + String.join(", ", STORAGE_OPTIONS));
        }
        if (drivers.size() > 1) {
            throw root.error("storage", "exactly one storage driver must be configured, found " + String.join(", ", drivers));
        }
        String driver = drivers.get(0);
        YamlNode parametersNode = storage.node(driver);
        Map<String, Object> parameters = Map.of();
        if (parametersNode instanceof Mapping) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) Section.plain(parametersNode);
            parameters = plain;
        } else if (!YamlNode.isEmpty(parametersNode)) {
            throw storage.error(driver, "expected the driver's parameters as a map, found " + parametersNode.describe());
        }

        boolean deleteEnabled = storage.section("delete").allowOnly("enabled").bool("enabled", false);
        boolean redirectDisabled = storage.section("redirect").allowOnly("disable").bool("disable", false);

        Section cache = storage.section("cache").allowOnly("blobdescriptor", "blobdescriptorsize", "layerinfo");
        String cacheKey = "blobdescriptor";
        if (!cache.has("blobdescriptor") && cache.has("layerinfo")) {
            cache.binding().warn("`storage.cache.layerinfo` is deprecated: use `storage.cache.blobdescriptor`");
            cacheKey = "layerinfo";
        }
        BlobDescriptorCache blobCache = switch (cache.oneOf(cacheKey, "", "inmemory", "redis")) {
            case "inmemory" -> BlobDescriptorCache.INMEMORY;
            case "redis" -> BlobDescriptorCache.REDIS;
            default -> BlobDescriptorCache.NONE;
        };
        int cacheSize = cache.integer("blobdescriptorsize", StorageSettings.DEFAULT_BLOB_DESCRIPTOR_CACHE_SIZE);
        if (cacheSize <= 0) {
            throw cache.error("blobdescriptorsize", "must be positive, found " + cacheSize);
        }

        Section maintenance = storage.section("maintenance").allowOnly("uploadpurging", "readonly");
        Section purging = maintenance.section("uploadpurging").allowOnly("enabled", "age", "interval", "dryrun");
        UploadPurging defaults = UploadPurging.GO_DEFAULTS;
        UploadPurging uploadPurging = new UploadPurging(
                purging.bool("enabled", defaults.enabled()),
                purging.duration("age", defaults.age()),
                purging.duration("interval", defaults.interval()),
                purging.bool("dryrun", defaults.dryRun()));
        if (uploadPurging.enabled() && uploadPurging.interval().isZero()) {
            throw purging.error("interval", "must be more than zero while purging is enabled");
        }
        boolean readOnly = maintenance.section("readonly").allowOnly("enabled").bool("enabled", false);

        storage.warnIfWritten("tag", NOT_SUPPORTED);
        return new StorageSettings(driver, parameters, deleteEnabled, redirectDisabled, blobCache, cacheSize,
                uploadPurging, readOnly);
    }

    // ---- http

    private static HttpSettings http(Section http) throws ConfigException {
        http.allowOnly("addr", "net", "host", "prefix", "secret", "relativeurls", "draintimeout", "tls", "debug",
                "headers", "http2", "h2c");
        http.warnIfWritten("h2c", NOT_SUPPORTED);
        String addr = http.string("addr", "");
        if (addr.isEmpty()) {
            addr = HttpSettings.GO_DEFAULT_ADDR;
        }
        Network net = Network.valueOf(http.oneOf("net", "tcp", "tcp", "unix").toUpperCase(Locale.ROOT));
        Optional<URI> host = Optional.empty();
        if (http.has("host") && !http.string("host", "").isEmpty()) {
            host = Optional.of(absoluteUrl(http, "host"));
        }
        String prefix = http.string("prefix", "");
        Optional<String> secret = http.string("secret").filter(s -> !s.isEmpty());
        boolean relativeUrls = http.bool("relativeurls", false);
        Duration drainTimeout = http.duration("draintimeout", Duration.ZERO);
        Optional<TlsSettings> tls = tls(http.section("tls"));
        Optional<DebugSettings> debug = debug(http.section("debug"));
        Map<String, List<String>> headers = headers(http);
        boolean http2Disabled = http.section("http2").allowOnly("disabled").bool("disabled", false);
        return new HttpSettings(addr, net, host, prefix, secret, relativeUrls, drainTimeout, tls, debug, headers,
                http2Disabled);
    }

    private static URI absoluteUrl(Section section, String key) throws ConfigException {
        String text = section.string(key, "");
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
                throw section.error(key, "expected an absolute http(s) URL such as https://registry.example.com, found \""
                        + text + "\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw section.error(key, "not a valid URL: " + e.getMessage());
        }
    }

    private static Optional<TlsSettings> tls(Section tls) throws ConfigException {
        tls.allowOnly("certificate", "key", "clientcas", "minimumtls", "ciphersuites", "letsencrypt", "clientauth");
        tls.warnIfWritten("clientauth", NOT_SUPPORTED);
        Optional<Path> certificate = tls.path("certificate");
        Optional<Path> key = tls.path("key");
        List<Path> clientCas = new ArrayList<>();
        for (String ca : tls.strings("clientcas")) {
            clientCas.add(tls.toPath("clientcas", ca));
        }
        String minimumTls = tls.oneOf("minimumtls", TlsSettings.DEFAULT_MINIMUM_TLS, "tls1.0", "tls1.1", "tls1.2", "tls1.3");
        List<String> cipherSuites = tls.strings("ciphersuites");
        for (int i = 0; i < cipherSuites.size(); i++) {
            if (!GO_CIPHER_SUITES.contains(cipherSuites.get(i))) {
                throw tls.binding().error(tls.pathOf("ciphersuites") + "[" + i + "]", tls.lineOf("ciphersuites"),
                        "unknown TLS cipher suite \"" + cipherSuites.get(i) + "\" (known: "
                                + String.join(", ", GO_CIPHER_SUITES) + ")");
            }
        }
        if (tls.has("letsencrypt")) {
            if (certificate.isEmpty()) {
                throw tls.error("letsencrypt", "Let's Encrypt is not supported: configure http.tls.certificate and"
                        + " http.tls.key instead");
            }
            tls.binding().warn("`http.tls.letsencrypt` is not supported and is ignored (the certificate is used, as in Go)");
        }
        if (certificate.isEmpty()) {
            if (key.isPresent()) {
                throw tls.error("certificate", "required when http.tls.key is set");
            }
            if (tls.present() && !tls.keys().isEmpty()) {
                tls.binding().warn("`http.tls` has no certificate, so TLS is off (as in Go)");
            }
            return Optional.empty();
        }
        if (key.isEmpty()) {
            throw tls.error("key", "required when http.tls.certificate is set");
        }
        return Optional.of(new TlsSettings(certificate.get(), key.get(), clientCas, minimumTls, cipherSuites));
    }

    private static Optional<DebugSettings> debug(Section debug) throws ConfigException {
        debug.allowOnly("addr", "prometheus");
        Section prometheus = debug.section("prometheus").allowOnly("enabled", "path");
        boolean enabled = prometheus.bool("enabled", false);
        String path = prometheus.string("path", "");
        if (path.isEmpty()) {
            path = "/metrics";
        } else if (!path.startsWith("/")) {
            throw prometheus.error("path", "must start with /, found \"" + path + "\"");
        }
        String addr = debug.string("addr", "");
        if (addr.isEmpty()) {
            if (enabled) {
                debug.binding().warn("`http.debug.prometheus` is enabled but `http.debug.addr` is not set,"
                        + " so no debug server (and no metrics) is started, as in Go");
            }
            return Optional.empty();
        }
        return Optional.of(new DebugSettings(addr, enabled, path));
    }

    private static Map<String, List<String>> headers(Section http) throws ConfigException {
        Section headers = http.section("headers");
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String name : headers.keys()) {
            if (name.isEmpty() || !name.chars().allMatch(ConfigBinder::isTokenChar)) {
                throw headers.error(name, "not a valid HTTP header name");
            }
            values.put(name, headers.strings(name));
        }
        return values;
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    // ---- auth

    private static Optional<AuthSettings> auth(Section root) throws ConfigException {
        YamlNode node = root.node("auth");
        if (node instanceof Scalar scalar && !scalar.isNull()) {
            node = expandShortForm(scalar);
        }
        Section auth = Section.of(node, "auth", root.lineOf("auth"), root.binding());
        List<String> controllers = new ArrayList<>(auth.keys());
        if (controllers.size() > 1) {
            throw root.error("auth", "at most one access controller may be configured, found "
                    + String.join(", ", controllers));
        }
        auth.allowOnly("htpasswd", "token", "silly");
        if (controllers.isEmpty()) {
            return Optional.empty();
        }
        String kind = controllers.get(0);
        Section options = auth.section(kind);
        switch (kind) {
            case "htpasswd" -> {
                options.allowOnly("realm", "path");
                return Optional.of(new AuthSettings.Htpasswd(options.required("realm"),
                        options.toPath("path", options.required("path"))));
            }
            case "token" -> {
                options.allowOnly("realm", "service", "issuer", "rootcertbundle", "jwks", "autoredirect",
                        "autoredirectpath", "signingalgorithms");
                options.warnIfWritten("autoredirectpath", NOT_SUPPORTED);
                options.warnIfWritten("signingalgorithms", NOT_SUPPORTED);
                String realm = options.required("realm");
                String service = options.required("service");
                String issuer = options.required("issuer");
                Optional<Path> bundle = options.path("rootcertbundle");
                Optional<Path> jwks = options.path("jwks");
                if (bundle.isEmpty() && jwks.isEmpty()) {
                    throw options.error("rootcertbundle", "required (or jwks): the keys that sign tokens");
                }
                return Optional.of(new AuthSettings.Token(realm, service, issuer, bundle, jwks,
                        options.bool("autoredirect", false)));
            }
            default -> {
                auth.binding().warn("`auth.silly` is not supported and is ignored: the registry runs without"
                        + " authentication");
                return Optional.empty();
            }
        }
    }

    // ---- redis

    private static Optional<RedisSettings> redis(Section redis) throws ConfigException {
        redis.allowOnly("addr", "username", "password", "db", "dialtimeout", "readtimeout", "writetimeout", "pool", "tls");
        Section pool = redis.section("pool").allowOnly("maxidle", "maxactive", "idletimeout");
        RedisSettings.Pool poolSettings = new RedisSettings.Pool(pool.count("maxidle", 0), pool.count("maxactive", 0),
                pool.duration("idletimeout", Duration.ZERO));
        boolean tls = redis.section("tls").allowOnly("enabled").bool("enabled", false);
        int db = redis.count("db", 0);
        Duration dial = redis.duration("dialtimeout", Duration.ZERO);
        Duration read = redis.duration("readtimeout", Duration.ZERO);
        Duration write = redis.duration("writetimeout", Duration.ZERO);
        Optional<String> username = redis.string("username").filter(s -> !s.isEmpty());
        Optional<String> password = redis.string("password").filter(s -> !s.isEmpty());
        String addr = redis.string("addr", "");
        if (addr.isEmpty()) {
            if (redis.present() && !redis.keys().isEmpty()) {
                redis.binding().warn("`redis` has no addr, so Redis is not configured (as in Go)");
            }
            return Optional.empty();
        }
        return Optional.of(new RedisSettings(addr, username, password, db, dial, read, write, poolSettings, tls));
    }

    // ---- health

    private static HealthSettings health(Section health) throws ConfigException {
        health.allowOnly("storagedriver", "file", "http", "tcp");
        for (String checks : List.of("file", "http", "tcp")) {
            if (health.written(checks)) {
                YamlNode node = health.node(checks);
                if (!YamlNode.isEmpty(node) && !(node instanceof Sequence)) {
                    throw health.error(checks, "expected a list of checks, found " + node.describe());
                }
                health.binding().warn("`health." + checks + "` checks are " + NOT_SUPPORTED);
            }
        }
        Section driver = health.section("storagedriver").allowOnly("enabled", "interval", "threshold");
        boolean enabled = driver.bool("enabled", false);
        Duration interval = driver.duration("interval", HealthSettings.StorageDriverCheck.DEFAULT_INTERVAL);
        if (interval.isZero()) {
            interval = HealthSettings.StorageDriverCheck.DEFAULT_INTERVAL;
        }
        int threshold = driver.count("threshold", 0);
        return new HealthSettings(enabled
                ? Optional.of(new HealthSettings.StorageDriverCheck(interval, threshold))
                : Optional.empty());
    }

    // ---- validation

    private static ValidationSettings validation(Section validation) throws ConfigException {
        validation.allowOnly("enabled", "disabled", "manifests");
        if (validation.written("enabled")) {
            validation.bool("enabled", false);
            validation.binding().warn("`validation.enabled` is deprecated and changes nothing: validation is on"
                    + " unless `validation.disabled` is true");
        }
        boolean disabled = validation.bool("disabled", false);
        Section manifests = validation.section("manifests").allowOnly("urls", "indexes");
        manifests.warnIfWritten("indexes", NOT_SUPPORTED);
        Section urls = manifests.section("urls").allowOnly("allow", "deny");
        return new ValidationSettings(!disabled, expressions(urls, "allow"), expressions(urls, "deny"));
    }

    private static List<String> expressions(Section urls, String key) throws ConfigException {
        List<String> expressions = urls.strings(key);
        for (int i = 0; i < expressions.size(); i++) {
            try {
                Pattern.compile(expressions.get(i));
            } catch (PatternSyntaxException e) {
                throw urls.binding().error(urls.pathOf(key) + "[" + i + "]", urls.lineOf(key),
                        "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex()
                                + " of \"" + expressions.get(i) + "\"");
            }
        }
        return expressions;
    }
}
