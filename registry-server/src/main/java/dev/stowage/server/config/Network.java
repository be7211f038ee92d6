package dev.stowage.server.config;

/** {@code http.net}: a TCP address ({@code host:port}, the default) or a Unix socket path. */
public enum Network {
    TCP, UNIX
}
