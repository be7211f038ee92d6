package dev.stowage.driver.s3;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole conformance kit against the s3 driver on MinIO, a second, independent S3 server, run
 * through Testcontainers where a Docker engine exists; without one the whole class (example cases,
 * properties and the stateful test, all Jupiter tests) is reported skipped by
 * {@code @Testcontainers(disabledWithoutDocker = true)}.
 * The S3Mock run ({@link S3ConformanceTest}) is the one that runs everywhere.
 *
 * <p>One MinIO container per test JVM, started on first use and removed when the JVM ends. Each
 * case gets a driver through {@link StorageDrivers} on the shared bucket under a fresh random
 * {@code rootdirectory}; the part size is S3's minimum, 5 MiB, as on S3Mock. No case is disabled:
 * MinIO replaces objects atomically.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioConformanceTest extends DriverConformanceSuite {

    /** Pinned, so that a CI run tomorrow tests the same server as today. */
    static final DockerImageName IMAGE = DockerImageName.parse("minio/minio:RELEASE.2025-02-28T09-55-16Z");
    static final String BUCKET = "stowage-minio";
    static final String ACCESS_KEY = "stowage-access";
    static final String SECRET_KEY = "stowage-secret-key";

    private static MinIOContainer minio;

    @Override
    protected StorageDriver newDriver() throws Exception {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("bucket", BUCKET);
        parameters.put("regionendpoint", endpoint().toString());
        parameters.put("region", "us-east-1");
        parameters.put("forcepathstyle", true);
        parameters.put("accesskey", ACCESS_KEY);
        parameters.put("secretkey", SECRET_KEY);
        parameters.put("rootdirectory", "/test-" + UUID.randomUUID());
        parameters.put("chunksize", "5MiB");
        return StorageDrivers.create(S3DriverFactory.NAME, parameters);
    }

    /** MinIO's S3 endpoint, starting the container and creating the bucket on first use. */
    private static synchronized URI endpoint() {
        if (minio == null) {
            MinIOContainer container = new MinIOContainer(IMAGE).withUserName(ACCESS_KEY).withPassword(SECRET_KEY);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "minio-stop"));
            URI uri = URI.create(container.getS3URL());
            try (S3Client s3 = S3Client.builder()
                    .httpClient(ApacheHttpClient.builder().build())
                    .endpointOverride(uri)
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build()) {
                s3.createBucket(b -> b.bucket(BUCKET));
            }
            minio = container;
        }
        return URI.create(minio.getS3URL());
    }
}
