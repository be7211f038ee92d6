package dev.stowage.driver.azure;

import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The whole conformance kit against the azure driver on Azurite's own container image, run
 * through Testcontainers where a Docker engine exists; without one the whole class (example cases,
 * properties and the stateful test, all Jupiter tests) is reported skipped by
 * {@code @Testcontainers(disabledWithoutDocker = true)}.
 * {@link AzureConformanceTest}, on Azurite from npm, is the run that happens everywhere.
 *
 * <p>One container per test JVM, started on first use and removed when the JVM ends; the blob
 * container is created once. Each case gets a shared-key driver through {@link StorageDrivers}
 * under a fresh random {@code rootdirectory}, with the same small chunk size as the npm run so the
 * kit's streams span many staged blocks.
 */
@Testcontainers(disabledWithoutDocker = true)
class AzuriteContainerConformanceTest extends DriverConformanceSuite {

    /** Pinned to the Azurite release the npm run uses (driver-azure/azurite/package.json). */
    static final DockerImageName IMAGE = DockerImageName.parse("mcr.microsoft.com/azure-storage/azurite:3.37.0");
    static final int BLOB_PORT = 10000;
    static final String CONTAINER = "stowage-container-tests";

    private static GenericContainer<?> azurite;

    @Override
    protected StorageDriver newDriver() throws Exception {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("accountname", Azurite.ACCOUNT);
        parameters.put("accountkey", Azurite.KEY);
        parameters.put("container", CONTAINER);
        parameters.put("serviceurl", serviceUrl());
        parameters.put("rootdirectory", "/t-" + UUID.randomUUID());
        parameters.put("retry_delay", "50ms");
        parameters.put("max_retry_delay", "1s");
        parameters.put("chunksize", "64KiB");
        return StorageDrivers.create(AzureDriverFactory.NAME, parameters);
    }

    /** The blob service URL of the container, starting it and creating the blob container on first use. */
    private static synchronized String serviceUrl() {
        if (azurite == null) {
            GenericContainer<?> container = new GenericContainer<>(IMAGE)
                    // --disableProductStyleUrl: take the account from the path even when the Docker
                    // host is a dotted host name (which Azurite would otherwise read as account.blob...).
                    .withCommand("azurite-blob", "--blobHost", "0.0.0.0", "--blobPort", Integer.toString(BLOB_PORT),
                            "--loose", "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry")
                    .withExposedPorts(BLOB_PORT)
                    .waitingFor(Wait.forLogMessage("(?s).*Azurite Blob service successfully listens on.*", 1));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "azurite-container-stop"));
            String url = url(container);
            new BlobContainerClientBuilder()
                    .endpoint(url)
                    .containerName(CONTAINER)
                    .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                    .buildClient()
                    .createIfNotExists();
            azurite = container;
        }
        return url(azurite);
    }

    private static String url(GenericContainer<?> container) {
        return "http://" + container.getHost() + ":" + container.getMappedPort(BLOB_PORT) + "/" + Azurite.ACCOUNT;
    }
}
