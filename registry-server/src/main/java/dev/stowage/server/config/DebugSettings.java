package dev.stowage.server.config;

import java.util.Objects;

/**
 * {@code http.debug}, present only when {@code addr} is set (Go starts no debug server without it).
 *
 * @param addr the debug server's address
 * @param prometheusEnabled {@code prometheus.enabled}: serve metrics on the debug server
 * @param prometheusPath {@code prometheus.path}, default {@code /metrics}
 */
public record DebugSettings(String addr, boolean prometheusEnabled, String prometheusPath) {

    public DebugSettings {
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(prometheusPath, "prometheusPath");
    }
}
