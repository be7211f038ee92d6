package dev.stowage.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Registry;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UnhealthyStorageTest {

    @Test
    void whileTheStorageIsUnhealthyEveryApiRequestIs503AndHealthSaysWhy() throws Exception {
        AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
        try (StorageDriver driver = StorageDrivers.create("inmemory", Map.of());
             Registry registry = Registry.builder(driver).build();
             RegistryServer server = RegistryServer.builder(registry).address("127.0.0.1", 0).health(problem::get).build()) {
            server.start();
            ApiClient client = new ApiClient(server.uri());
            assertThat(client.get("/v2/").statusCode()).isEqualTo(200);
            assertThat(client.get("/debug/health").statusCode()).isEqualTo(200);
            problem.set(Optional.of("s3: connection refused"));
            HttpResponse<byte[]> api = client.get("/v2/");
            assertThat(api.statusCode()).isEqualTo(503);
            assertThat(ApiClient.errorCode(api)).isEqualTo("UNAVAILABLE");
            HttpResponse<byte[]> health = client.get("/debug/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(ApiClient.text(health)).isEqualTo("{\"storagedriver\":\"s3: connection refused\"}");
            problem.set(Optional.empty());
            assertThat(client.get("/v2/").statusCode()).isEqualTo(200);
        }
    }
}
