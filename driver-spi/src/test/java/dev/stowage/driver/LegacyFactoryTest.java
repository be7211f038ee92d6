package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A factory written before 1.0 implements only {@code create(Map)} and reads its values with the
 * getters of that time; built against this SPI its class has the same shape as one compiled
 * against the old one, so these cases prove that such a driver still runs.
 */
class LegacyFactoryTest {

    /** As a pre-1.0 driver was written: binds the map itself and reads Optional values. */
    @SuppressWarnings({"deprecation", "removal"})
    static final class LegacyFactory implements StorageDriverFactory {
        DriverParameters bound;

        @Override
        public String name() {
            return "legacy";
        }

        @Override
        public StorageDriver create(Map<String, Object> parameters) throws java.io.IOException {
            bound = DriverParameters.bind(this, parameters);
            if (bound.string("bucket").orElseThrow().isEmpty()) {
                throw bound.invalid("bucket", "must not be empty");
            }
            return new MapDriver();
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(
                    ParameterSpec.required("bucket", ParameterType.STRING, "bucket"),
                    ParameterSpec.optional("secure", ParameterType.BOOLEAN, true, "TLS"),
                    ParameterSpec.optional("chunksize", ParameterType.SIZE, 5L << 20, "part size"),
                    ParameterSpec.optional("expiry", ParameterType.DURATION, Duration.ofMinutes(20), "expiry"));
        }
    }

    @Test
    @SuppressWarnings({"deprecation", "removal"})
    void aFactoryImplementingOnlyTheMapMethodIsCreatedThroughStorageDrivers() throws Exception {
        LegacyFactory factory = new LegacyFactory();
        StorageDriver driver = StorageDrivers.create(factory, Map.of("bucket", "b", "chunksize", "6MiB"));
        assertThat(StorageDrivers.validating(driver)).isSameAs(driver);
        assertThat(factory.bound.string("bucket")).contains("b");
        assertThat(factory.bound.bool("secure")).isTrue();
        assertThat(factory.bound.number("chunksize")).contains(6L << 20);
        assertThat(factory.bound.duration("expiry")).contains(Duration.ofMinutes(20));
        assertThatThrownBy(() -> driver.stat("no/slash")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void aLegacyFactorysOwnErrorsStillNameTheKeyAndTheDriver() {
        assertThatThrownBy(() -> StorageDrivers.create(new LegacyFactory(), Map.of("bucket", "")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage("legacy: parameter 'bucket': must not be empty");
    }

    @Test
    @SuppressWarnings("deprecation")
    void callingTheMapMethodOfANewFactoryBindsAndForwards() throws Exception {
        MapDriverFactory factory = new MapDriverFactory();
        try (StorageDriver driver = factory.create(Map.of("bucket", "direct"))) {
            assertThat(driver).isInstanceOf(MapDriver.class);
        }
        assertThat(MapDriverFactory.lastBound.getString("bucket")).isEqualTo("direct");
        assertThat(MapDriverFactory.lastBound.getInteger("maxthreads")).isEqualTo(100L);
        assertThatThrownBy(() -> factory.create(Map.of("bucket", "b", "nope", "x")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'nope'");
    }

    @Test
    void aFactoryImplementingNeitherMethodFailsNamingItself() {
        StorageDriverFactory neither = new StorageDriverFactory() {
            @Override
            public String name() {
                return "neither";
            }

            @Override
            public List<ParameterSpec> parameters() {
                return List.of();
            }
        };
        assertThatThrownBy(() -> StorageDrivers.create(neither, Map.of()))
                .isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("'neither'")
                .hasMessageContaining("implements neither create(DriverParameters) nor create(Map)");
    }
}
