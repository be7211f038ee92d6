package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageDriversTest {

    @Test
    void findsFactoriesThroughServiceLoader() {
        assertThat(StorageDrivers.available()).extracting(StorageDriverFactory::name).contains("map");
    }

    @Test
    void unknownDriverNameListsTheDriversFound() {
        assertThatThrownBy(() -> StorageDrivers.create("nosuch", Map.of()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("unknown storage driver 'nosuch'")
                .hasMessageContaining("drivers found: map");
    }

    @Test
    void createBindsDefaultsAndWrapsTheDriver() throws Exception {
        StorageDriver driver = StorageDrivers.create("map", Map.of("bucket", "b", "chunksize", "5MiB"));
        assertThat(driver).isNotInstanceOf(MapDriver.class);
        assertThat(StorageDrivers.validating(driver)).isSameAs(driver);
        DriverParameters bound = MapDriverFactory.lastBound;
        assertThat(bound.getString("bucket")).isEqualTo("b");
        assertThat(bound.getSize("chunksize")).isEqualTo(5L << 20);
        assertThat(bound.getInteger("maxthreads")).isEqualTo(100L);
        assertThat(bound.getBoolean("secure")).isTrue();
        assertThat(bound.getDuration("expiry")).isEqualTo(Duration.ofMinutes(20));
        assertThatThrownBy(() -> driver.stat("bad path")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void unknownParameterIsNamedWithTheDriverAndTheKnownKeys() {
        assertThatThrownBy(() -> StorageDrivers.create("map", Map.of("bucket", "b", "buckt", "x")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("map")
                .hasMessageContaining("'buckt'")
                .hasMessageContaining("known: bucket, chunksize, expiry, maxthreads, secure")
                .extracting(e -> ((InvalidParameterException) e).parameter()).isEqualTo("buckt");
    }

    @Test
    void wrongTypeIsNamed() {
        assertThatThrownBy(() -> StorageDrivers.create("map", Map.of("bucket", "b", "secure", "maybe")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("map: parameter 'secure': expected true or false, got 'maybe'");
    }

    @Test
    void missingRequiredParameterIsNamed() {
        assertThatThrownBy(() -> StorageDrivers.create("map", Map.of()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("map: parameter 'bucket': required parameter is missing");
    }

    @Test
    void configSectionGivesTheDriverAndKeepsTheOtherSections() throws Exception {
        Map<String, Object> section = new HashMap<>();
        section.put("map", Map.of("bucket", "from-yaml", "maxthreads", 30));
        section.put("delete", Map.of("enabled", true));
        section.put("redirect", Map.of("disable", true));
        section.put("cache", Map.of("blobdescriptor", "inmemory"));
        section.put("maintenance", Map.of("uploadpurging", Map.of("enabled", false)));
        try (ConfiguredStorage storage = StorageDrivers.fromConfig(section, Map.of())) {
            assertThat(storage.driver().name()).isEqualTo("map");
            assertThat(storage.sections()).containsOnlyKeys("delete", "redirect", "cache", "maintenance");
            assertThat(storage.sections().get("delete")).isEqualTo(Map.of("enabled", true));
        }
        assertThat(MapDriverFactory.lastBound.getString("bucket")).isEqualTo("from-yaml");
        assertThat(MapDriverFactory.lastBound.getInteger("maxthreads")).isEqualTo(30L);
    }

    @Test
    void environmentOverridesParameters() throws Exception {
        Map<String, Object> section = Map.of("map", Map.of("bucket", "from-yaml"));
        Map<String, String> env = Map.of("STOWAGE_STORAGE_MAP_BUCKET", "from-env", "STOWAGE_STORAGE_MAP_SECURE", "false",
                "STOWAGE_STORAGE_OTHER_BUCKET", "ignored", "PATH", "/bin");
        try (ConfiguredStorage storage = StorageDrivers.fromConfig(section, env)) {
            assertThat(storage.driver().name()).isEqualTo("map");
        }
        assertThat(MapDriverFactory.lastBound.getString("bucket")).isEqualTo("from-env");
        assertThat(MapDriverFactory.lastBound.getBoolean("secure")).isFalse();
    }

    @Test
    void environmentCanNameTheDriver() throws Exception {
        StorageConfig config = StorageDrivers.parseConfig(Map.of("inmemory", Map.of()),
                Map.of("STOWAGE_STORAGE", "map", "STOWAGE_STORAGE_MAP_BUCKET", "b"));
        assertThat(config.driverName()).isEqualTo("map");
        assertThat(config.parameters()).isEqualTo(Map.of("bucket", "b"));
    }

    @Test
    void aDriverKeyWithNoValueMeansNoParameters() throws Exception {
        Map<String, Object> section = new HashMap<>();
        section.put("inmemory", null);
        StorageConfig config = StorageDrivers.parseConfig(section, Map.of());
        assertThat(config.driverName()).isEqualTo("inmemory");
        assertThat(config.parameters()).isEmpty();
    }

    @Test
    void sectionMustNameExactlyOneDriver() {
        assertThatThrownBy(() -> StorageDrivers.parseConfig(Map.of("delete", Map.of()), Map.of()))
                .hasMessageContaining("names no driver");
        assertThatThrownBy(() -> StorageDrivers.parseConfig(Map.of("s3", Map.of(), "map", Map.of()), Map.of()))
                .hasMessageContaining("more than one driver: map, s3");
        assertThatThrownBy(() -> StorageDrivers.parseConfig(Map.of("map", List.of("x")), Map.of()))
                .hasMessageContaining("must be a map of parameters");
    }

    @Test
    void unknownEnvironmentParameterIsRefused() {
        assertThatThrownBy(() -> StorageDrivers.fromConfig(Map.of("map", Map.of("bucket", "b")),
                Map.of("STOWAGE_STORAGE_MAP_REGOIN", "x")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("'regoin'")
                .hasMessageContaining("set by environment variable STOWAGE_STORAGE_MAP_REGOIN");
    }
}
