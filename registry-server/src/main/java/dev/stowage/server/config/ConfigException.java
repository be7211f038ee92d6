package dev.stowage.server.config;

import java.util.Optional;

/**
 * A configuration that cannot be used: unreadable file, malformed YAML, unsupported version, unknown
 * key, wrong value, or an environment variable that names an unknown key or holds a wrong value.
 *
 * <p>The message always starts with the source (the file name given to {@link ServerConfigs}) and,
 * when the problem is at a key, names the key path in the file's dotted form
 * ({@code http.tls.certificate}, {@code health.file[0]}) and the line; when the value came from the
 * environment it names the variable instead of the line, e.g.
 * {@code config.yml: environment variable REGISTRY_HTTP_ADR: http.adr: unknown key (known: addr, ...)}.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String keyPath;

    ConfigException(String source, String keyPath, String message) {
        super(message);
        this.source = source;
        this.keyPath = keyPath;
    }

    ConfigException(String source, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.keyPath = null;
    }

    /** The file (or other source name) the configuration came from. */
    public String source() {
        return source;
    }

    /** The dotted key path the problem is at, when it is at a key. */
    public Optional<String> keyPath() {
        return Optional.ofNullable(keyPath);
    }
}
