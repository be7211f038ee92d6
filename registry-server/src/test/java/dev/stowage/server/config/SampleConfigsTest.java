package dev.stowage.server.config;

import static dev.stowage.server.config.ConfigFixtures.parse;
import static dev.stowage.server.config.ConfigFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleConfigsTest {

    @Test
    void debiansConfigParsesWithItsValues() throws ConfigException {
        ServerConfig config = parse(resource("debian-config.yml"));

        assertThat(config.log().fields()).containsExactly(Map.entry("service", "registry"));
        assertThat(config.log().level()).isEqualTo(LogLevel.INFO);
        assertThat(config.storage().driver()).isEqualTo("filesystem");
        assertThat(config.storage().parameters()).containsExactly(Map.entry("rootdirectory", "/var/lib/docker-registry"));
        assertThat(config.storage().blobDescriptorCache()).isEqualTo(BlobDescriptorCache.INMEMORY);
        assertThat(config.storage().deleteEnabled()).isTrue();
        assertThat(config.storage().redirectDisabled()).isFalse();
        assertThat(config.storage().uploadPurging()).isEqualTo(UploadPurging.GO_DEFAULTS);
        assertThat(config.http().addr()).isEqualTo(":5000");
        assertThat(config.http().net()).isEqualTo(Network.TCP);
        assertThat(config.http().headers()).containsExactly(Map.entry("X-Content-Type-Options", List.of("nosniff")));
        assertThat(config.http().tls()).isEmpty();
        assertThat(config.auth()).contains(new AuthSettings.Htpasswd("basic-realm", Path.of("/etc/docker/registry")));
        assertThat(config.health().storageDriver())
                .contains(new HealthSettings.StorageDriverCheck(Duration.ofSeconds(10), 3));
        assertThat(config.redis()).isEmpty();
        assertThat(config.validation()).isEqualTo(ValidationSettings.defaults());
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void theInstalledDebianConfigParsesWhenPresent() throws ConfigException {
        Path file = Path.of("/etc/docker/registry/config.yml");
        Assumptions.assumeTrue(Files.isRegularFile(file), "no Debian docker-registry installed");

        ServerConfig config = ServerConfigs.load(file, Map.of());

        assertThat(config.storage().driver()).isEqualTo("filesystem");
        assertThat(config.auth()).containsInstanceOf(AuthSettings.Htpasswd.class);
    }

    @Test
    void goExampleConfigParsesAndWarnsAboutTheTagSection() throws ConfigException {
        ServerConfig config = parse(resource("config-example.yml"));

        assertThat(config.storage().parameters()).containsEntry("rootdirectory", "/var/lib/registry");
        assertThat(config.auth()).contains(new AuthSettings.Htpasswd("basic-realm", Path.of("/etc/registry")));
        assertThat(config.warnings()).containsExactly("`storage.tag` is not supported yet and is ignored");
    }

    @Test
    void goDevConfigParsesWithDebugServerAndPurgingOff() throws ConfigException {
        ServerConfig config = parse(resource("config-dev.yml"));

        assertThat(config.log().level()).isEqualTo(LogLevel.DEBUG);
        assertThat(config.log().fields()).containsExactly(
                Map.entry("service", "registry"), Map.entry("environment", "development"));
        assertThat(config.storage().deleteEnabled()).isTrue();
        assertThat(config.storage().uploadPurging().enabled()).isFalse();
        assertThat(config.storage().uploadPurging().age()).isEqualTo(Duration.ofHours(168));
        assertThat(config.http().debug()).contains(new DebugSettings(":5001", true, "/metrics"));
    }

    @Test
    void goCacheConfigParsesWithRedisAndWarnsAboutNotificationsAndProxy() throws ConfigException {
        ServerConfig config = parse(resource("config-cache.yml"));

        assertThat(config.storage().blobDescriptorCache()).isEqualTo(BlobDescriptorCache.REDIS);
        assertThat(config.http().secret()).contains("asecretforlocaldevelopment");
        assertThat(config.http().debug()).contains(new DebugSettings("localhost:5001", false, "/metrics"));
        RedisSettings redis = config.redis().orElseThrow();
        assertThat(redis.addr()).isEqualTo("localhost:6379");
        assertThat(redis.pool()).isEqualTo(new RedisSettings.Pool(16, 64, Duration.ofSeconds(300)));
        assertThat(redis.dialTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(redis.readTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(redis.writeTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(config.warnings()).containsExactly(
                "`notifications` is not supported yet and is ignored",
                "`proxy` is not supported yet and is ignored");
    }

    @Test
    void loadNamesTheFileInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my-registry.yml");
        Files.writeString(file, "version: 0.1\nstorage:\n  inmemory:\nhttp:\n  adr: x\n");

        assertThatThrownBy(() -> ServerConfigs.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("my-registry.yml:5: http.adr: unknown key");
    }

    @Test
    void aMissingFileFailsNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("absent.yml");

        assertThatThrownBy(() -> ServerConfigs.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("absent.yml: cannot read");
    }
}
