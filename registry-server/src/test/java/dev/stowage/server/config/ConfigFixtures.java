package dev.stowage.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test resources and a short way to parse text. */
final class ConfigFixtures {

    private ConfigFixtures() {
    }

    static String resource(String name) {
        try (InputStream in = ConfigFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServerConfig parse(String yaml) throws ConfigException {
        return ServerConfigs.parse(yaml, Map.of(), "config.yml");
    }

    static ServerConfig parse(String yaml, Map<String, String> environment) throws ConfigException {
        return ServerConfigs.parse(yaml, environment, "config.yml");
    }

    /** A valid minimal document followed by {@code more} (top-level keys). */
    static String minimal(String more) {
        return "version: 0.1\nstorage:\n  inmemory:\n" + more;
    }
}
