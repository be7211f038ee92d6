package dev.stowage.server.config;

/** The Go registry's {@code log.formatter} values: {@code text} (the default), {@code json}, {@code logstash}. */
public enum LogFormatter {
    TEXT, JSON, LOGSTASH
}
