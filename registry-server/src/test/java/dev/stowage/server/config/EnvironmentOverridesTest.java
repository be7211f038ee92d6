package dev.stowage.server.config;

import static dev.stowage.server.config.ConfigFixtures.parse;
import static dev.stowage.server.config.ConfigFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentOverridesTest {

    private static final String DEBIAN = resource("debian-config.yml");

    @Test
    void registryPrefixOverridesAFileValue() throws ConfigException {
        ServerConfig config = parse(DEBIAN, Map.of("REGISTRY_HTTP_ADDR", ":6000"));

        assertThat(config.http().addr()).isEqualTo(":6000");
    }

    @Test
    void stowagePrefixOverridesAFileValue() throws ConfigException {
        ServerConfig config = parse(DEBIAN, Map.of("STOWAGE_HTTP_SECRET", "s3cr3t"));

        assertThat(config.http().secret()).contains("s3cr3t");
    }

    @Test
    void stowagePrefixWinsOverRegistryPrefixForTheSameKey() throws ConfigException {
        ServerConfig config = parse(DEBIAN, Map.of("REGISTRY_HTTP_ADDR", ":6000", "STOWAGE_HTTP_ADDR", ":7000"));

        assertThat(config.http().addr()).isEqualTo(":7000");
    }

    @Test
    void valuesAreReadAsYamlSoBooleansAndNumbersBind() throws ConfigException {
        ServerConfig config = parse(DEBIAN, Map.of(
                "REGISTRY_STORAGE_DELETE_ENABLED", "false",
                "REGISTRY_HEALTH_STORAGEDRIVER_THRESHOLD", "5",
                "REGISTRY_HTTP_SECRET", "0123"));

        assertThat(config.storage().deleteEnabled()).isFalse();
        assertThat(config.health().storageDriver().orElseThrow().threshold()).isEqualTo(5);
        assertThat(config.http().secret()).contains("0123");
    }

    @Test
    void aNewSectionCanBeCreatedFromTheEnvironment() throws ConfigException {
        ServerConfig config = parse(DEBIAN, Map.of(
                "REGISTRY_REDIS_ADDR", "redis:6379",
                "REGISTRY_REDIS_POOL_MAXACTIVE", "8",
                "REGISTRY_AUTH_HTPASSWD_PATH", "/etc/registry/htpasswd"));

        assertThat(config.redis().orElseThrow().addr()).isEqualTo("redis:6379");
        assertThat(config.redis().orElseThrow().pool().maxActive()).isEqualTo(8);
        assertThat(config.auth()).contains(new AuthSettings.Htpasswd("basic-realm", Path.of("/etc/registry/htpasswd")));
    }

    @Test
    void driverParametersAreMatchedIgnoringCaseAndNewOnesAreLowerCase() throws ConfigException {
        ServerConfig config = parse(DEBIAN, Map.of(
                "REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", "/srv/registry",
                "REGISTRY_STORAGE_FILESYSTEM_MAXTHREADS", "50"));

        assertThat(config.storage().parameters()).containsExactly(
                Map.entry("rootdirectory", "/srv/registry"), Map.entry("maxthreads", "50"));
    }

    @Test
    void registryStorageSwitchesTheDriverAndReplacesTheWholeSectionAsGoDoes() throws ConfigException {
        ServerConfig config = parse(DEBIAN, Map.of(
                "REGISTRY_STORAGE", "s3",
                "REGISTRY_STORAGE_S3_REGION", "eu-west-1",
                "REGISTRY_STORAGE_S3_BUCKET", "images"));

        assertThat(config.storage().driver()).isEqualTo("s3");
        assertThat(config.storage().parameters()).containsExactly(
                Map.entry("bucket", "images"), Map.entry("region", "eu-west-1"));
        assertThat(config.storage().deleteEnabled()).as("the file's storage.delete went with the section").isFalse();
        assertThat(config.storage().blobDescriptorCache()).isEqualTo(BlobDescriptorCache.NONE);
        assertThat(config.warnings()).containsExactly(
                "environment variable REGISTRY_STORAGE replaces the whole `storage` section of the file,"
                        + " as the Go registry does");
    }

    @Test
    void addingASecondDriverFromTheEnvironmentFailsNamingTheVariable() {
        assertThatThrownBy(() -> parse(DEBIAN, Map.of("REGISTRY_STORAGE_S3_REGION", "eu-west-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.yml, environment variable REGISTRY_STORAGE_S3_REGION: storage:"
                        + " exactly one storage driver must be configured, found filesystem, s3");
    }

    @Test
    void anExistingHeaderIsMatchedIgnoringCaseAndKeepsItsName() throws ConfigException {
        ServerConfig config = parse(DEBIAN, Map.of(
                "REGISTRY_HTTP_HEADERS_X-CONTENT-TYPE-OPTIONS", "[nosniff, other]",
                "REGISTRY_HTTP_HEADERS_X-FRAME-OPTIONS", "[DENY]"));

        assertThat(config.http().headers()).containsExactly(
                Map.entry("X-Content-Type-Options", List.of("nosniff", "other")),
                Map.entry("x-frame-options", List.of("DENY")));
    }

    @Test
    void aListElementIsSetOrAppendedByIndex() throws ConfigException {
        String yaml = ConfigFixtures.minimal("validation:\n  manifests:\n    urls:\n      allow: ['^https://a/']\n");

        ServerConfig config = parse(yaml, Map.of(
                "REGISTRY_VALIDATION_MANIFESTS_URLS_ALLOW_0", "^https://b/",
                "REGISTRY_VALIDATION_MANIFESTS_URLS_ALLOW_1", "^https://c/"));

        assertThat(config.validation().manifestUrlsAllow()).containsExactly("^https://b/", "^https://c/");
    }

    @Test
    void anUnknownKeyInAVariableFailsNamingTheVariable() {
        assertThatThrownBy(() -> parse(DEBIAN, Map.of("REGISTRY_HTTP_ADR", ":6000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config.yml, environment variable REGISTRY_HTTP_ADR: http.adr: unknown key (known: addr, net,");
    }

    @Test
    void aWrongValueInAVariableFailsNamingTheVariable() {
        assertThatThrownBy(() -> parse(DEBIAN, Map.of("STOWAGE_STORAGE_DELETE_ENABLED", "maybe")))
                .hasMessage("config.yml, environment variable STOWAGE_STORAGE_DELETE_ENABLED: storage.delete.enabled:"
                        + " expected true or false, found a string \"maybe\"");
    }

    @Test
    void aVariableNamingNoSectionIsIgnoredWithAWarningAsGoDoes() throws ConfigException {
        ServerConfig config = parse(DEBIAN, Map.of(
                "REGISTRY_PORT", "tcp://10.0.0.1:5000",
                "REGISTRY_CONFIGURATION_PATH", "/etc/docker/registry/config.yml",
                "OTHER_HTTP_ADDR", ":1"));

        assertThat(config.http().addr()).isEqualTo(":5000");
        assertThat(config.warnings()).containsExactly(
                "environment variable REGISTRY_PORT names no configuration section and is ignored");
    }

    @Test
    void settingAKeyUnderAValueFails() {
        assertThatThrownBy(() -> parse(DEBIAN, Map.of("REGISTRY_HTTP_ADDR_PORT", "1")))
                .hasMessageContaining("environment variable REGISTRY_HTTP_ADDR_PORT: http.addr: is a string,"
                        + " so port cannot be set under it");
    }

    @Test
    void theDefaultsTakeOverridesToo(@TempDir Path dir) throws ConfigException {
        ServerConfig config = ServerConfigs.defaults(dir, Map.of("REGISTRY_HTTP_ADDR", "0.0.0.0:5000"));

        assertThat(config.http().addr()).isEqualTo("0.0.0.0:5000");
        assertThat(config.storage().driver()).isEqualTo("filesystem");
    }

    @Test
    void anOverrideUnderAnAliasLeavesTheOtherUsesOfTheAnchorAlone() throws ConfigException {
        String yaml = ConfigFixtures.minimal("http:\n  headers:\n    X-A: &v [one]\n    X-B: *v\n    X-C: *v\n");

        ServerConfig config = parse(yaml, Map.of("REGISTRY_HTTP_HEADERS_X-B_0", "two"));

        assertThat(config.http().headers()).containsExactly(
                Map.entry("X-A", List.of("one")), Map.entry("X-B", List.of("two")), Map.entry("X-C", List.of("one")));
    }
}
