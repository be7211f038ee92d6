package dev.stowage.server.http;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.ManifestTooLargeException;
import dev.stowage.registry.ManifestUnknownException;
import dev.stowage.registry.OperationUnsupportedException;
import dev.stowage.registry.Repository;
import dev.stowage.registry.manifest.Manifest;
import dev.stowage.registry.tag.TagStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v2/<name>/manifests/<reference>}: fetch, check, push and delete manifests by tag or by
 * digest. A fetch honours {@code Accept} as the Go registry does: an index a client does not
 * accept is answered with its {@code linux/amd64} image, an image manifest of a type the client
 * does not accept is not found.
 */
final class ManifestResource {

    private final ApiContext context;
    private final BodyBudget budget;

    ManifestResource(ApiContext context, BodyBudget budget) {
        this.context = context;
        this.budget = budget;
    }

    void handle(Exchange exchange, Route.Manifest route) throws IOException, ApiException {
        Repository repository = context.repository(route.name());
        String reference = route.reference();
        boolean byDigest = reference.indexOf(':') >= 0;
        switch (exchange.method()) {
            case "GET", "HEAD" -> {
                Digest digest = byDigest ? Digest.parse(reference) : repository.tags().resolve(TagStore.checkName(reference));
                fetch(exchange, repository, digest);
            }
            case "PUT" -> push(exchange, repository, reference, byDigest);
            case "DELETE" -> {
                if (byDigest) {
                    repository.manifests().delete(Digest.parse(reference));
                } else {
                    if (!context.options().deleteEnabled()) {
                        throw new OperationUnsupportedException("deletes are switched off (storage.delete.enabled)");
                    }
                    repository.tags().untag(TagStore.checkName(reference));
                }
                exchange.send(202);
            }
            default -> throw Methods.notAllowed(exchange, "GET, HEAD, PUT, DELETE");
        }
    }

    private void fetch(Exchange exchange, Repository repository, Digest digest) throws IOException {
        Manifest manifest = negotiate(exchange, repository, repository.manifests().get(digest));
        String etag = "\"" + manifest.descriptor().digest() + "\"";
        exchange.header("Docker-Content-Digest", manifest.descriptor().digest().toString()).header("ETag", etag);
        if (exchange.headerValues("If-None-Match").contains(etag)) {
            exchange.send(304);
            return;
        }
        exchange.send(200, manifest.mediaType(), manifest.content());
    }

    private static Manifest negotiate(Exchange exchange, Repository repository, Manifest manifest) throws IOException {
        List<String> accepted = accepted(exchange);
        if (accepted.isEmpty() || accepted.contains("*/*") || accepted.contains(manifest.mediaType())) {
            return manifest;
        }
        if (manifest.isIndex()) {
            for (Descriptor child : manifest.manifests()) {
                Optional<Descriptor.Platform> platform = child.platform();
                if (platform.isPresent() && platform.get().os().equals("linux")
                        && platform.get().architecture().equals("amd64") && accepted.contains(child.mediaType())) {
                    return repository.manifests().get(child.digest());
                }
            }
        }
        throw new ManifestUnknownException("manifest " + manifest.descriptor().digest() + " is " + manifest.mediaType()
                + ", which the request's Accept header does not list" + (manifest.isIndex()
                ? ", and it has no linux/amd64 image of an accepted type" : ""));
    }

    private static List<String> accepted(Exchange exchange) {
        List<String> types = new ArrayList<>();
        for (String value : exchange.headerValues("Accept")) {
            int semicolon = value.indexOf(';');
            String type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
            if (!type.isEmpty()) {
                types.add(type);
            }
        }
        return types;
    }

    private void push(Exchange exchange, Repository repository, String reference, boolean byDigest)
            throws IOException, ApiException {
        Digest stated = byDigest ? Digest.parse(reference) : null;
        if (!byDigest) {
            TagStore.checkName(reference);
        }
        long limit = context.options().maxManifestSize();
        long declared = exchange.contentLength();
        if (declared > limit) {
            exchange.readBody(limit); // drained, not held
            throw new ManifestTooLargeException("manifest of " + declared + " bytes is larger than the " + limit
                    + " bytes accepted", limit);
        }
        try (BodyBudget.Hold hold = budget.tryHold(declared >= 0 ? declared : limit).orElseThrow(() ->
                new ApiException(ApiErrorCode.TOOMANYREQUESTS, "the registry is holding as many manifests in memory as it"
                        + " allows at once; retry shortly", null, java.util.Map.of("Retry-After", "1")))) {
            store(exchange, repository, reference, byDigest, stated, limit);
        }
    }

    private void store(Exchange exchange, Repository repository, String reference, boolean byDigest, Digest stated,
                       long limit) throws IOException, ApiException {
        byte[] content = exchange.readBody(limit);
        if (content == null) {
            throw new ManifestTooLargeException("manifest is larger than the " + limit + " bytes accepted", limit);
        }
        if (stated != null && !Digest.compute(stated.algorithm(), content).equals(stated)) {
            throw new DigestInvalidException("manifest pushed as " + stated + " has digest "
                    + Digest.compute(stated.algorithm(), content));
        }
        Manifest stored = repository.manifests().put(exchange.header("Content-Type").orElse(null), content);
        Digest digest = stated != null ? stated : stored.descriptor().digest();
        if (!byDigest) {
            repository.tags().tag(reference, digest);
        }
        stored.subject().ifPresent(subject -> exchange.header("OCI-Subject", subject.digest().toString()));
        exchange.header("Location", exchange.urls().manifest(repository.name(), digest))
                .header("Docker-Content-Digest", digest.toString())
                .send(201);
    }
}
