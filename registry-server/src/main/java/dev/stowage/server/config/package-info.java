/**
 * The registry server's configuration: the Go registry's {@code config.yml} (version 0.1) and its
 * {@code REGISTRY_*} environment overrides (plus {@code STOWAGE_*}), read by
 * {@link dev.stowage.server.config.ServerConfigs} into an immutable
 * {@link dev.stowage.server.config.ServerConfig}. YAML is read with Jackson's streaming parser into
 * a small tree and bound by hand, so that every error names the key path, the line or the
 * environment variable, and what was expected.
 */
package dev.stowage.server.config;
