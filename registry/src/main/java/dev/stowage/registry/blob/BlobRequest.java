package dev.stowage.registry.blob;

import dev.stowage.registry.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * A request for a blob, as any transport states it.
 *
 * @param method {@link Method#GET} for the content, {@link Method#HEAD} for the headers only
 * @param digest the blob asked for
 * @param range the value of a {@code Range} header ({@code bytes=0-99}, {@code bytes=100-},
 *     {@code bytes=-100}), if any; a value that is not one such range is ignored and the whole blob
 *     served, as HTTP allows
 * @param ifNoneMatch the value of an {@code If-None-Match} header, if any
 */
public record BlobRequest(Method method, Digest digest, Optional<String> range, Optional<String> ifNoneMatch) {

    public BlobRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(ifNoneMatch, "ifNoneMatch");
    }

    /** A plain {@code GET} of the whole blob. */
    public static BlobRequest get(Digest digest) {
        return new BlobRequest(Method.GET, digest, Optional.empty(), Optional.empty());
    }

    /** A plain {@code HEAD}. */
    public static BlobRequest head(Digest digest) {
        return new BlobRequest(Method.HEAD, digest, Optional.empty(), Optional.empty());
    }

    /** A copy with a {@code Range} header value. */
    public BlobRequest withRange(String value) {
        return new BlobRequest(method, digest, Optional.of(value), ifNoneMatch);
    }

    /** A copy with an {@code If-None-Match} header value. */
    public BlobRequest withIfNoneMatch(String value) {
        return new BlobRequest(method, digest, range, Optional.of(value));
    }

    /** The methods a blob can be asked with. */
    public enum Method { GET, HEAD }
}
