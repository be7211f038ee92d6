package dev.stowage.server.config;

import static dev.stowage.server.config.ConfigFixtures.minimal;
import static dev.stowage.server.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WarningsTest {

    @ParameterizedTest
    @ValueSource(strings = {"notifications", "proxy", "middleware", "reporting", "compatibility", "catalog", "policy"})
    void eachUnsupportedSectionIsAcceptedAndNamedInTheWarnings(String section) throws ConfigException {
        ServerConfig config = parse(minimal(section + ":\n  anything:\n    goes: 1\n"));

        assertThat(config.warnings()).containsExactly("`" + section + "` is not supported yet and is ignored");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "log:\\n  hooks:\\n    - type: mail\\n| `log.hooks` is not supported yet and is ignored",
            "log:\\n  reportcaller: true\\n| `log.reportcaller` is not supported yet and is ignored",
            "http:\\n  h2c:\\n    enabled: true\\n| `http.h2c` is not supported yet and is ignored",
            "health:\\n  file:\\n    - file: /x\\n| `health.file` checks are not supported yet and is ignored",
            "health:\\n  http:\\n    - uri: http://x/\\n| `health.http` checks are not supported yet and is ignored",
            "health:\\n  tcp:\\n    - addr: x:1\\n| `health.tcp` checks are not supported yet and is ignored",
            "validation:\\n  manifests:\\n    indexes:\\n      platforms: all\\n| `validation.manifests.indexes` is not supported yet and is ignored",
            "validation:\\n  enabled: true\\n| `validation.enabled` is deprecated and changes nothing: validation is on unless `validation.disabled` is true",
            "loglevel: debug\\n| `loglevel` is deprecated: use `log.level`",
            "auth:\\n  silly:\\n    realm: r\\n    service: s\\n| `auth.silly` is not supported and is ignored: the registry runs without authentication",
            "http:\\n  tls:\\n    certificate: /c\\n    key: /k\\n    letsencrypt:\\n      email: a@b\\n| `http.tls.letsencrypt` is not supported and is ignored (the certificate is used, as in Go)",
            "redis:\\n  db: 1\\n| `redis` has no addr, so Redis is not configured (as in Go)"})
    void acceptedButIneffectiveKeysAreNamedInTheWarnings(String yaml, String warning) throws ConfigException {
        ServerConfig config = parse(minimal(yaml.replace("\\n", "\n")));

        assertThat(config.warnings()).containsExactly(warning);
    }

    @Test
    void theTagSectionOfStorageIsWarnedAbout() throws ConfigException {
        ServerConfig config = parse("version: 0.1\nstorage:\n  inmemory:\n  tag:\n    concurrencylimit: 8\n");

        assertThat(config.warnings()).containsExactly("`storage.tag` is not supported yet and is ignored");
    }

    @Test
    void theDeprecatedLoglevelIsUsedWhenLogLevelIsAbsent() throws ConfigException {
        assertThat(parse(minimal("loglevel: debug\n")).log().level()).isEqualTo(LogLevel.DEBUG);
        assertThat(parse(minimal("loglevel: debug\nlog:\n  level: warn\n")).log().level()).isEqualTo(LogLevel.WARN);
    }

    @Test
    void letsEncryptWithoutACertificateFailsRatherThanServingPlainHttp() {
        assertThatThrownBy(() -> parse(minimal("http:\n  tls:\n    letsencrypt:\n      email: a@b\n")))
                .hasMessageContaining("http.tls.letsencrypt: Let's Encrypt is not supported");
    }
}
