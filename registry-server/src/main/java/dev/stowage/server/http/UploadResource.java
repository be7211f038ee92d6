package dev.stowage.server.http;

import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.BlobUploadInvalidException;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.NameInvalidException;
import dev.stowage.registry.Repository;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.SizeInvalidException;
import dev.stowage.registry.blob.BlobWriter;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v2/<name>/blobs/uploads/} and {@code /v2/<name>/blobs/uploads/<id>}: blob uploads,
 * monolithic ({@code POST ?digest=}, or {@code POST} then {@code PUT}), chunked ({@code PATCH} with
 * {@code Content-Range}, in order), streamed ({@code PATCH} without one), their status, their
 * cancellation, and cross-repository mounts. The body of every request goes to storage as it
 * arrives; a request cut short keeps what arrived, and the upload resumes from there, except a
 * monolithic one written where its blob goes (see {@link BlobWriter#expect}), which leaves the
 * upload as it found it.
 */
final class UploadResource {

    private static final Logger LOG = LoggerFactory.getLogger(UploadResource.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d{1,19})-(\\d{1,19})");

    private final ApiContext context;

    UploadResource(ApiContext context) {
        this.context = context;
    }

    /** {@code POST /v2/<name>/blobs/uploads/}. */
    void start(Exchange exchange, Route.Uploads route) throws IOException, ApiException {
        if (!exchange.method().equals("POST")) {
            throw Methods.notAllowed(exchange, "POST");
        }
        Repository repository = context.repository(route.name());
        Optional<String> mount = exchange.query("mount").filter(v -> !v.isEmpty());
        Optional<String> from = exchange.query("from").filter(v -> !v.isEmpty());
        if (mount.isPresent() && from.isPresent()) {
            // A mount that cannot be made (no such blob in the source, or a source or digest that is
            // not valid) starts an upload instead, as the specification asks and the Go registry does.
            try {
                Digest digest = Digest.parse(mount.get());
                repository.blobs().mount(RepositoryName.parse(from.get()), digest);
                created(exchange, repository, digest);
                return;
            } catch (BlobUnknownException | NameInvalidException | DigestInvalidException e) {
                LOG.debug("mount of {} from {} into {} not made: {}", mount.get(), from.get(), repository.name(),
                        e.getMessage());
            }
        }
        Optional<String> digest = exchange.query("digest");
        if (digest.isPresent()) {
            Digest expected = Digest.parse(digest.get());
            BlobWriter writer = repository.blobs().create();
            try {
                writer.expect(expected);
                exchange.copyBodyTo(writer);
                writer.commit(expected);
            } catch (IOException | RuntimeException e) {
                cancelQuietly(writer, e);
                throw e;
            }
            created(exchange, repository, expected);
            return;
        }
        BlobWriter writer = repository.blobs().create();
        Map<String, String> progress;
        try {
            progress = progressHeaders(exchange, repository, writer);
        } finally {
            writer.close();
        }
        if (context.minChunkLength() > 0) {
            exchange.header("OCI-Chunk-Min-Length", Long.toString(context.minChunkLength()));
        }
        exchange.headers(progress).send(202);
    }

    /** {@code GET}, {@code PATCH}, {@code PUT}, {@code DELETE /v2/<name>/blobs/uploads/<id>}. */
    void handle(Exchange exchange, Route.Upload route) throws IOException, ApiException {
        Repository repository = context.repository(route.name());
        String method = exchange.method();
        if (!method.equals("GET") && !method.equals("PATCH") && !method.equals("PUT") && !method.equals("DELETE")) {
            throw Methods.notAllowed(exchange, "GET, PATCH, PUT, DELETE");
        }
        Optional<UploadState> state = checkState(exchange, route);
        Digest expected = null;
        if (method.equals("PUT")) {
            expected = Digest.parse(exchange.query("digest").orElseThrow(() -> new DigestInvalidException(
                    "PUT of upload " + route.id() + " needs a digest query parameter (?digest=sha256:...)")));
        }
        // The writer is released before the answer goes out: a client may send its next request
        // the moment it has the answer, and that request must find the upload free.
        BlobWriter writer = writer(repository, route, method, state);
        int status;
        Map<String, String> headers = Map.of();
        try {
            switch (method) {
                case "GET" -> {
                    headers = progressHeaders(exchange, repository, writer);
                    status = 204;
                }
                case "DELETE" -> {
                    writer.cancel();
                    status = 204;
                }
                case "PATCH" -> {
                    receive(exchange, repository, writer);
                    headers = progressHeaders(exchange, repository, writer);
                    status = 202;
                }
                default -> {
                    writer.expect(expected);
                    receive(exchange, repository, writer);
                    writer.commit(expected);
                    headers = createdHeaders(exchange, repository, expected);
                    status = 201;
                }
            }
        } finally {
            writer.close(); // saves what arrived; nothing after a commit or cancel
        }
        exchange.headers(headers).send(status);
    }

    /**
     * The upload's writer, continued on the word of the client's signed token (its start and
     * offset) when there is one. An upload is in storage only once it holds bytes, so one the
     * token says is empty is vouched for by the token: a PATCH, PUT or DELETE with such a token
     * (the first after the POST) starts it afresh without looking at storage, and a status
     * {@code GET} finds it empty when storage has no trace of it. Otherwise storage must know it.
     */
    private static BlobWriter writer(Repository repository, Route.Upload route, String method, Optional<UploadState> state)
            throws IOException {
        if (state.isEmpty()) {
            return repository.blobs().resume(route.id());
        }
        if (state.get().offset() == 0 && !method.equals("GET")) {
            return repository.blobs().resumeFromStart(route.id(), state.get().startedAt());
        }
        return repository.blobs().resume(route.id(), state.get().startedAt(), state.get().offset());
    }

    /** Appends the body, after checking a stated {@code Content-Range} against the upload's size. */
    private void receive(Exchange exchange, Repository repository, BlobWriter writer)
            throws IOException, ApiException {
        Optional<String> contentRange = exchange.header("Content-Range");
        long expected = -1;
        if (contentRange.isPresent()) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.get().trim());
            if (!m.matches()) {
                throw new BlobUploadInvalidException("Content-Range \"" + contentRange.get()
                        + "\" is not <first>-<last> (byte positions, inclusive)");
            }
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (first != writer.size() || last < first) {
                throw new ApiException(ApiErrorCode.RANGE_INVALID, "Content-Range " + first + "-" + last
                        + " does not continue the upload, which holds " + writer.size() + " bytes",
                        null, progressHeaders(exchange, repository, writer));
            }
            expected = last - first + 1;
            long declared = exchange.contentLength();
            if (declared >= 0 && declared != expected) {
                throw new SizeInvalidException("Content-Length " + declared + " does not match Content-Range "
                        + first + "-" + last + " (" + expected + " bytes)");
            }
        }
        long received = exchange.copyBodyTo(writer);
        if (expected >= 0 && received != expected) {
            throw new SizeInvalidException("Content-Range promised " + expected + " bytes, the body had " + received
                    + "; the upload now holds " + writer.size() + " bytes");
        }
    }

    /** The upload's state token, checked against the route, if the request has one. */
    private Optional<UploadState> checkState(Exchange exchange, Route.Upload route) throws BlobUploadInvalidException {
        Optional<String> token = exchange.query("_state");
        if (token.isEmpty()) {
            return Optional.empty(); // the id alone names the upload; the token only vouches for it
        }
        UploadState state = UploadState.unpack(token.get(), context.secret());
        if (!state.name().equals(route.name()) || !state.uuid().equals(route.id())) {
            throw new BlobUploadInvalidException("the upload's _state token is for upload " + state.uuid() + " of "
                    + state.name() + ", not " + route.id() + " of " + route.name());
        }
        return Optional.of(state);
    }

    private Map<String, String> progressHeaders(Exchange exchange, Repository repository, BlobWriter writer) {
        String state = new UploadState(repository.name().toString(), writer.id(), writer.size(), writer.startedAt())
                .pack(context.secret());
        long end = writer.size() > 0 ? writer.size() - 1 : 0;
        return Map.of("Location", exchange.urls().upload(repository.name(), writer.id(), state),
                "Range", "0-" + end,
                "Docker-Upload-UUID", writer.id());
    }

    private static void created(Exchange exchange, Repository repository, Digest digest) {
        exchange.headers(createdHeaders(exchange, repository, digest)).send(201);
    }

    private static Map<String, String> createdHeaders(Exchange exchange, Repository repository, Digest digest) {
        return Map.of("Location", exchange.urls().blob(repository.name(), digest),
                "Docker-Content-Digest", digest.toString());
    }

    private static void cancelQuietly(BlobWriter writer, Exception cause) {
        try {
            writer.cancel();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
