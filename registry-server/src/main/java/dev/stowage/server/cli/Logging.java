package dev.stowage.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.server.config.LogFormatter;
import dev.stowage.server.config.LogSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code log} section to Logback: the level, one line per event on standard error,
 * as text ({@code time level logger - message key=value…}) or JSON (one object per line, with the
 * configured {@code fields}).
 */
final class Logging {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Logging() {}

    static void configure(LogSettings settings) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(settings.formatter() == LogFormatter.TEXT ? text(context, settings.fields())
                : json(context, settings.fields()));
        console.start();
        root.addAppender(console);
        root.setLevel(level(settings));
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    }

    private static Level level(LogSettings settings) {
        return switch (settings.level()) {
            case ERROR -> Level.ERROR;
            case WARN -> Level.WARN;
            case INFO -> Level.INFO;
            case DEBUG -> Level.DEBUG;
        };
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context, Map<String, Object> fields) {
        StringBuilder suffix = new StringBuilder();
        fields.forEach((key, value) -> suffix.append(' ').append(key).append('=').append(value));
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level %logger{30} - %msg"
                + suffix.toString().replace("%", "\\%") + "%n%ex");
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context, Map<String, Object> fields) {
        JsonLines encoder = new JsonLines(fields);
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    /** One JSON object per event: time, level, logger, message, the static fields, and any error. */
    private static final class JsonLines extends EncoderBase<ILoggingEvent> {
        private final Map<String, Object> fields;

        JsonLines(Map<String, Object> fields) {
            this.fields = fields;
        }

        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            ObjectNode line = JSON.createObjectNode();
            line.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            line.put("level", event.getLevel().toString().toLowerCase(java.util.Locale.ROOT));
            line.put("logger", event.getLoggerName());
            line.put("msg", event.getFormattedMessage());
            fields.forEach((key, value) -> line.set(key, JSON.valueToTree(value)));
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                line.put("error", ThrowableProxyUtil.asString(error));
            }
            try {
                return (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            } catch (JsonProcessingException e) {
                return (event.getFormattedMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            }
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }
}
