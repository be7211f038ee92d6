package dev.stowage.server.http;

import dev.stowage.registry.Registry;
import dev.stowage.server.auth.AccessController;
import dev.stowage.server.auth.AccessControllers;
import dev.stowage.server.config.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The OCI distribution API (v1.1) over HTTP, served from a {@link Registry}: blobs, uploads,
 * manifests, tags, the catalog and referrers, with the status codes, headers and error bodies of
 * the specification and the Docker registry behaviours clients rely on.
 *
 * <pre>{@code
 * try (RegistryServer server = RegistryServer.builder(registry).address("localhost", 5000).build()) {
 *     server.start();
 *     server.join();
 * }
 * }</pre>
 *
 * <p>Requests run on a bounded thread pool; request bodies stream to storage as they arrive.
 * The server does not own the registry.
 */
public final class RegistryServer implements AutoCloseable {

    /**
     * Bytes read from a connection per call (Jetty's default is 8 KiB): a blob upload then costs an
     * eighth of the read calls and of the hand-offs into the upload writer.
     */
    static final int INPUT_BUFFER_SIZE = 64 << 10;

    private final Server server;
    private final ServerConnector connector;
    private final String prefix;
    private final boolean secure;

    private RegistryServer(Builder b) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(b.maxThreads, Math.min(8, b.maxThreads));
        threads.setName("stowage-http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        secure = b.tls.isPresent();
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        h1.setInputBufferSize(INPUT_BUFFER_SIZE);
        if (secure) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, new SslConnectionFactory(TlsContexts.server(b.tls.get()), "http/1.1"), h1);
        } else {
            connector = new ServerConnector(server, h1);
        }
        connector.setHost(b.host);
        connector.setPort(b.port);
        server.addConnector(connector);
        byte[] secret = b.secret.map(UploadState::secret).orElseGet(RegistryServer::randomSecret);
        ApiContext context = new ApiContext(b.registry, b.registry.options(), secret, b.minChunkLength);
        GracefulHandler graceful = new GracefulHandler(new ApiHandler(context, b.prefix, b.publicHost, b.relativeUrls,
                b.headers, b.maxCatalogEntries, b.access, b.readOnly, b.meters, b.health,
                b.maxConcurrentRequests > 0 ? b.maxConcurrentRequests : Math.max(1, b.maxThreads * 3 / 4), b.minDataRate,
                b.manifestMemory));
        server.setHandler(graceful);
        server.setStopTimeout(b.drainTimeout.toMillis());
        if (b.accessLog) {
            server.setRequestLog(new AccessLog());
        }
        server.setStopAtShutdown(false);
        prefix = b.prefix;
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A builder serving {@code registry}. */
    public static Builder builder(Registry registry) {
        return new Builder(registry);
    }

    /** Binds the address and starts serving. */
    public void start() throws Exception {
        server.start();
    }

    /** The port the server listens on (the bound one when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The API's base, such as {@code http://localhost:5000}; append {@code /v2/}. */
    public URI uri() {
        String host = connector.getHost() == null || connector.getHost().isEmpty() ? "localhost" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((secure ? "https" : "http") + "://" + host + ":" + port() + (prefix == null ? "" : prefix));
    }

    /** The bound socket address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost() == null ? "0.0.0.0" : connector.getHost(), port());
    }

    /** Waits until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops serving: no new requests are accepted, and those in flight get the drain timeout to finish. */
    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** What a {@link RegistryServer} is made with. */
    public static final class Builder {
        private final Registry registry;
        private String host = "localhost";
        private int port = 5000;
        private Optional<String> secret = Optional.empty();
        private String prefix = "";
        private Optional<URI> publicHost = Optional.empty();
        private boolean relativeUrls;
        private Map<String, List<String>> headers = Map.of();
        private long minChunkLength;
        private int maxCatalogEntries = 1000;
        private int maxThreads = 200;
        private int maxConcurrentRequests;
        private long minDataRate = 1024;
        private long manifestMemory = 64L << 20;
        private AccessController access = AccessControllers.none();
        private boolean readOnly;
        private Optional<TlsSettings> tls = Optional.empty();
        private boolean accessLog;
        private java.time.Duration drainTimeout = java.time.Duration.ofSeconds(30);
        private MeterRegistry meters = new SimpleMeterRegistry();
        private Supplier<Optional<String>> health = Optional::empty;

        private Builder(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** The interface and port to listen on; {@code null} or empty host for every interface, port 0 for a free one. */
        public Builder address(String host, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
            }
            this.host = host;
            this.port = port;
            return this;
        }

        /**
         * The secret that signs upload state tokens ({@code http.secret}); replicas behind one
         * load balancer, and Go registries sharing the store, must share it. Random by default.
         */
        public Builder secret(String value) {
            this.secret = Optional.of(value).filter(v -> !v.isEmpty());
            return this;
        }

        /** A path prefix the API is served under ({@code http.prefix}), such as {@code /registry}. */
        public Builder prefix(String value) {
            this.prefix = Objects.requireNonNull(value, "prefix");
            return this;
        }

        /** The externally visible base URL for {@code Location} headers ({@code http.host}). */
        public Builder publicHost(URI value) {
            this.publicHost = Optional.of(value);
            return this;
        }

        /** Whether {@code Location} headers are paths only ({@code http.relativeurls}). */
        public Builder relativeUrls(boolean value) {
            this.relativeUrls = value;
            return this;
        }

        /** Headers added to every answer ({@code http.headers}). */
        public Builder headers(Map<String, List<String>> value) {
            this.headers = new LinkedHashMap<>(value);
            return this;
        }

        /** The {@code OCI-Chunk-Min-Length} to announce: the driver's minimum part size; 0 for none. */
        public Builder minChunkLength(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("minChunkLength must not be negative, not " + value);
            }
            this.minChunkLength = value;
            return this;
        }

        /** The largest catalog page a client may ask for ({@code catalog.maxentries}); 1000 by default. */
        public Builder maxCatalogEntries(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxCatalogEntries must be positive, not " + value);
            }
            this.maxCatalogEntries = value;
            return this;
        }

        /** The most requests served at once; 200 by default. */
        public Builder maxThreads(int value) {
            if (value < 8) {
                throw new IllegalArgumentException("maxThreads must be at least 8, not " + value);
            }
            this.maxThreads = value;
            return this;
        }

        /**
         * The most requests that touch storage at once; more are answered at once with 429
         * {@code TOOMANYREQUESTS} and {@code Retry-After}, so that a slow backend never takes every
         * thread (the version check and health stay answered). Three quarters of
         * {@link #maxThreads} by default.
         */
        public Builder maxConcurrentRequests(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConcurrentRequests must be positive, not " + value);
            }
            this.maxConcurrentRequests = value;
            return this;
        }

        /**
         * The slowest a client may send a request body or read an answer, in bytes per second
         * averaged over the request; slower ones are cut off (an upload keeps what arrived).
         * 1 KiB/s by default; 0 for no limit.
         */
        public Builder minDataRate(long bytesPerSecond) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("minDataRate must not be negative, not " + bytesPerSecond);
            }
            this.minDataRate = bytesPerSecond;
            return this;
        }

        /**
         * The most memory manifest bodies being checked may take at once, across all requests: a
         * push takes room for its manifest's declared length (the size limit when undeclared)
         * before reading it, and beyond the room answers 429 {@code TOOMANYREQUESTS}. 64 MiB by
         * default; never less than one manifest of the registry's size limit.
         */
        public Builder manifestMemory(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("manifestMemory must be at least 1 KiB, not " + bytes);
            }
            this.manifestMemory = bytes;
            return this;
        }

        /** Who may do what ({@code auth}); everyone everything by default. */
        public Builder accessController(AccessController value) {
            this.access = Objects.requireNonNull(value, "accessController");
            return this;
        }

        /** Whether writes are refused ({@code storage.maintenance.readonly}). */
        public Builder readOnly(boolean value) {
            this.readOnly = value;
            return this;
        }

        /** Serves HTTPS with these PEM files ({@code http.tls}). */
        public Builder tls(TlsSettings value) {
            this.tls = Optional.of(value);
            return this;
        }

        /**
         * Whether each answered request is logged, one line on the {@code dev.stowage.server.access}
         * logger; off by default ({@code log.accesslog.disabled} inverted).
         */
        public Builder accessLog(boolean value) {
            this.accessLog = value;
            return this;
        }

        /**
         * How long {@link RegistryServer#close()} waits for requests in flight, after it stops
         * accepting new ones ({@code http.draintimeout}); 30 seconds by default.
         */
        public Builder drainTimeout(java.time.Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("drainTimeout must not be negative, not " + value);
            }
            this.drainTimeout = value;
            return this;
        }

        /** Where request timings go (timer {@code stowage.http.requests}); a private registry by default. */
        public Builder meters(MeterRegistry value) {
            this.meters = Objects.requireNonNull(value, "meters");
            return this;
        }

        /**
         * What is wrong with the storage, when anything is: while it says so, every API request is
         * answered 503 and {@code /debug/health} says why, as the Go registry does. Healthy by default.
         */
        public Builder health(Supplier<Optional<String>> value) {
            this.health = Objects.requireNonNull(value, "health");
            return this;
        }

        /**
         * The server, not yet started.
         *
         * @throws IOException if the TLS files cannot be read
         */
        public RegistryServer build() throws IOException {
            return new RegistryServer(this);
        }
    }
}
