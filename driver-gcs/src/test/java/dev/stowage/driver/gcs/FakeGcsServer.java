package dev.stowage.driver.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * fake-gcs-server, an HTTP emulator of the GCS JSON API, in a Testcontainers container shared by
 * the test classes of one test JVM: started on first use, with its bucket created once, and
 * removed when the JVM ends. Callers must only reach it where a Docker engine exists (their
 * classes are skipped otherwise).
 *
 * <p>The server is started with {@code -scheme http -public-host HOST}; once its port is mapped,
 * its external URL (the base of the {@code Location} of every resumable upload session) and
 * public host are set to the mapped address through its {@code /_internal/config} endpoint, so
 * that the sessions the driver opens point back at the server.
 */
final class FakeGcsServer {

    /** Pinned, so that a CI run tomorrow tests the same server as today. */
    static final DockerImageName IMAGE = DockerImageName.parse("fsouza/fake-gcs-server:1.52.2");
    static final int PORT = 4443;
    static final String BUCKET = "stowage-fake-gcs";
    static final String PROJECT = "stowage-test";

    private static GenericContainer<?> server;

    private FakeGcsServer() {}

    /**
     * Driver parameters for the shared server: its bucket and endpoint, anonymous access, the
     * given {@code rootdirectory} and {@code chunksize}.
     */
    static Map<String, Object> parameters(String rootDirectory, String chunkSize) throws IOException, InterruptedException {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("bucket", BUCKET);
        parameters.put("endpoint", endpoint());
        parameters.put("anonymous", true);
        parameters.put("rootdirectory", rootDirectory);
        parameters.put("chunksize", chunkSize);
        return parameters;
    }

    /** A driver made the way a registry makes it: {@code StorageDrivers.create} by name. */
    static StorageDriver driver(Map<String, Object> parameters) throws IOException {
        return StorageDrivers.create(GcsDriverFactory.NAME, parameters);
    }

    /** The server's base URL, starting it and creating the bucket on first use. */
    static synchronized String endpoint() throws IOException, InterruptedException {
        if (server == null) {
            // The image's entrypoint is the server with "-data /data"; the command adds to it.
            GenericContainer<?> container = new GenericContainer<>(IMAGE)
                    .withCommand("-scheme", "http", "-port", Integer.toString(PORT),
                            "-public-host", DockerClientFactory.instance().dockerHostIpAddress())
                    .withExposedPorts(PORT)
                    .waitingFor(Wait.forHttp("/_internal/healthcheck").forPort(PORT).forStatusCode(200));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "fake-gcs-server-stop"));
            String endpoint = endpoint(container);
            pointServerAt(endpoint, container.getHost() + ":" + container.getMappedPort(PORT));
            try (Storage storage = StorageOptions.newBuilder()
                    .setHost(endpoint)
                    .setProjectId(PROJECT)
                    .setCredentials(NoCredentials.getInstance())
                    .build()
                    .getService()) {
                storage.create(BucketInfo.of(BUCKET));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // create throws only unchecked exceptions: a checked one comes from close
                throw new IOException("cannot close the bucket-making client", e);
            }
            server = container;
        }
        return endpoint(server);
    }

    private static String endpoint(GenericContainer<?> container) {
        return "http://" + container.getHost() + ":" + container.getMappedPort(PORT);
    }

    /** Sets the server's external URL and public host to the address the tests reach it at. */
    private static void pointServerAt(String externalUrl, String publicHost) throws IOException, InterruptedException {
        String body = "{\"externalUrl\":\"" + externalUrl + "\",\"publicHost\":\"" + publicHost + "\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(externalUrl + "/_internal/config"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("fake-gcs-server refused its external URL " + externalUrl + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
    }
}
