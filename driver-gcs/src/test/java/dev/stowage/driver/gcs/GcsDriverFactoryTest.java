package dev.stowage.driver.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcsDriverFactoryTest {

    private final LocalGcs gcs = new LocalGcs();

    @Test
    void isFoundByNameWithItsParameters() throws Exception {
        assertThat(StorageDrivers.factory("gcs", getClass().getClassLoader())).isInstanceOf(GcsDriverFactory.class);
        assertThat(new GcsDriverFactory().parameters()).extracting(ParameterSpec::name)
                .containsExactly("bucket", "keyfile", "rootdirectory", "chunksize", "maxconcurrency", "endpoint",
                        "anonymous", "redirectexpiry");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000", "262145", "100KiB", "0", "3GiB"})
    void chunkSizesThatAreNotPositiveMultiplesOf256KiBAreRejectedNamingTheParameter(String chunkSize) {
        assertThatThrownBy(() -> gcs.driver(Map.of("chunksize", chunkSize)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("chunksize")
                .hasMessageContaining("multiple of 256 KiB")
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("chunksize"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"256KiB", "262144", "16MiB", "5MiB"})
    void chunkSizesThatAreMultiplesOf256KiBAreTakenAndDeclaredAsPartSize(String chunkSize) throws Exception {
        try (StorageDriver driver = gcs.driver(Map.of("chunksize", chunkSize))) {
            long expected = (long) dev.stowage.driver.ParameterType.SIZE.convert(chunkSize);
            assertThat(driver.capabilities().minPartSize()).isEqualTo(expected);
        }
    }

    @Test
    void defaultChunkSizeIs16MiB() throws Exception {
        try (StorageDriver driver = gcs.driver(Map.of())) {
            assertThat(driver.capabilities().minPartSize()).isEqualTo(16L << 20);
        }
    }

    @Test
    void missingBucketAndUnknownKeysAreRejected() {
        assertThatThrownBy(() -> new GcsDriverFactory().create(Map.of()))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("bucket");
        assertThatThrownBy(() -> gcs.driver(Map.of("regionendpoint", "x")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("regionendpoint");
    }

    @Test
    void redirectExpiryBeyondTheV4LimitIsRejected() {
        assertThatThrownBy(() -> gcs.driver(Map.of("redirectexpiry", "8d")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> gcs.driver(Map.of("redirectexpiry", "PT200H")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("redirectexpiry");
    }

    @Test
    void anonymousWithAKeyfileIsRejected() {
        assertThatThrownBy(() -> new GcsDriverFactory().create(Map.of("bucket", "b", "keyfile", "/nonexistent.json", "anonymous", true)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("anonymous");
    }

    @Test
    void anUnreadableKeyfileIsReportedWithItsPath() {
        assertThatThrownBy(() -> new GcsDriverFactory().create(Map.of("bucket", "b", "keyfile", "/nonexistent/key.json")))
                .hasMessageContaining("keyfile").hasMessageContaining("/nonexistent/key.json");
    }

    @Test
    void anonymousClientAgainstAnEndpointIsBuiltWithoutTouchingTheNetwork() throws Exception {
        try (StorageDriver driver = new GcsDriverFactory().create(
                Map.of("bucket", "b", "anonymous", true, "endpoint", "http://127.0.0.1:1"))) {
            assertThat(driver.name()).isEqualTo("gcs");
            assertThat(driver.capabilities().redirect()).isFalse();
        }
    }
}
