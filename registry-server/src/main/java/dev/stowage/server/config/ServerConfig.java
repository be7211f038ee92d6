package dev.stowage.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry server's whole configuration, as read from a Go registry {@code config.yml}
 * (version 0.1) and the environment by {@link ServerConfigs}, or as {@link #defaults(Path)}.
 * Immutable.
 *
 * @param log the {@code log} section
 * @param storage the {@code storage} section
 * @param http the {@code http} section
 * @param auth the {@code auth} section's access controller, if any
 * @param redis the {@code redis} section, if it has an address
 * @param health the {@code health} section
 * @param validation the {@code validation} section
 * @param limits the {@code stowage.limits} section (Stowage's own; the Go registry ignores it)
 * @param warnings one sentence for each key that was accepted but changes nothing (sections not
 *     supported yet, deprecated keys, environment variables ignored), in the order met; the server
 *     should log them
 */
public record ServerConfig(
        LogSettings log,
        StorageSettings storage,
        HttpSettings http,
        Optional<AuthSettings> auth,
        Optional<RedisSettings> redis,
        HealthSettings health,
        ValidationSettings validation,
        LimitSettings limits,
        List<String> warnings) {

    /** The folder under the working directory that {@link #defaults(Path)} stores into. */
    public static final String DEFAULT_DATA_FOLDER = "registry-data";

    /** The listen address of {@link #defaults(Path)}: local connections only. */
    public static final String DEFAULT_ADDR = "localhost:5000";

    public ServerConfig {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(limits, "limits");
        warnings = List.copyOf(warnings);
    }

    /**
     * What the server runs with when no configuration file is given: the {@code filesystem} driver
     * with {@code rootdirectory} = {@code workingDirectory/registry-data} (absolute), listening on
     * {@code localhost:5000}, an in-memory blob descriptor cache, deletes off, redirects on, upload
     * purging per Go's defaults, info logging, no auth, no TLS. The environment is not read; for
     * defaults with environment overrides use {@link ServerConfigs#defaults(Path, Map)}.
     */
    public static ServerConfig defaults(Path workingDirectory) {
        try {
            return ServerConfigs.defaults(workingDirectory, Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in defaults do not bind: " + e.getMessage(), e);
        }
    }
}
