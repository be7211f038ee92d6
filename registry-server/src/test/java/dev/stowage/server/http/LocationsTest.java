package dev.stowage.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code Location} headers under {@code http.prefix}, {@code http.host}, {@code http.relativeurls} and forwarding proxies. */
class LocationsTest {

    private interface Check {
        void run(ApiClient client, URI base) throws Exception;
    }

    private static void with(UnaryOperator<RegistryServer.Builder> options, Check check) throws Exception {
        try (StorageDriver driver = StorageDrivers.create("inmemory", Map.of());
             Registry registry = Registry.builder(driver).build();
             RegistryServer server = options.apply(RegistryServer.builder(registry).address("127.0.0.1", 0)).build()) {
            server.start();
            check.run(new ApiClient(server.uri()), server.uri());
        }
    }

    @Test
    void aPrefixServesTheApiBelowItAndNothingElse() throws Exception {
        with(b -> b.prefix("/registry"), (client, base) -> {
            assertThat(base.getPath()).isEqualTo("/registry");
            assertThat(client.get("/v2/").statusCode()).isEqualTo(200);
            String location = client.startUpload("a/b");
            assertThat(location).startsWith(base + "/v2/a/b/blobs/uploads/");
            Digest digest = client.pushBlob("a/b", new byte[] {1, 2, 3});
            assertThat(client.get("/v2/a/b/blobs/" + digest).body()).containsExactly(1, 2, 3);
            ApiClient outside = new ApiClient(URI.create("http://127.0.0.1:" + base.getPort()));
            assertThat(outside.get("/v2/").statusCode()).isEqualTo(404);
        });
    }

    @Test
    void relativeUrlsArePathsOnly() throws Exception {
        with(b -> b.relativeUrls(true), (client, base) -> {
            String location = client.startUpload("a");
            assertThat(location).startsWith("/v2/a/blobs/uploads/");
        });
    }

    @Test
    void aConfiguredHostIsTheBaseOfEveryLocation() throws Exception {
        with(b -> b.publicHost(URI.create("https://registry.example.com/")), (client, base) -> {
            HttpResponse<byte[]> r = client.post("/v2/a/blobs/uploads/", new byte[0]);
            assertThat(client.location(r)).startsWith("https://registry.example.com/v2/a/blobs/uploads/");
        });
    }

    @Test
    void forwardedProtoAndHostAreHonouredWithoutAConfiguredHost() throws Exception {
        with(b -> b, (client, base) -> {
            HttpResponse<byte[]> r = client.send(client.request("/v2/a/blobs/uploads/")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "proxy.example.com, inner"));
            assertThat(client.location(r)).startsWith("https://proxy.example.com/v2/a/blobs/uploads/");
            HttpResponse<byte[]> plain = client.post("/v2/a/blobs/uploads/", new byte[0]);
            assertThat(client.location(plain)).startsWith(base + "/v2/a/blobs/uploads/");
        });
    }
}
