package dev.stowage.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.catalog.Catalog;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /v2/_catalog}: the registry's repositories in the Go registry's order, 100 to a page
 * unless {@code n} says otherwise (at most {@code maxEntries}), continued after {@code last}.
 */
final class CatalogResource {

    static final int DEFAULT_ENTRIES = 100;

    private final ApiContext context;
    private final int maxEntries;

    CatalogResource(ApiContext context, int maxEntries) {
        this.context = context;
        this.maxEntries = maxEntries;
    }

    void handle(Exchange exchange) throws IOException, ApiException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            throw Methods.notAllowed(exchange, "GET, HEAD");
        }
        int n = Paging.size(exchange, maxEntries).orElse(Math.min(DEFAULT_ENTRIES, maxEntries));
        Optional<String> lastText = exchange.query("last").filter(v -> !v.isEmpty());
        Optional<RepositoryName> last = lastText.isPresent() ? Optional.of(RepositoryName.parse(lastText.get()))
                : Optional.empty();
        Catalog.Page page = context.registry().catalog().page(last, n);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode repositories = body.putArray("repositories");
        page.repositories().forEach(name -> repositories.add(name.toString()));
        if (page.more() && page.last().isPresent()) {
            exchange.header("Link", Urls.nextPage(exchange.path(), n, page.last().get().toString()));
        }
        exchange.send(200, Json.CONTENT_TYPE, Json.bytes(body));
    }
}
