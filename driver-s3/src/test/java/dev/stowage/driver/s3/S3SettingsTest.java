package dev.stowage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.KeyPrefix;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.StorageClass;

class S3SettingsTest {

    private static S3Settings settings(Map<String, Object> parameters) throws Exception {
        return S3Settings.from(DriverParameters.bind(new S3DriverFactory(), parameters));
    }

    @Test
    void omittedKeysTakeTheDeclaredDefaults() throws Exception {
        S3Settings s = settings(Map.of("bucket", "b"));
        assertThat(s.storageClass()).contains(StorageClass.STANDARD);
        assertThat(s.objectAcl()).contains(ObjectCannedACL.PRIVATE);
        assertThat(s.chunkSize()).isEqualTo(10 << 20);
        assertThat(s.redirectMaxExpiry()).isEqualTo(S3Settings.MAX_PRESIGN_EXPIRY);
        assertThat(s.layout().root()).isEqualTo(KeyPrefix.NONE);
    }

    @Test
    void noneSendsNoStorageClassAndNoAcl() throws Exception {
        S3Settings s = settings(Map.of("bucket", "b", "storageclass", "none", "objectacl", "NONE"));
        assertThat(s.storageClass()).isEmpty();
        assertThat(s.objectAcl()).isEmpty();
    }

    @Test
    void rootDirectoryBecomesTheKeyPrefix() throws Exception {
        assertThat(settings(Map.of("bucket", "b", "rootdirectory", "/registry/")).layout().key("/a/b")).isEqualTo("registry/a/b");
    }

    @Test
    void bufferMemoryDefaultsToAQuarterOfTheHeapButAtLeastOnePart() throws Exception {
        long quarter = Runtime.getRuntime().maxMemory() / 4;
        assertThat(settings(Map.of("bucket", "b")).bufferBudget().limit()).isEqualTo(Math.max(10L << 20, quarter));
        assertThat(settings(Map.of("bucket", "b", "buffermemory", "64MiB")).bufferBudget().limit()).isEqualTo(64L << 20);
    }

    @Test
    void bufferMemoryBelowOnePartIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> settings(Map.of("bucket", "b", "chunksize", "8MiB", "buffermemory", "6MiB")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("buffermemory")
                .hasMessageContaining("chunksize");
    }

    @Test
    void pathStyleFollowsTheGoRegistryUnlessGiven() throws Exception {
        assertThat(settings(Map.of("bucket", "b")).forcePathStyle()).as("on AWS").isFalse();
        assertThat(settings(Map.of("bucket", "b", "regionendpoint", "http://minio:9000")).forcePathStyle())
                .as("with a regionendpoint, as Go 2.8").isTrue();
        assertThat(settings(Map.of("bucket", "b", "regionendpoint", "http://minio:9000", "forcepathstyle", false))
                .forcePathStyle()).as("given").isFalse();
    }
}
