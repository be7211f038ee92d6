package dev.stowage.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * getContent of a blob larger than an array holds: a policy makes the GET of one small blob
 * announce 3 GiB, and the driver refuses it by path and size from the Content-Length, before
 * allocating or reading.
 */
class GetContentSizeTest {

    private static final long HUGE = 3L << 30;

    @Test
    void aBlobLargerThanAnArrayIsRefusedNamingPathAndSize() throws IOException {
        Map<String, Object> parameters = Azurite.get().parameters();
        try (StorageDriver driver = TestDrivers.create(parameters, List.of(new AnnouncesHugeBody()), 5000)) {
            driver.putContent("/sizes/huge", new byte[] {1, 2, 3});
            driver.putContent("/sizes/small", new byte[] {4, 5});
            assertThatThrownBy(() -> driver.getContent("/sizes/huge")).isInstanceOf(StorageDriverException.class)
                    .hasMessageContaining("/sizes/huge").hasMessageContaining(Long.toString(HUGE));
            assertThat(driver.getContent("/sizes/small")).containsExactly(4, 5);
            driver.delete("/sizes");
        }
    }

    /** For a GET of a blob whose name ends in {@code huge}, a response whose Content-Length says 3 GiB. */
    private static final class AnnouncesHugeBody implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            boolean huge = context.getHttpRequest().getHttpMethod() == HttpMethod.GET
                    && context.getHttpRequest().getUrl().getPath().endsWith("huge"); // the blob name's '/' is escaped
            return next.process().map(response -> huge ? new Announcing(response) : response);
        }
    }

    private static final class Announcing extends HttpResponse {
        private final HttpResponse real;
        private final HttpHeaders headers;

        Announcing(HttpResponse real) {
            super(real.getRequest());
            this.real = real;
            this.headers = new HttpHeaders(real.getHeaders()).set(HttpHeaderName.CONTENT_LENGTH, Long.toString(HUGE));
        }

        @Override
        public int getStatusCode() {
            return real.getStatusCode();
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return real.getBody();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return real.getBodyAsByteArray();
        }

        @Override
        public Mono<String> getBodyAsString() {
            return real.getBodyAsString();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return real.getBodyAsString(charset);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
