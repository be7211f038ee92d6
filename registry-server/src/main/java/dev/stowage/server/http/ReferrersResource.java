package dev.stowage.server.http;

import dev.stowage.registry.Digest;
import dev.stowage.registry.Repository;
import dev.stowage.registry.manifest.MediaTypes;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /v2/<name>/referrers/<digest>} (OCI 1.1): an image index of the manifests whose
 * {@code subject} is the digest, filtered by {@code artifactType} when asked (and then saying so in
 * {@code OCI-Filters-Applied}); an empty index when there are none.
 */
final class ReferrersResource {

    private final ApiContext context;

    ReferrersResource(ApiContext context) {
        this.context = context;
    }

    void handle(Exchange exchange, Route.Referrers route) throws IOException, ApiException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            throw Methods.notAllowed(exchange, "GET, HEAD");
        }
        Repository repository = context.repository(route.name());
        Digest subject = Digest.parse(route.digest());
        Optional<String> artifactType = exchange.query("artifactType").filter(v -> !v.isEmpty());
        byte[] index = repository.referrers().index(subject, artifactType);
        if (artifactType.isPresent()) {
            exchange.header("OCI-Filters-Applied", "artifactType");
        }
        exchange.send(200, MediaTypes.OCI_INDEX, index);
    }
}
