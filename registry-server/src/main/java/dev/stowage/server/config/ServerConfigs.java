package dev.stowage.server.config;

import dev.stowage.server.config.YamlNode.Mapping;
import dev.stowage.server.config.YamlNode.Scalar;
import dev.stowage.server.config.YamlNode.ScalarKind;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a Go registry {@code config.yml} (version 0.1, as distribution 2.8 documents it) into a
 * {@link ServerConfig}, so that a Go registry deployment moves over without edits.
 *
 * <p>The contract:
 * <ul>
 *   <li>Every key the Go registry knows is accepted. Keys for features this server does not have
 *       yet (e.g. {@code notifications}, {@code proxy}, {@code middleware}) are accepted and each
 *       named in {@link ServerConfig#warnings()}, never dropped silently.</li>
 *   <li>An unknown key, a value of the wrong type or out of range, two storage drivers, two access
 *       controllers, a regular expression that does not compile, or a version other than
 *       {@code 0.1} fails with a {@link ConfigException} naming the source, the key path and what was
 *       expected. (The Go registry ignores unknown keys; this parser does not.)</li>
 *   <li>Environment overrides follow Go's {@code configuration/parser.go}: {@code REGISTRY_A_B_C=v}
 *       sets key {@code a.b.c} to the YAML value {@code v}; variables are applied in lexical order
 *       (so {@code REGISTRY_STORAGE=s3}, which replaces the whole storage section as in Go, comes
 *       before {@code REGISTRY_STORAGE_S3_REGION}); path parts match existing keys ignoring case,
 *       and a new key is the part in lower case; a numeric part indexes a list (its length appends).
 *       The same with prefix {@code STOWAGE_}, which wins over {@code REGISTRY_} for the same
 *       name. A variable naming an unknown key below a section fails like a file key, naming the
 *       variable; one naming no section at all (e.g. Kubernetes' {@code REGISTRY_PORT}) is ignored
 *       with a warning, as Go does; {@code *_CONFIGURATION_PATH} and {@code *_VERSION} are not
 *       overrides.</li>
 * </ul>
 * The environment is passed in; nothing here reads the process environment or the files the
 * configuration names.
 */
public final class ServerConfigs {

    private ServerConfigs() {
    }

    /**
     * Reads {@code file} (UTF-8) and applies {@code environment}.
     *
     * @param file the configuration file; its file name is the source name in messages
     * @param environment variables, e.g. {@code System.getenv()}; only {@code REGISTRY_*} and
     *     {@code STOWAGE_*} ones are read
     * @throws ConfigException when the file cannot be read or the configuration is not valid
     */
    public static ServerConfig load(Path file, Map<String, String> environment) throws ConfigException {
        Objects.requireNonNull(file, "file");
        String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(source, source + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(source, source + ": cannot read " + file + ": " + e, e);
        }
        return parse(text, environment, source);
    }

    /**
     * Parses {@code yaml} and applies {@code environment}.
     *
     * @param sourceName how messages name the text, e.g. {@code config.yml}
     * @throws ConfigException when the configuration is not valid
     */
    public static ServerConfig parse(String yaml, Map<String, String> environment, String sourceName)
            throws ConfigException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(sourceName, "sourceName");
        Binding binding = new Binding(sourceName);
        YamlNode root;
        try {
            root = YamlReader.read(yaml);
        } catch (YamlReader.YamlException e) {
            throw binding.error("", e.line(), e.getMessage());
        }
        return bind(root, environment, binding);
    }

    /**
     * {@link ServerConfig#defaults(Path)} with {@code environment} applied over it, for running
     * without a configuration file.
     *
     * @throws ConfigException when a variable names an unknown key or holds a wrong value
     */
    public static ServerConfig defaults(Path workingDirectory, Map<String, String> environment) throws ConfigException {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(environment, "environment");
        String root = workingDirectory.toAbsolutePath().normalize().resolve(ServerConfig.DEFAULT_DATA_FOLDER).toString();
        Mapping document = new Mapping(0);
        put(document, "version", scalar("0.1"));
        Mapping storage = put(document, "storage", new Mapping(0));
        put(put(storage, "filesystem", new Mapping(0)), "rootdirectory", scalar(root));
        put(put(storage, "cache", new Mapping(0)), "blobdescriptor", scalar("inmemory"));
        put(put(document, "http", new Mapping(0)), "addr", scalar(ServerConfig.DEFAULT_ADDR));
        return bind(document, environment, new Binding("built-in defaults"));
    }

    private static ServerConfig bind(YamlNode root, Map<String, String> environment, Binding binding)
            throws ConfigException {
        if (!(root instanceof Mapping document)) {
            if (YamlNode.isEmpty(root)) {
                throw binding.error("", 0, "empty configuration (expected at least version and storage)");
            }
            throw binding.error("", root.line(), "expected a map of sections, found " + root.describe());
        }
        ConfigBinder.checkVersion(document, binding);
        EnvironmentOverrides.apply(document, environment, binding);
        return ConfigBinder.bind(document, binding);
    }

    private static Scalar scalar(String text) {
        return new Scalar(text, ScalarKind.STRING, 0);
    }

    private static <T extends YamlNode> T put(Mapping mapping, String key, T value) {
        mapping.entries().put(key, value);
        return value;
    }
}
