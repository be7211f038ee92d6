package dev.stowage.server.config;

/** The log levels of the Go registry's {@code log.level} (and deprecated {@code loglevel}). */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG
}
