package dev.stowage.server.http;

import dev.stowage.server.auth.Access;
import dev.stowage.server.auth.AccessController;
import dev.stowage.server.auth.Decision;
import dev.stowage.server.ops.Health;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCI distribution API as one Jetty handler: finds the resource a request names, hands it to
 * that resource's handler, and answers every failure through {@link ErrorResponses}. Runs each
 * request on a thread of the server's bounded pool (the storage calls block).
 */
final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final String prefix;
    private final Optional<URI> host;
    private final boolean relativeUrls;
    private final Map<String, List<String>> headers;
    private final AccessController access;
    private final boolean readOnly;
    private final MeterRegistry meters;
    private final Supplier<Optional<String>> health;
    private final java.util.concurrent.Semaphore storageRequests;
    private final long minDataRate;
    private final BaseResource base = new BaseResource();
    private final CatalogResource catalog;
    private final TagsResource tags;
    private final ManifestResource manifests;
    private final UploadResource uploads;
    private final BlobResource blobs;
    private final ReferrersResource referrers;

    ApiHandler(ApiContext context, String prefix, Optional<URI> host, boolean relativeUrls,
               Map<String, List<String>> headers, int maxCatalogEntries, AccessController access, boolean readOnly,
               MeterRegistry meters, Supplier<Optional<String>> health, int maxConcurrentRequests, long minDataRate,
               long manifestMemory) {
        this.prefix = normalisePrefix(prefix);
        this.host = host;
        this.relativeUrls = relativeUrls;
        this.headers = Map.copyOf(headers);
        this.access = access;
        this.readOnly = readOnly;
        this.meters = meters;
        this.health = health;
        this.storageRequests = new java.util.concurrent.Semaphore(maxConcurrentRequests);
        this.minDataRate = minDataRate;
        this.catalog = new CatalogResource(context, maxCatalogEntries);
        this.tags = new TagsResource(context);
        this.manifests = new ManifestResource(context, new BodyBudget(Math.max(manifestMemory,
                context.options().maxManifestSize())));
        this.uploads = new UploadResource(context);
        this.blobs = new BlobResource(context);
        this.referrers = new ReferrersResource(context);
    }

    private static String normalisePrefix(String prefix) {
        String p = prefix == null ? "" : prefix.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpURI uri = request.getHttpURI();
        Exchange exchange = new Exchange(request, response, callback, Urls.forRequest(host, relativeUrls, prefix,
                uri.getScheme() == null ? (request.isSecure() ? "https" : "http") : uri.getScheme(),
                uri.getAuthority(),
                Optional.ofNullable(request.getHeaders().get("X-Forwarded-Proto")),
                Optional.ofNullable(request.getHeaders().get("X-Forwarded-Host"))), () -> {
                    response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
                    headers.forEach((name, values) -> values.forEach(value -> response.getHeaders().add(name, value)));
                }, minDataRate);
        long start = System.nanoTime();
        String[] resource = {"none"};
        Request.addCompletionListener(request, failure -> Timer.builder("stowage.http.requests")
                .description("requests to the registry API").tag("resource", resource[0])
                .tag("method", request.getMethod()).tag("status", Integer.toString(response.getStatus()))
                .register(meters).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        try {
            String path = uri.getDecodedPath();
            if (path.equals(prefix + "/debug/health")) {
                Optional<String> problem = health.get();
                exchange.send(problem.isEmpty() ? 200 : 503, Json.CONTENT_TYPE,
                        Health.body(problem).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return true;
            }
            Optional<Route> route = path.startsWith(prefix + "/") ? Route.parse(path.substring(prefix.length()))
                    : Optional.empty();
            if (route.isEmpty()) {
                throw new ApiException(ApiErrorCode.NOT_FOUND, "no registry API endpoint at " + uri.getPath());
            }
            resource[0] = route.get().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            Optional<String> problem = health.get();
            if (problem.isPresent()) {
                throw new ApiException(ApiErrorCode.UNAVAILABLE, "the registry's storage is unhealthy: " + problem.get());
            }
            if (authorize(request, exchange, route.get())) {
                if (readOnly && !exchange.method().equals("GET") && !exchange.isHead()) {
                    throw new ApiException(ApiErrorCode.UNSUPPORTED, "the registry is in read-only mode"
                            + " (storage.maintenance.readonly)");
                }
                if (route.get() instanceof Route.Base) {
                    dispatch(exchange, route.get());
                } else if (storageRequests.tryAcquire()) {
                    try {
                        dispatch(exchange, route.get());
                    } finally {
                        storageRequests.release();
                    }
                } else {
                    throw new ApiException(ApiErrorCode.TOOMANYREQUESTS, "the registry is serving as many requests as it"
                            + " allows at once; retry shortly", null, Map.of("Retry-After", "1"));
                }
            }
        } catch (Throwable failure) {
            fail(exchange, failure);
        }
        return true;
    }

    /** The subject a request was granted to, as a request attribute for the access log. */
    static final String SUBJECT = "dev.stowage.server.subject";

    /** Asks the access controller; answers a refusal itself and returns false then. */
    private boolean authorize(Request request, Exchange exchange, Route route) {
        Decision decision = access.authorize(exchange.header("Authorization"), required(exchange, route));
        if (decision instanceof Decision.Granted granted) {
            if (!granted.subject().isEmpty()) {
                request.setAttribute(SUBJECT, granted.subject());
            }
            return true;
        }
        if (decision instanceof Decision.Challenge challenge) {
            LOG.debug("{} {} challenged: {}", exchange.method(), exchange.path(), challenge.reason());
            challenge.wwwAuthenticate().forEach(value -> exchange.addHeader("WWW-Authenticate", value));
            ErrorResponses.ErrorAnswer answer = ErrorResponses.answer(challenge.status(), ApiErrorCode.UNAUTHORIZED,
                    challenge.message(), challenge.detail().isEmpty() ? null : challenge.detail(), Map.of());
            exchange.send(answer.status(), Json.CONTENT_TYPE, answer.body());
            return false;
        }
        Decision.Failure failure = (Decision.Failure) decision;
        LOG.warn("{} {} refused: {}", exchange.method(), exchange.path(), failure.reason());
        exchange.send(failure.status());
        return false;
    }

    /** What a request needs: pull to read, pull and push to write, delete to delete, as the Go registry asks. */
    private static List<Access> required(Exchange exchange, Route route) {
        if (route instanceof Route.Base) {
            return List.of();
        }
        if (route instanceof Route.Catalog) {
            return List.of(Access.catalog());
        }
        String name = route.repository().orElseThrow();
        List<Access> needed = new ArrayList<>();
        switch (exchange.method()) {
            case "GET", "HEAD" -> needed.add(Access.repository(name, Access.PULL));
            case "DELETE" -> needed.add(Access.repository(name, Access.DELETE));
            default -> {
                needed.add(Access.repository(name, Access.PULL));
                needed.add(Access.repository(name, Access.PUSH));
                if (route instanceof Route.Uploads) {
                    exchange.query("from").filter(v -> !v.isEmpty()).filter(v -> exchange.query("mount").isPresent())
                            .ifPresent(from -> needed.add(Access.repository(from, Access.PULL)));
                }
            }
        }
        return needed;
    }

    private void dispatch(Exchange exchange, Route route) throws Exception {
        if (route instanceof Route.Base) {
            base.handle(exchange);
        } else if (route instanceof Route.Catalog) {
            catalog.handle(exchange);
        } else if (route instanceof Route.Tags r) {
            tags.handle(exchange, r);
        } else if (route instanceof Route.Manifest r) {
            manifests.handle(exchange, r);
        } else if (route instanceof Route.Uploads r) {
            uploads.start(exchange, r);
        } else if (route instanceof Route.Upload r) {
            uploads.handle(exchange, r);
        } else if (route instanceof Route.Blob r) {
            blobs.handle(exchange, r);
        } else if (route instanceof Route.Referrers r) {
            referrers.handle(exchange, r);
        } else {
            throw new IllegalStateException("unrouted " + route);
        }
    }

    private static void fail(Exchange exchange, Throwable failure) {
        if (exchange.committed() || failure instanceof org.eclipse.jetty.io.EofException
                || failure.getCause() instanceof org.eclipse.jetty.io.EofException) {
            LOG.debug("{} {} failed after its answer began", exchange.method(), exchange.path(), failure);
            exchange.abort(failure);
            return;
        }
        ErrorResponses.ErrorAnswer answer = ErrorResponses.of(failure);
        if (answer == null) {
            LOG.error("{} {} failed", exchange.method(), exchange.path(), failure);
            answer = ErrorResponses.internal();
        }
        if (!exchange.discardArrivedBody()) {
            // a refusal before the body was read (an unknown upload, a chunk out of order): the
            // client must not send its next request on this connection, which closes after the answer
            exchange.header("Connection", "close");
        }
        exchange.headers(answer.headers()).send(answer.status(), Json.CONTENT_TYPE, answer.body());
    }
}
