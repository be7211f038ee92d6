package dev.stowage.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.registry.Descriptor;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixtures themselves: a push and a pull through the Go registry on a root the test owns. */
class GoRegistryFixtureTest {

    @TempDir
    Path temp;

    @Test
    void pushedBlobsLandInTheGivenRootAndPullBack() throws Exception {
        Skopeo skopeo = Skopeo.find();
        Path root = temp.resolve("root");
        try (GoRegistry registry = GoRegistry.start(root, GoRegistry.Options.defaults().withInMemoryCache())) {
            assertThat(Files.readString(registry.configFile()))
                    .contains("rootdirectory: \"" + root.toAbsolutePath() + "\"")
                    .contains("blobdescriptor: inmemory")
                    .contains("addr: \"127.0.0.1:" + registry.port() + "\"")
                    .doesNotContain("redis:");
            Skopeo.Image image = skopeo.pushRandomImage(registry.hostPort(), "fixture/app", "t1", 2, 4096);
            assertThat(image.layers()).hasSize(2);
            for (Descriptor blob : image.blobs()) {
                Path data = root.resolve("docker/registry/v2/blobs/sha256").resolve(blob.digest().hex().substring(0, 2))
                        .resolve(blob.digest().hex()).resolve("data");
                assertThat(Files.readAllBytes(data)).isEqualTo(Files.readAllBytes(image.blob(blob.digest())));
                assertThat(Files.readString(root.resolve("docker/registry/v2/repositories/fixture/app/_layers/sha256")
                        .resolve(blob.digest().hex()).resolve("link"))).isEqualTo(blob.digest().toString());
            }
            Path pulled = skopeo.pull(registry.hostPort(), "fixture/app", "t1", temp.resolve("pulled"));
            assertThat(Files.readAllBytes(Skopeo.blobPath(pulled, image.manifest().digest())))
                    .isEqualTo(Files.readAllBytes(image.blob(image.manifest().digest())));

            registry.stop();
            HttpClient http = HttpClient.newHttpClient();
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(registry.baseUri().resolve("/v2/")).build(),
                    HttpResponse.BodyHandlers.discarding())).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void redisCacheNeedsAnAddress() {
        assertThatThrownBy(() -> new GoRegistry.Options(GoRegistry.Cache.REDIS, java.util.Optional.empty(), 0, "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(GoRegistry.config(Path.of("/r"), 5000, GoRegistry.Options.defaults()))
                .doesNotContain("cache:").contains("secret: \"stowage-test-secret\"");
    }
}
