package dev.stowage.driver.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.InvalidPathException;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.HashMap;
import java.util.List;
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
                .containsExactly("bucket", "keyfile", "rootdirectory", "chunksize", "buffermemory", "maxconcurrency", "endpoint",
                        "anonymous", "redirectmaxexpiry");
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
        assertThatThrownBy(() -> StorageDrivers.create(new GcsDriverFactory(), Map.of()))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("bucket");
        assertThatThrownBy(() -> gcs.driver(Map.of("regionendpoint", "x")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("regionendpoint");
    }

    @Test
    void redirectMaxExpiryBeyondTheV4LimitIsRejected() {
        assertThatThrownBy(() -> gcs.driver(Map.of("redirectmaxexpiry", "8d")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> gcs.driver(Map.of("redirectmaxexpiry", "PT200H")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("redirectmaxexpiry");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a b", "a/../b", "a//b"})
    void aRootDirectoryThatIsNotAPathIsRejectedNamingTheParameter(String root) {
        assertThatThrownBy(() -> gcs.driver(Map.of("rootdirectory", root)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("gcs: parameter 'rootdirectory': '" + root + "' is not a root directory");
    }

    @Test
    void aFactoryGivenAClientRefusesTheParametersThatConfigureOne() {
        GcsDriverFactory factory = new GcsDriverFactory(gcs.storage());
        for (Map<String, Object> clientParameter : List.<Map<String, Object>>of(Map.of("endpoint", "http://127.0.0.1:1"),
                Map.of("keyfile", "/key.json"), Map.of("anonymous", true))) {
            Map<String, Object> parameters = new HashMap<>(clientParameter);
            parameters.put("bucket", LocalGcs.BUCKET);
            String key = clientParameter.keySet().iterator().next();
            assertThatThrownBy(() -> StorageDrivers.create(factory, parameters))
                    .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo(key))
                    .hasMessageContaining("not used with a Storage client given to the factory");
        }
    }

    @Test
    void aDriverOverAGivenClientChecksItsPaths() throws Exception {
        try (StorageDriver driver = StorageDrivers.create(new GcsDriverFactory(gcs.storage()), Map.of("bucket", LocalGcs.BUCKET))) {
            assertThatThrownBy(() -> driver.stat("../escape")).isInstanceOf(InvalidPathException.class);
        }
    }

    @Test
    void anonymousWithAKeyfileIsRejected() {
        assertThatThrownBy(() -> StorageDrivers.create(new GcsDriverFactory(), Map.of("bucket", "b", "keyfile", "/nonexistent.json", "anonymous", true)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("anonymous");
    }

    @Test
    void anUnreadableKeyfileIsReportedWithItsPath() {
        assertThatThrownBy(() -> StorageDrivers.create(new GcsDriverFactory(), Map.of("bucket", "b", "keyfile", "/nonexistent/key.json")))
                .hasMessageContaining("keyfile").hasMessageContaining("/nonexistent/key.json");
    }

    @Test
    void anonymousClientAgainstAnEndpointIsBuiltWithoutTouchingTheNetwork() throws Exception {
        try (StorageDriver driver = StorageDrivers.create(new GcsDriverFactory(), 
                Map.of("bucket", "b", "anonymous", true, "endpoint", "http://127.0.0.1:1"))) {
            assertThat(driver.name()).isEqualTo("gcs");
            assertThat(driver.capabilities().redirect()).isFalse();
        }
    }
}
