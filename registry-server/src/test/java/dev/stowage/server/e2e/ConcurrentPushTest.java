package dev.stowage.server.e2e;

import static dev.stowage.server.e2e.E2e.skopeo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.testing.Skopeo;
import dev.stowage.server.StowageRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several skopeo processes pushing the same layers at once, into one repository and into several. */
class ConcurrentPushTest {

    @TempDir
    Path work;

    @Test
    void parallelPushesOfTheSameLayersAllSucceedAndEveryCopyPullsBackIntact() throws Exception {
        Skopeo.Image image = Skopeo.buildImage(work.resolve("image"), "v1", 3, 300_000, 91);
        try (StowageRegistry server = E2e.serve(E2e.config(work.resolve("store")))) {
            String host = E2e.hostPort(server);
            List<String> repositories = List.of("race/one", "race/two", "race/three", "race/same", "race/same", "race/same");
            ExecutorService pool = Executors.newFixedThreadPool(repositories.size());
            try {
                List<Future<?>> pushes = new ArrayList<>();
                for (String repository : repositories) {
                    pushes.add(pool.submit(() -> {
                        skopeo().push(image, host, repository);
                        return null;
                    }));
                }
                for (Future<?> push : pushes) {
                    push.get();
                }
            } finally {
                pool.shutdownNow();
            }
            for (String repository : List.of("race/one", "race/two", "race/three", "race/same")) {
                Path out = skopeo().pull(host, repository, "v1", work.resolve("out-" + repository.replace('/', '-')));
                assertThat(E2e.verifyLayout(out, "v1").iterator().next()).isEqualTo(image.manifest().digest());
                for (Descriptor blob : image.blobs()) {
                    assertThat(Files.readAllBytes(Skopeo.blobPath(out, blob.digest())))
                            .isEqualTo(Files.readAllBytes(image.blob(blob.digest())));
                }
            }
        }
        // No upload left behind by the pushes that lost a race (checked once the server has
        // stopped: completed uploads' files are removed in the background, and stopping waits for that).
        assertThat(E2e.files(work.resolve("store/docker/registry/v2/repositories/race/same/_uploads")))
                .noneMatch(p -> p.endsWith("startedat"));
    }
}
