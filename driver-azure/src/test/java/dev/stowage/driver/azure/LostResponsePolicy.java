package dev.stowage.driver.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * Simulates a timeout after the server did the work: the {@code n}-th Put Block request goes to
 * the server and succeeds there, then its response is dropped and the SDK sees a
 * {@link TimeoutException}, so its retry policy sends the same block again. Sits after the retry
 * policy (per try), like the network.
 */
final class LostResponsePolicy implements HttpPipelinePolicy {

    private final int failingStage;
    final AtomicInteger stageRequests = new AtomicInteger();
    final AtomicInteger lostResponses = new AtomicInteger();

    LostResponsePolicy(int failingStage) {
        this.failingStage = failingStage;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        boolean lose = countAndDecide(context);
        return next.process().flatMap(response -> {
            if (!lose) {
                return Mono.just(response);
            }
            response.close();
            lostResponses.incrementAndGet();
            return Mono.error(new TimeoutException("simulated: the block reached the server, its response was lost"));
        });
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        boolean lose = countAndDecide(context);
        HttpResponse response = next.processSync();
        if (!lose) {
            return response;
        }
        int status = response.getStatusCode();
        response.close();
        if (status != 201) {
            throw new IllegalStateException("the server did not store the block: " + status);
        }
        lostResponses.incrementAndGet();
        throw Exceptions.propagate(new TimeoutException("simulated: the block reached the server, its response was lost"));
    }

    private boolean countAndDecide(HttpPipelineCallContext context) {
        String query = context.getHttpRequest().getUrl().getQuery();
        boolean stage = context.getHttpRequest().getHttpMethod() == HttpMethod.PUT && query != null
                && query.contains("comp=block") && !query.contains("comp=blocklist");
        return stage && stageRequests.incrementAndGet() == failingStage;
    }
}
