package dev.stowage.server.cli;

import dev.stowage.server.config.ConfigException;
import dev.stowage.server.config.ServerConfig;
import dev.stowage.server.config.ServerConfigs;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The configuration every command reads: a Go-registry {@code config.yml} (the argument, else
 * {@code REGISTRY_CONFIGURATION_PATH} or {@code STOWAGE_CONFIGURATION_PATH}, else the embedded
 * default: a filesystem root {@code registry-data} in the working directory on
 * {@code localhost:5000}), environment overrides, and a folder of plugin driver jars.
 */
final class ConfigOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "config.yml",
            description = "The Go registry's config.yml (version 0.1). Without one: a filesystem root ./registry-data"
                    + " served on localhost:5000.")
    Path file;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "A folder of driver jars, found through ServiceLoader (default: ./plugins when it exists,"
                    + " or STOWAGE_PLUGINS).")
    Path plugins;

    /** The configuration, with the environment applied. */
    ServerConfig load(Map<String, String> environment) throws ConfigException {
        Optional<Path> path = Optional.ofNullable(file)
                .or(() -> Optional.ofNullable(environment.get("STOWAGE_CONFIGURATION_PATH")).map(Path::of))
                .or(() -> Optional.ofNullable(environment.get("REGISTRY_CONFIGURATION_PATH")).map(Path::of));
        if (path.isPresent()) {
            return ServerConfigs.load(path.get(), environment);
        }
        return ServerConfigs.defaults(Path.of("").toAbsolutePath(), environment);
    }

    /** The class loader drivers are found in: the application's, plus the plugin folder's jars. */
    ClassLoader drivers(Map<String, String> environment) throws IOException {
        ClassLoader application = ConfigOptions.class.getClassLoader();
        Path folder = plugins != null ? plugins
                : environment.containsKey("STOWAGE_PLUGINS") ? Path.of(environment.get("STOWAGE_PLUGINS"))
                : Path.of("plugins");
        if (!Files.isDirectory(folder)) {
            if (plugins != null || environment.containsKey("STOWAGE_PLUGINS")) {
                throw new IOException("plugin folder " + folder.toAbsolutePath() + " does not exist");
            }
            return application;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path jar : entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(toUrl(jar));
            }
        }
        return jars.isEmpty() ? application : new URLClassLoader(jars.toArray(new URL[0]), application);
    }

    private static URL toUrl(Path jar) throws MalformedURLException {
        return jar.toAbsolutePath().toUri().toURL();
    }
}
