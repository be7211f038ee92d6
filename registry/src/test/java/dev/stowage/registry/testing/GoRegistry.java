package dev.stowage.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Go reference registry (Debian's {@code docker-registry}, distribution 2.8.2), one process
 * per {@link #start} call: found on {@code PATH} or in {@code /usr/bin} (installed with
 * {@code apt-get install -y docker-registry} when missing), configured by a file written here —
 * never the package's own, which listens on every interface — to serve the filesystem root the
 * test gives on {@code 127.0.0.1} and a free port, deletes enabled, upload purging off, the blob
 * descriptor cache as asked, and then started with {@code docker-registry serve <config>} and
 * awaited until {@code GET /v2/} answers 200. {@link #stop()} (or {@link #close()}, or a shutdown
 * hook) ends it. Config and log are under {@code target/fixtures/go-registry-<port>.*}.
 */
public final class GoRegistry implements AutoCloseable {

    /** Which blob descriptor cache the Go registry uses ({@code storage.cache.blobdescriptor}). */
    public enum Cache {
        /** No cache section: every stat goes to storage. */
        NONE,
        /** {@code blobdescriptor: inmemory}. */
        INMEMORY,
        /** {@code blobdescriptor: redis}, with the {@code redis} section from the options. */
        REDIS
    }

    /**
     * How to run the registry.
     *
     * @param cache the blob descriptor cache
     * @param redisAddress {@code host:port} of Redis, required for {@link Cache#REDIS}
     * @param redisDatabase the Redis database number
     * @param secret {@code http.secret}, which keys the HMAC of upload states: give two registries
     *     the same one to let them resume each other's uploads
     */
    public record Options(Cache cache, Optional<String> redisAddress, int redisDatabase, String secret) {

        public Options {
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(redisAddress, "redisAddress");
            Objects.requireNonNull(secret, "secret");
            if (cache == Cache.REDIS && redisAddress.isEmpty()) {
                throw new IllegalArgumentException("a Redis cache needs a Redis address");
            }
            if (secret.isEmpty() || secret.contains("\"") || secret.contains("\\") || secret.contains("\n")) {
                throw new IllegalArgumentException("the secret must be non-empty plain text");
            }
        }

        /** No cache, secret {@code stowage-test-secret}. */
        public static Options defaults() {
            return new Options(Cache.NONE, Optional.empty(), 0, "stowage-test-secret");
        }

        public Options withInMemoryCache() {
            return new Options(Cache.INMEMORY, redisAddress, redisDatabase, secret);
        }

        /** A Redis cache on {@code host:port}, database 0. */
        public Options withRedisCache(String address) {
            return new Options(Cache.REDIS, Optional.of(address), redisDatabase, secret);
        }

        /** A Redis cache on the JVM's {@link RedisServer}. */
        public Options withRedisCache(RedisServer redis) {
            return withRedisCache(redis.address());
        }

        public Options withRedisDatabase(int database) {
            return new Options(cache, redisAddress, database, secret);
        }

        public Options withSecret(String value) {
            return new Options(cache, redisAddress, redisDatabase, value);
        }
    }

    private final Process process;
    private final Path root;
    private final int port;
    private final Path config;
    private final Path log;
    private final Thread hook;

    private GoRegistry(Process process, Path root, int port, Path config, Path log) {
        this.process = process;
        this.root = root;
        this.port = port;
        this.config = config;
        this.log = log;
        this.hook = new Thread(() -> NativeTools.stop(process), "go-registry-stop-" + port);
    }

    /** The {@code docker-registry} binary, found or installed. */
    public static Path binary() {
        return NativeTools.findOrInstall("docker-registry", "docker-registry");
    }

    /** Starts a registry serving {@code root} (created if missing) with default options. */
    public static GoRegistry start(Path root) {
        return start(root, Options.defaults());
    }

    /** Starts a registry serving {@code root} (created if missing). */
    public static GoRegistry start(Path root, Options options) {
        Path binary = binary();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = NativeTools.freePort();
            Path config = NativeTools.logDirectory().resolve("go-registry-" + port + ".yml");
            Path log = NativeTools.logDirectory().resolve("go-registry-" + port + ".log");
            try {
                Files.createDirectories(root);
                Files.writeString(config, config(root, port, options));
                Process process = new ProcessBuilder(List.of(binary.toString(), "serve", config.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                process.getOutputStream().close();
                GoRegistry registry = new GoRegistry(process, root.toAbsolutePath(), port, config, log);
                Runtime.getRuntime().addShutdownHook(registry.hook);
                if (registry.awaitReady(Duration.ofSeconds(30))) {
                    return registry;
                }
                registry.stop();
                last = new IllegalStateException(binary + " serve " + config + " did not answer GET /v2/ on 127.0.0.1:" + port
                        + " within 30 s" + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")")
                        + "; log " + log + ":\n" + NativeTools.tail(log, 3000));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + binary + " with " + config, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting docker-registry", e);
            }
        }
        throw last;
    }

    /**
     * Runs the Go registry's own offline garbage collector on {@code root} ({@code docker-registry
     * garbage-collect [--delete-untagged] [--dry-run] config.yml}) and returns what it printed.
     */
    public static String garbageCollect(Path root, boolean deleteUntagged, boolean dryRun)
            throws IOException, InterruptedException {
        Path config = Files.createTempFile(NativeTools.logDirectory(), "go-gc-", ".yml");
        Files.writeString(config, config(root, NativeTools.freePort(), Options.defaults()));
        List<String> command = new java.util.ArrayList<>(List.of(binary().toString(), "garbage-collect"));
        if (deleteUntagged) {
            command.add("--delete-untagged");
        }
        if (dryRun) {
            command.add("--dry-run");
        }
        command.add(config.toString());
        return NativeTools.run(command, java.util.Map.of(), NativeTools.logDirectory().resolve("go-gc.log"), 300);
    }

    /** The configuration file's text, as in {@code EMULATORS.md}. */
    static String config(Path root, int port, Options options) {
        StringBuilder yaml = new StringBuilder()
                .append("version: 0.1\n")
                .append("log: {level: warn, accesslog: {disabled: true}}\n")
                .append("storage:\n")
                .append("  filesystem: {rootdirectory: \"").append(root.toAbsolutePath()).append("\"}\n")
                .append("  delete: {enabled: true}\n")
                .append("  maintenance: {uploadpurging: {enabled: false}}\n");
        switch (options.cache()) {
            case INMEMORY -> yaml.append("  cache: {blobdescriptor: inmemory}\n");
            case REDIS -> yaml.append("  cache: {blobdescriptor: redis}\n");
            case NONE -> { }
        }
        yaml.append("http: {addr: \"127.0.0.1:").append(port).append("\", secret: \"").append(options.secret()).append("\"}\n");
        if (options.cache() == Cache.REDIS) {
            yaml.append("redis: {addr: \"").append(options.redisAddress().orElseThrow()).append("\", db: ")
                    .append(options.redisDatabase()).append(", dialtimeout: 2s, readtimeout: 2s, writetimeout: 2s}\n");
        }
        yaml.append("health: {storagedriver: {enabled: false}}\n");
        return yaml.toString();
    }

    private boolean awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(baseUri().resolve("/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code 127.0.0.1:PORT}, as a {@code docker://} reference starts. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The storage root it serves. */
    public Path root() {
        return root;
    }

    public Path configFile() {
        return config;
    }

    public Path log() {
        return log;
    }

    /** Ends the registry (idempotent). */
    public void stop() {
        NativeTools.stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    @Override
    public void close() {
        stop();
    }
}
