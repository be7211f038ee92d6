package dev.stowage.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Manifest bodies held in memory at once are bounded across requests; beyond the room, 429. */
class ManifestMemoryTest {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @Test
    void manifestsBeyondTheSharedRoomAre429UntilRoomIsGivenBack() throws Exception {
        try (StorageDriver driver = StorageDrivers.create("inmemory", Map.of());
             Registry registry = Registry.builder(driver).options(RegistryOptions.defaults()
                     .withMaxManifestSize(64 * 1024)).build();
             RegistryServer server = RegistryServer.builder(registry).address("127.0.0.1", 0)
                     .manifestMemory(100 * 1024).minDataRate(0).build()) {
            server.start();
            ApiClient client = new ApiClient(server.uri());
            Digest config = client.pushBlob("mem/app", "{}".getBytes(UTF_8));
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                    + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":2},\"layers\":[]}";
            try (Socket slow = new Socket("127.0.0.1", server.port())) {
                // a manifest of undeclared length, held open: it takes room for the whole 64 KiB limit
                OutputStream out = slow.getOutputStream();
                out.write(("PUT /v2/mem/app/manifests/slow HTTP/1.1\r\nHost: x\r\nContent-Type: " + OCI_MANIFEST
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);

                // another of undeclared length, on a socket of its own: the server answers before
                // reading its body and closes, which an HTTP client still sending may see as a reset
                try (Socket another = new Socket("127.0.0.1", server.port())) {
                    another.setSoTimeout(30_000); // the server closes it after answering; never wait for good
                    another.getOutputStream().write(("PUT /v2/mem/app/manifests/second HTTP/1.1\r\nHost: x\r\nContent-Type: "
                            + OCI_MANIFEST + "\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    another.getOutputStream().flush();
                    String answer = new String(another.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertThat(answer).as("another undeclared 64 KiB does not fit in the 36 left").startsWith("HTTP/1.1 429")
                            .containsIgnoringCase("Retry-After: 1").contains("TOOMANYREQUESTS");
                }

                HttpResponse<byte[]> small = client.pushManifest("mem/app", "small", OCI_MANIFEST, manifest);
                assertThat(small.statusCode()).as("a declared small manifest fits").isEqualTo(201);

                String rest = manifest.substring(1);
                out.write((Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = slow.getInputStream();
                assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 201");
            }
            // the room comes back once the slow request has ended (just after its answer is sent)
            HttpResponse<byte[]> again = null;
            for (int i = 0; i < 100 && (again == null || again.statusCode() != 201); i++) {
                if (again != null) {
                    Thread.sleep(50);
                }
                again = client.send(client.request("/v2/mem/app/manifests/second")
                        .header("Content-Type", OCI_MANIFEST)
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(manifest.getBytes(UTF_8)))));
            }
            assertThat(again.statusCode()).as("the room was given back").isEqualTo(201);
        }
    }
}
