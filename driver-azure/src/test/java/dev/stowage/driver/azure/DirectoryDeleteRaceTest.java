package dev.stowage.driver.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A directory delete discards the uncommitted writer sessions below it, and never shows a file
 * that was put and deleted by others while it ran as an empty file. The races are made
 * deterministic by a pipeline policy that changes the container around the delete's own requests.
 */
class DirectoryDeleteRaceTest {

    @Test
    void aFilePutAndDeletedByOthersDuringADirectoryDeleteIsNeverSeenEmpty() throws IOException {
        Map<String, Object> parameters = Azurite.get().parameters();
        try (StorageDriver others = TestDrivers.create(parameters)) {
            Churn churn = new Churn(others, "/d/b");
            try (StorageDriver driver = TestDrivers.create(parameters, List.of(churn), 5000)) {
                driver.putContent("/d/a", "a".getBytes(UTF_8));
                churn.armed = true;

                driver.delete("/d");

                assertThat(churn.churned).as("the delete listed uncommitted blobs, around which /d/b came and went").isTrue();
                assertThat(churn.seen).as("sizes of /d/b seen after each of the delete's requests on it").isEmpty();
                assertThatThrownBy(() -> others.stat("/d/b")).isInstanceOf(PathNotFoundException.class);
                assertThatThrownBy(() -> others.stat("/d")).isInstanceOf(PathNotFoundException.class);
            }
        }
    }

    @Test
    void aWriterSessionBelowADeletedDirectoryIsDiscarded() throws IOException {
        Map<String, Object> parameters = Azurite.get().parameters();
        try (StorageDriver driver = TestDrivers.create(parameters)) {
            driver.putContent("/d/a", "a".getBytes(UTF_8));
            try (FileWriter writer = driver.writer("/d/w", false)) {
                writer.write(java.nio.ByteBuffer.wrap("staged".getBytes(UTF_8)));
            }

            driver.delete("/d");

            assertThatThrownBy(() -> driver.writer("/d/w", true)).isInstanceOf(PathNotFoundException.class);
            assertThatThrownBy(() -> driver.stat("/d/w")).isInstanceOf(PathNotFoundException.class);
        }
    }

    /**
     * Puts {@code path} just before the delete lists uncommitted blobs and deletes it just after,
     * as a concurrent putter and deleter could; then records the size of {@code path} after every
     * later request of the delete that names it.
     */
    private static final class Churn implements HttpPipelinePolicy {

        private final StorageDriver others;
        private final String path;
        volatile boolean armed;
        volatile boolean churned;
        final List<Long> seen = new CopyOnWriteArrayList<>();

        Churn(StorageDriver others, String path) {
            this.others = others;
            this.path = path;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            HttpRequest request = context.getHttpRequest(); // on a network thread, which must not block
            return Mono.fromRunnable(() -> before(request)).subscribeOn(Schedulers.boundedElastic())
                    .then(next.process())
                    .flatMap(response -> Mono.fromRunnable(() -> after(request)).subscribeOn(Schedulers.boundedElastic())
                            .thenReturn(response));
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            HttpRequest request = context.getHttpRequest();
            before(request);
            HttpResponse response = next.processSync();
            after(request);
            return response;
        }

        private boolean listsUncommitted(HttpRequest request) {
            String query = request.getUrl().getQuery();
            return armed && query != null && query.contains("uncommittedblobs");
        }

        private boolean names(HttpRequest request) {
            return armed && churned && java.net.URLDecoder.decode(request.getUrl().getPath(), UTF_8).endsWith(path);
        }

        private void before(HttpRequest request) {
            if (listsUncommitted(request)) {
                io(() -> others.putContent(path, "b".getBytes(UTF_8)));
            }
        }

        private void after(HttpRequest request) {
            if (listsUncommitted(request)) {
                io(() -> others.delete(path));
                churned = true;
            } else if (names(request) && request.getHttpMethod() != HttpMethod.GET) {
                try {
                    seen.add(others.stat(path).size());
                } catch (PathNotFoundException gone) {
                    // what a delete should leave
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private static void io(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private interface IoAction {
            void run() throws IOException;
        }
    }
}
