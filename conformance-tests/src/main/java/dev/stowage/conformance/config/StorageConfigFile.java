package dev.stowage.conformance.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.StorageConfig;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that parses YAML config text (issue 2: "Parsing YAML text stays outside
 * driver-spi, in one place that the runner and later the registry share"). It reads a file shaped
 * like the Go registry's {@code config.yml} with Jackson YAML and hands its {@code storage:} map
 * to {@link StorageDrivers#parseConfig}. It lives in its own package so that it can move to a
 * shared module when the registry arrives.
 */
public final class StorageConfigFile {

    private StorageConfigFile() {}

    /**
     * Reads {@code file} and resolves its {@code storage:} section with the {@code environment}
     * overrides ({@code STOWAGE_STORAGE_<DRIVER>_<PARAM>}).
     *
     * @throws InvalidParameterException if the file has no {@code storage:} map or the section is
     *     invalid; the message names the file
     * @throws IOException if the file cannot be read or is not YAML; the message names the file
     */
    public static StorageConfig read(Path file, Map<String, String> environment) throws IOException {
        return StorageDrivers.parseConfig(storageSection(file), environment);
    }

    /** The {@code storage:} map of {@code file}, as parsed. */
    public static Map<String, Object> storageSection(Path file) throws IOException {
        Object root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readValue(Files.readAllBytes(file), Object.class);
        } catch (IOException e) {
            throw new IOException("cannot read config " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new InvalidParameterException(null, null, "config " + file + " is not a YAML map with a 'storage:' key");
        }
        Object storage = top.get("storage");
        if (!(storage instanceof Map<?, ?> section)) {
            throw new InvalidParameterException(null, null, "config " + file
                    + (storage == null ? " has no 'storage:' section" : " has a 'storage:' value that is not a map"));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        section.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
