package dev.stowage.server.config;

import static dev.stowage.server.config.ConfigFixtures.minimal;
import static dev.stowage.server.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigValuesTest {

    @Test
    void defaultsStoreUnderTheWorkingDirectoryAndListenLocally(@TempDir Path dir) {
        ServerConfig config = ServerConfig.defaults(dir);

        assertThat(config.storage().driver()).isEqualTo("filesystem");
        assertThat(config.storage().parameters())
                .containsExactly(Map.entry("rootdirectory", dir.toAbsolutePath().resolve("registry-data").toString()));
        assertThat(config.http().addr()).isEqualTo("localhost:5000");
        assertThat(config.storage().blobDescriptorCache()).isEqualTo(BlobDescriptorCache.INMEMORY);
        assertThat(config.storage().deleteEnabled()).isFalse();
        assertThat(config.storage().redirectDisabled()).isFalse();
        assertThat(config.storage().uploadPurging()).isEqualTo(UploadPurging.GO_DEFAULTS);
        assertThat(config.auth()).isEmpty();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void stowageLimitsBindWithUnitsAndDefaultToTheServersOwn() throws ConfigException {
        assertThat(parse(minimal("")).limits()).isEqualTo(LimitSettings.DEFAULTS);

        LimitSettings limits = parse(minimal("""
                stowage:
                  limits:
                    threads: 40
                    manifestmemory: 8MiB
                    mindatarate: 0
                    uploadmemory: 16MiB
                """)).limits();
        assertThat(limits).isEqualTo(new LimitSettings(40, 30, 8L << 20, 0, java.util.OptionalLong.of(16L << 20)));
        assertThat(parse(minimal("stowage:\n  limits:\n    uploadmemory: 0\n")).limits().uploadMemory())
                .hasValue(0);
        assertThat(parse(minimal("stowage:\n  limits:\n    concurrentrequests: 12\n")).limits().concurrentRequests())
                .isEqualTo(12);
    }

    @Test
    void aFileWithoutHttpListensOnGosDefaultAddress() throws ConfigException {
        ServerConfig config = parse("version: 0.1\nstorage: inmemory\n");

        assertThat(config.http().addr()).isEqualTo(":5000");
        assertThat(config.storage().driver()).isEqualTo("inmemory");
        assertThat(config.storage().parameters()).isEmpty();
        assertThat(config.storage().blobDescriptorCache()).isEqualTo(BlobDescriptorCache.NONE);
    }

    @Test
    void everyHttpKeyBinds() throws ConfigException {
        ServerConfig config = parse(minimal("""
                http:
                  addr: /run/registry.sock
                  net: unix
                  host: https://registry.example.com:5000
                  prefix: /my/nested/registry/
                  secret: asecret
                  relativeurls: true
                  draintimeout: 60s
                  tls:
                    certificate: /path/to/cert
                    key: /path/to/key
                    clientcas: [/ca1.pem, /ca2.pem]
                    minimumtls: tls1.3
                    ciphersuites: [TLS_AES_128_GCM_SHA256]
                  debug:
                    addr: localhost:5001
                    prometheus:
                      enabled: true
                      path: /prom
                  headers:
                    Strict-Transport-Security: [max-age=31536000]
                    X-Two: [a, b]
                  http2:
                    disabled: true
                """));

        HttpSettings http = config.http();
        assertThat(http.addr()).isEqualTo("/run/registry.sock");
        assertThat(http.net()).isEqualTo(Network.UNIX);
        assertThat(http.host()).contains(URI.create("https://registry.example.com:5000"));
        assertThat(http.prefix()).isEqualTo("/my/nested/registry/");
        assertThat(http.secret()).contains("asecret");
        assertThat(http.relativeUrls()).isTrue();
        assertThat(http.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(http.tls()).contains(new TlsSettings(Path.of("/path/to/cert"), Path.of("/path/to/key"),
                List.of(Path.of("/ca1.pem"), Path.of("/ca2.pem")), "tls1.3", List.of("TLS_AES_128_GCM_SHA256")));
        assertThat(http.debug()).contains(new DebugSettings("localhost:5001", true, "/prom"));
        assertThat(http.headers()).containsExactly(
                Map.entry("Strict-Transport-Security", List.of("max-age=31536000")),
                Map.entry("X-Two", List.of("a", "b")));
        assertThat(http.http2Disabled()).isTrue();
        assertThat(http.toString()).doesNotContain("asecret");
    }

    @Test
    void everyStorageOptionBinds() throws ConfigException {
        ServerConfig config = parse("""
                version: 0.1
                storage:
                  s3:
                    region: us-east-1
                    bucket: b
                    secure: yes
                    chunksize: 5242880
                    secretkey: SUPERSECRET
                    host: ~
                    nested:
                      type: x
                  delete:
                    enabled: true
                  redirect:
                    disable: true
                  cache:
                    blobdescriptor: inmemory
                    blobdescriptorsize: 500
                  maintenance:
                    uploadpurging:
                      enabled: true
                      age: 48h
                      interval: 1h30m
                      dryrun: true
                    readonly:
                      enabled: true
                """);

        StorageSettings storage = config.storage();
        assertThat(storage.driver()).isEqualTo("s3");
        assertThat(storage.parameters()).containsExactly(
                Map.entry("region", "us-east-1"), Map.entry("bucket", "b"), Map.entry("secure", "true"),
                Map.entry("chunksize", "5242880"), Map.entry("secretkey", "SUPERSECRET"),
                Map.entry("nested", Map.of("type", "x")));
        assertThat(storage.deleteEnabled()).isTrue();
        assertThat(storage.redirectDisabled()).isTrue();
        assertThat(storage.blobDescriptorCacheSize()).isEqualTo(500);
        assertThat(storage.uploadPurging())
                .isEqualTo(new UploadPurging(true, Duration.ofHours(48), Duration.ofMinutes(90), true));
        assertThat(storage.readOnly()).isTrue();
        assertThat(storage.toString()).doesNotContain("SUPERSECRET");
    }

    @Test
    void tokenAuthBinds() throws ConfigException {
        ServerConfig config = parse(minimal("""
                auth:
                  token:
                    realm: https://auth.example.com/token
                    service: registry
                    issuer: auth-server
                    rootcertbundle: /certs/bundle.pem
                    jwks: /certs/jwks.json
                    autoredirect: true
                """));

        assertThat(config.auth()).contains(new AuthSettings.Token("https://auth.example.com/token", "registry",
                "auth-server", Optional.of(Path.of("/certs/bundle.pem")),
                Optional.of(Path.of("/certs/jwks.json")), true));
    }

    @Test
    void redisBindsEveryKey() throws ConfigException {
        ServerConfig config = parse(minimal("""
                redis:
                  addr: redis:6379
                  username: reg
                  password: pw
                  db: 3
                  tls:
                    enabled: true
                """));

        RedisSettings redis = config.redis().orElseThrow();
        assertThat(redis.username()).contains("reg");
        assertThat(redis.password()).contains("pw");
        assertThat(redis.db()).isEqualTo(3);
        assertThat(redis.tls()).isTrue();
        assertThat(redis.toString()).doesNotContain("pw,");
    }

    @Test
    void logSectionBinds() throws ConfigException {
        ServerConfig config = parse(minimal("""
                log:
                  level: WARN
                  formatter: json
                  fields:
                    service: registry
                  accesslog:
                    disabled: true
                """));

        assertThat(config.log()).isEqualTo(new LogSettings(LogLevel.WARN, LogFormatter.JSON,
                Map.of("service", "registry"), true));
    }

    @Test
    void validationCanBeDisabledAndKeepsItsExpressions() throws ConfigException {
        ServerConfig config = parse(minimal("""
                validation:
                  disabled: true
                  manifests:
                    urls:
                      allow:
                        - ^https?://([^/]+\\.)*example\\.com/
                      deny:
                        - ^https?://www\\.example\\.com/
                """));

        assertThat(config.validation().enabled()).isFalse();
        assertThat(config.validation().manifestUrlsAllow()).containsExactly("^https?://([^/]+\\.)*example\\.com/");
        assertThat(config.validation().manifestUrlsDeny()).containsExactly("^https?://www\\.example\\.com/");
    }

    @Test
    void yamlAnchorsAndAliasesResolve() throws ConfigException {
        ServerConfig config = parse(minimal("""
                http:
                  headers:
                    X-A: &values [one]
                    X-B: *values
                """));

        assertThat(config.http().headers()).containsEntry("X-B", List.of("one"));
    }
}
