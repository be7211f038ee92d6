package dev.stowage.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.server.config.LogFormatter;
import dev.stowage.server.config.LogLevel;
import dev.stowage.server.config.LogSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The {@code log} section applied: level, text or JSON lines, static fields. */
class LoggingTest {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() throws Exception {
        System.setErr(original);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    private String logged(LogSettings settings) {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Logging.configure(settings);
        org.slf4j.Logger log = LoggerFactory.getLogger("dev.stowage.test");
        log.debug("hidden at info");
        log.info("pushed {}", "library/app");
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonFormatterWritesOneObjectPerLineWithTheConfiguredFields() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("service", "registry");
        fields.put("environment", "test");
        String out = logged(new LogSettings(LogLevel.INFO, LogFormatter.JSON, fields, false));
        String[] lines = out.strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        assertThat(line.path("msg").asText()).isEqualTo("pushed library/app");
        assertThat(line.path("level").asText()).isEqualTo("info");
        assertThat(line.path("logger").asText()).isEqualTo("dev.stowage.test");
        assertThat(line.path("service").asText()).isEqualTo("registry");
        assertThat(line.path("environment").asText()).isEqualTo("test");
        assertThat(line.path("time").asText()).endsWith("Z");
    }

    @Test
    void textFormatterAtDebugShowsDebugLinesWithTheFields() {
        String out = logged(new LogSettings(LogLevel.DEBUG, LogFormatter.TEXT, Map.of("service", "registry"), false));
        assertThat(out).contains("DEBUG dev.stowage.test - hidden at info service=registry")
                .contains("INFO  dev.stowage.test - pushed library/app service=registry");
    }
}
