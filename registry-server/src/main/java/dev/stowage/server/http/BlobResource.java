package dev.stowage.server.http;

import dev.stowage.registry.Digest;
import dev.stowage.registry.Repository;
import dev.stowage.registry.blob.BlobRequest;
import dev.stowage.registry.blob.BlobResponse;
import java.io.IOException;

/** {@code /v2/<name>/blobs/<digest>}: fetch (whole or a range), check, delete. */
final class BlobResource {

    private final ApiContext context;

    BlobResource(ApiContext context) {
        this.context = context;
    }

    void handle(Exchange exchange, Route.Blob route) throws IOException, ApiException {
        Repository repository = context.repository(route.name());
        Digest digest = Digest.parse(route.digest());
        switch (exchange.method()) {
            case "GET", "HEAD" -> serve(exchange, repository, digest);
            case "DELETE" -> {
                repository.blobs().delete(digest);
                exchange.header("Docker-Content-Digest", digest.toString()).send(202);
            }
            default -> throw Methods.notAllowed(exchange, "GET, HEAD, DELETE");
        }
    }

    private static void serve(Exchange exchange, Repository repository, Digest digest) throws IOException {
        BlobRequest request = exchange.isHead() ? BlobRequest.head(digest) : BlobRequest.get(digest);
        if (exchange.header("Range").isPresent()) {
            request = request.withRange(exchange.header("Range").get());
        }
        if (exchange.header("If-None-Match").isPresent()) {
            request = request.withIfNoneMatch(exchange.header("If-None-Match").get());
        }
        BlobResponse response = repository.blobs().serve(request);
        exchange.headers(response.headers());
        if (response instanceof BlobResponse.Content content && content.body().isPresent()) {
            BlobResponse.Body body = content.body().get();
            exchange.stream(content.status(), body::writeTo);
        } else if (response instanceof BlobResponse.Content content) {
            exchange.sendHeadersOnly(content.status());
        } else {
            exchange.send(response.status());
        }
    }
}
