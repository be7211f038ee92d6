package dev.stowage.server;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.cache.BlobDescriptorCache;
import dev.stowage.registry.cache.InMemoryBlobDescriptorCache;
import dev.stowage.registry.cache.RedisBlobDescriptorCache;
import dev.stowage.registry.upload.UploadPurgeReport;
import dev.stowage.server.auth.AccessController;
import dev.stowage.server.auth.AccessControllers;
import dev.stowage.server.auth.AuthConfigurationException;
import dev.stowage.server.auth.HtpasswdSettings;
import dev.stowage.server.auth.TokenSettings;
import dev.stowage.server.config.AuthSettings;
import dev.stowage.server.config.HttpSettings;
import dev.stowage.server.config.Network;
import dev.stowage.server.config.RedisSettings;
import dev.stowage.server.config.ServerConfig;
import dev.stowage.server.config.StorageSettings;
import dev.stowage.server.config.UploadPurging;
import dev.stowage.server.http.RegistryServer;
import dev.stowage.server.ops.CountedCache;
import dev.stowage.server.ops.DebugServer;
import dev.stowage.server.ops.StorageHealth;
import dev.stowage.server.ops.TimedDriver;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry made from a {@link ServerConfig}: the configured driver (found through
 * {@link java.util.ServiceLoader}), its descriptor cache, the registry's storage side, and, once
 * {@link #serve()} is called, the HTTP server with its access control and the upload purger
 * running in the background. What {@code stowage serve} runs; also the way to get a configured
 * {@link Registry} for maintenance commands.
 *
 * <p>Owns everything it makes: {@link #close()} stops the server and the purger and closes the
 * registry and the driver.
 */
public final class StowageRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StowageRegistry.class);

    private final ServerConfig config;
    private final StorageDriver driver;
    private final Registry registry;
    private final PrometheusMeterRegistry meters;
    private RegistryServer server;
    private ScheduledExecutorService maintenance;
    private StorageHealth health;
    private DebugServer debug;

    private StowageRegistry(ServerConfig config, StorageDriver driver, Registry registry, PrometheusMeterRegistry meters) {
        this.config = config;
        this.driver = driver;
        this.registry = registry;
        this.meters = meters;
    }

    /**
     * Opens the configured storage: the driver, the cache, the registry. Nothing is served yet.
     *
     * @param drivers the class loader drivers are looked up in (the application's, or one over a
     *     plugin folder)
     * @throws IOException if the driver cannot be made (unknown name, bad parameters, backend
     *     unreachable), named in the message
     */
    public static StowageRegistry open(ServerConfig config, ClassLoader drivers) throws IOException {
        Objects.requireNonNull(config, "config");
        config.warnings().forEach(warning -> LOG.warn("config: {}", warning));
        StorageSettings storage = config.storage();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        StorageDriver driver = new TimedDriver(StorageDrivers.create(storage.driver(), storage.parameters(), drivers),
                meters);
        try {
            RegistryOptions options = RegistryOptions.defaults()
                    .withDeleteEnabled(storage.deleteEnabled())
                    .withRedirect(!storage.redirectDisabled());
            if (config.validation().enabled()) {
                options = options.withManifestUrls(config.validation().manifestUrlsAllow(),
                        config.validation().manifestUrlsDeny());
            }
            Registry.Builder builder = Registry.builder(driver).options(options)
                    .cache(new CountedCache(cache(config), meters));
            config.limits().uploadMemory().ifPresent(builder::heldUploadMemory);
            Registry registry = builder.build();
            return new StowageRegistry(config, driver, registry, meters);
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    private static BlobDescriptorCache cache(ServerConfig config) {
        StorageSettings storage = config.storage();
        return switch (storage.blobDescriptorCache()) {
            case NONE -> BlobDescriptorCache.none();
            case INMEMORY -> new InMemoryBlobDescriptorCache(storage.blobDescriptorCacheSize());
            case REDIS -> RedisBlobDescriptorCache.create(redis(config.redis().orElseThrow(
                    () -> new IllegalArgumentException("storage.cache.blobdescriptor is redis but there is no redis section"))));
        };
    }

    private static RedisBlobDescriptorCache.Settings redis(RedisSettings redis) {
        HostPort address = HostPort.parse(redis.addr(), 6379, "redis.addr");
        RedisBlobDescriptorCache.Settings settings = RedisBlobDescriptorCache.Settings.of(address.host(), address.port())
                .withDatabase(redis.db())
                .withTimeouts(positive(redis.dialTimeout()), positive(redis.readTimeout()))
                .withPoolSize(redis.pool().maxActive() > 0 ? redis.pool().maxActive() : 16);
        return redis.password().map(settings::withPassword).orElse(settings);
    }

    private static Duration positive(Duration value) {
        return value.isZero() || value.isNegative() ? Duration.ofSeconds(2) : value;
    }

    /**
     * Starts serving the HTTP API on {@code http.addr} and, when enabled, the upload purger.
     *
     * @throws AuthConfigurationException if the access control's files cannot be used
     * @throws IOException if the address cannot be bound or the TLS files cannot be read
     */
    public void serve() throws Exception {
        HttpSettings http = config.http();
        if (http.net() == Network.UNIX) {
            throw new IOException("http.net: unix sockets are not supported yet; use tcp");
        }
        HostPort address = HostPort.parse(http.addr(), 5000, "http.addr");
        RegistryServer.Builder builder = RegistryServer.builder(registry)
                .address(address.host(), address.port())
                .prefix(http.prefix())
                .relativeUrls(http.relativeUrls())
                .headers(http.headers())
                .minChunkLength(driver.capabilities().minPartSize())
                .accessController(accessController(config.auth()))
                .readOnly(config.storage().readOnly())
                .accessLog(!config.log().accessLogDisabled())
                .maxThreads(config.limits().threads())
                .maxConcurrentRequests(config.limits().concurrentRequests())
                .manifestMemory(config.limits().manifestMemory())
                .minDataRate(config.limits().minDataRate());
        builder.drainTimeout(http.drainTimeout()); // zero, Go's default: stop at once
        http.secret().ifPresentOrElse(builder::secret, () -> LOG.warn(
                "http.secret is not set: a random one is used, so uploads cannot move between replicas or restarts"));
        http.host().ifPresent(builder::publicHost);
        http.tls().ifPresent(builder::tls);
        config.health().storageDriver().ifPresent(check ->
                health = StorageHealth.start(driver, check.interval(), check.threshold()));
        java.util.function.Supplier<Optional<String>> problem = () -> health == null ? Optional.empty() : health.problem();
        builder.meters(meters).health(problem);
        if (http.debug().isPresent()) {
            HostPort debugAddress = HostPort.parse(http.debug().get().addr(), 5001, "http.debug.addr");
            debug = new DebugServer(debugAddress.host(), debugAddress.port(),
                    http.debug().get().prometheusEnabled() ? Optional.of(http.debug().get().prometheusPath()) : Optional.empty(),
                    meters, problem);
            debug.start();
            LOG.info("debug server (metrics, health) on port {}", debug.port());
        }
        server = builder.build();
        server.start();
        LOG.info("serving the registry API on {} from the {} driver", server.uri(), driver.name());
        UploadPurging purging = config.storage().uploadPurging();
        if (purging.enabled() && !config.storage().readOnly()) {
            maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "stowage-upload-purger");
                t.setDaemon(true);
                return t;
            });
            long interval = purging.interval().toMillis();
            long jitter = Math.min(interval, ThreadLocalRandom.current().nextLong(TimeUnit.MINUTES.toMillis(60)));
            // purge() logs its own failures, so the schedule's future has nothing to tell
            var unused = maintenance.scheduleWithFixedDelay(() -> purge(purging), jitter, interval,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void purge(UploadPurging purging) {
        try {
            UploadPurgeReport report = registry.uploadPurger().purge(purging.age(), purging.dryRun());
            LOG.info("upload purge{}: {} uploads older than {} removed", purging.dryRun() ? " (dry run)" : "",
                    report.count(), purging.age());
            report.errors().forEach(error -> LOG.warn("upload purge: {}", error));
        } catch (IOException | RuntimeException e) {
            LOG.error("upload purge failed", e);
        }
    }

    /** The access controller the {@code auth} section asks for; none when there is none. */
    public static AccessController accessController(Optional<AuthSettings> auth) throws AuthConfigurationException {
        if (auth.isEmpty()) {
            return AccessControllers.none();
        }
        if (auth.get() instanceof AuthSettings.Htpasswd h) {
            return AccessControllers.htpasswd(new HtpasswdSettings(h.realm(), h.path()));
        }
        AuthSettings.Token t = (AuthSettings.Token) auth.get();
        return AccessControllers.token(new TokenSettings(t.realm(), t.service(), t.issuer(),
                t.rootCertBundle().orElse(null), t.jwks(), t.autoRedirect()));
    }

    /** The configuration this registry was made from. */
    public ServerConfig config() {
        return config;
    }

    /** The configured registry. */
    public Registry registry() {
        return registry;
    }

    /** The configured driver. */
    public StorageDriver driver() {
        return driver;
    }

    /** The base URL the API is served at; only after {@link #serve()}. */
    public URI uri() {
        if (server == null) {
            throw new IllegalStateException("not serving; call serve() first");
        }
        return server.uri();
    }

    /** The port of the debug server (metrics, health); only when {@code http.debug} is configured and serving. */
    public Optional<Integer> debugPort() {
        return Optional.ofNullable(debug).map(DebugServer::port);
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        if (server != null) {
            server.join();
        }
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
        if (health != null) {
            health.close();
        }
        if (debug != null) {
            try {
                debug.close();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                failure = e;
            }
        }
        try {
            registry.close();
        } finally {
            driver.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A {@code host:port} address as the Go registry writes it: {@code :5000}, {@code localhost:5000}, {@code [::1]:5000}. */
    record HostPort(String host, int port) {
        static HostPort parse(String address, int defaultPort, String key) {
            String value = address.trim();
            int colon = value.lastIndexOf(':');
            if (colon < 0 || value.endsWith("]")) {
                return new HostPort(unbracket(value), defaultPort);
            }
            String host = unbracket(value.substring(0, colon));
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(host.isEmpty() ? null : host, port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": \"" + address + "\" is not host:port with a port from 0 to 65535");
            }
        }

        private static String unbracket(String host) {
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }
    }
}
