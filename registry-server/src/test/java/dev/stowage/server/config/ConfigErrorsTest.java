package dev.stowage.server.config;

import static dev.stowage.server.config.ConfigFixtures.minimal;
import static dev.stowage.server.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigErrorsTest {

    @Test
    void anUnknownKeyFailsNamingItsPathLineAndTheKnownKeys() {
        assertThatThrownBy(() -> parse(minimal("http:\n  adr: :5000\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.yml:5: http.adr: unknown key (known: addr, net, host, prefix, secret, relativeurls,"
                        + " draintimeout, tls, debug, headers, http2, h2c)")
                .satisfies(e -> assertThat(((ConfigException) e).keyPath()).contains("http.adr"));
    }

    @Test
    void anUnknownTopLevelSectionFails() {
        assertThatThrownBy(() -> parse(minimal("htpp:\n  addr: :5000\n")))
                .hasMessageStartingWith("config.yml:4: htpp: unknown key (known: version, log,");
    }

    @Test
    void limitsOutOfRangeFailNamingTheKey() {
        assertThatThrownBy(() -> parse(minimal("stowage:\n  limits:\n    threads: 2\n")))
                .hasMessage("config.yml:6: stowage.limits.threads: must be at least 8, found 2");
        assertThatThrownBy(() -> parse(minimal("stowage:\n  limits:\n    manifestmemory: lots\n")))
                .hasMessageStartingWith("config.yml:6: stowage.limits.manifestmemory: ");
        assertThatThrownBy(() -> parse(minimal("stowage:\n  limits:\n    uploadmemory: plenty\n")))
                .hasMessageStartingWith("config.yml:6: stowage.limits.uploadmemory: ");
        assertThatThrownBy(() -> parse(minimal("stowage:\n  limits:\n    maxthreads: 9\n")))
                .hasMessageStartingWith("config.yml:6: stowage.limits.maxthreads: unknown key (known: threads,");
    }

    @Test
    void aWrongTypeFailsNamingTheKey() {
        assertThatThrownBy(() -> parse(minimal("http:\n  relativeurls: sometimes\n")))
                .hasMessage("config.yml:5: http.relativeurls: expected true or false, found a string \"sometimes\"");
    }

    @Test
    void aMapWhereAValueIsExpectedFails() {
        assertThatThrownBy(() -> parse(minimal("http:\n  addr:\n    port: 5000\n")))
                .hasMessageContaining("http.addr: expected a string, found a map");
    }

    @Test
    void aQuotedNumberIsRefusedForAnIntegerAsGoRefusesIt() {
        assertThatThrownBy(() -> parse(minimal("redis:\n  addr: r:6379\n  db: \"2\"\n")))
                .hasMessageContaining("redis.db: expected an integer, found a string \"2\"");
    }

    @Test
    void anUnquotedNumberIsAcceptedForAString() throws ConfigException {
        assertThat(parse(minimal("http:\n  secret: 12345\n")).http().secret()).contains("12345");
    }

    @Test
    void twoStorageDriversFailNamingBoth() {
        assertThatThrownBy(() -> parse("version: 0.1\nstorage:\n  s3:\n    region: x\n  filesystem:\n    rootdirectory: /r\n"))
                .hasMessage("config.yml:2: storage: exactly one storage driver must be configured, found s3, filesystem");
    }

    @Test
    void noStorageDriverFails() {
        assertThatThrownBy(() -> parse("version: 0.1\nstorage:\n  delete:\n    enabled: true\n"))
                .hasMessageContaining("storage: no storage driver configured");
    }

    @Test
    void aMissingStorageSectionFails() {
        assertThatThrownBy(() -> parse("version: 0.1\nhttp:\n  addr: :5000\n"))
                .hasMessageContaining("storage: required");
    }

    @Test
    void twoAccessControllersFail() {
        assertThatThrownBy(() -> parse(minimal("auth:\n  htpasswd:\n    realm: r\n    path: /p\n  token:\n    realm: r\n")))
                .hasMessageContaining("auth: at most one access controller may be configured, found htpasswd, token");
    }

    @Test
    void anHtpasswdWithoutPathFails() {
        assertThatThrownBy(() -> parse(minimal("auth:\n  htpasswd:\n    realm: r\n")))
                .hasMessageContaining("auth.htpasswd.path: required");
    }

    @Test
    void aTokenWithoutSigningKeysFails() {
        assertThatThrownBy(() -> parse(minimal("auth:\n  token:\n    realm: https://auth/token\n    service: s\n    issuer: i\n")))
                .hasMessageContaining("auth.token.rootcertbundle: required (or jwks)");
    }

    @Test
    void aBadRegularExpressionFailsNamingTheListEntry() {
        assertThatThrownBy(() -> parse(minimal("validation:\n  manifests:\n    urls:\n      deny: ['^https://ok/', '(unclosed']\n")))
                .hasMessageStartingWith("config.yml:7: validation.manifests.urls.deny[1]: not a valid regular expression");
    }

    @Test
    void aVersionOtherThan01Fails() {
        assertThatThrownBy(() -> parse("version: 0.2\nstorage: inmemory\n"))
                .hasMessage("config.yml:1: version: unsupported version \"0.2\" (expected 0.1)");
    }

    @Test
    void aMissingVersionFails() {
        assertThatThrownBy(() -> parse("storage: inmemory\n"))
                .hasMessageContaining("version: required");
    }

    @Test
    void anEmptyDocumentFails() {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("config.yml: empty configuration");
    }

    @Test
    void malformedYamlFailsWithItsLine() {
        assertThatThrownBy(() -> parse("version: 0.1\nstorage: [inmemory\n"))
                .hasMessageStartingWith("config.yml:")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void aRepeatedKeyFails() {
        assertThatThrownBy(() -> parse(minimal("http:\n  addr: :1\n  addr: :2\n")))
                .hasMessageContaining("key addr is repeated");
    }

    @Test
    void anUnknownLogLevelFails() {
        assertThatThrownBy(() -> parse(minimal("log:\n  level: verbose\n")))
                .hasMessageContaining("log.level: expected one of error, warn, info, debug, found \"verbose\"");
    }

    @Test
    void anUnknownNetFails() {
        assertThatThrownBy(() -> parse(minimal("http:\n  net: udp\n")))
                .hasMessageContaining("http.net: expected one of tcp, unix, found \"udp\"");
    }

    @Test
    void aHostThatIsNotAnAbsoluteUrlFails() {
        assertThatThrownBy(() -> parse(minimal("http:\n  host: registry.example.com\n")))
                .hasMessageContaining("http.host: expected an absolute http(s) URL");
    }

    @Test
    void aCertificateWithoutKeyFails() {
        assertThatThrownBy(() -> parse(minimal("http:\n  tls:\n    certificate: /c.pem\n")))
                .hasMessageContaining("http.tls.key: required when http.tls.certificate is set");
    }

    @Test
    void anUnknownMinimumTlsFails() {
        assertThatThrownBy(() -> parse(minimal("http:\n  tls:\n    certificate: /c\n    key: /k\n    minimumtls: ssl3\n")))
                .hasMessageContaining("http.tls.minimumtls: expected one of tls1.0, tls1.1, tls1.2, tls1.3");
    }

    @Test
    void anUnknownCipherSuiteFails() {
        assertThatThrownBy(() -> parse(minimal("http:\n  tls:\n    certificate: /c\n    key: /k\n    ciphersuites: [TLS_AES_128_GCM_SHA256, RC4]\n")))
                .hasMessageContaining("http.tls.ciphersuites[1]: unknown TLS cipher suite \"RC4\"");
    }

    @Test
    void aRedisCacheWithoutRedisFails() {
        assertThatThrownBy(() -> parse("version: 0.1\nstorage:\n  inmemory:\n  cache:\n    blobdescriptor: redis\n"))
                .hasMessageContaining("storage.cache.blobdescriptor: redis needs the redis section");
    }

    @Test
    void anUnknownCacheFails() {
        assertThatThrownBy(() -> parse("version: 0.1\nstorage:\n  inmemory:\n  cache:\n    blobdescriptor: memcached\n"))
                .hasMessageContaining("storage.cache.blobdescriptor: expected one of inmemory, redis");
    }

    @Test
    void driverParametersThatAreNotAMapFail() {
        assertThatThrownBy(() -> parse("version: 0.1\nstorage:\n  filesystem: /var/lib/registry\n"))
                .hasMessageContaining("storage.filesystem: expected the driver's parameters as a map");
    }
}
