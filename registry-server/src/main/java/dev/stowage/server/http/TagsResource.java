package dev.stowage.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.registry.Repository;
import dev.stowage.registry.tag.TagStore;
import java.io.IOException;
import java.util.Optional;

/** {@code /v2/<name>/tags/list}: the repository's tags in lexical order, paged by {@code n} and {@code last}. */
final class TagsResource {

    private final ApiContext context;

    TagsResource(ApiContext context) {
        this.context = context;
    }

    void handle(Exchange exchange, Route.Tags route) throws IOException, ApiException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            throw Methods.notAllowed(exchange, "GET, HEAD");
        }
        Repository repository = context.repository(route.name());
        Optional<Integer> n = Paging.size(exchange, Integer.MAX_VALUE);
        Optional<String> last = exchange.query("last").filter(v -> !v.isEmpty());
        TagStore.TagPage page = repository.tags().list(last, n.orElse(Integer.MAX_VALUE));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("name", repository.name().toString());
        ArrayNode tags = body.putArray("tags");
        page.tags().forEach(tags::add);
        if (page.more() && n.isPresent() && !page.tags().isEmpty()) {
            exchange.header("Link", Urls.nextPage(exchange.path(), n.get(), page.tags().get(page.tags().size() - 1)));
        }
        exchange.send(200, Json.CONTENT_TYPE, Json.bytes(body));
    }
}
