package dev.stowage.registry.blob;

import dev.stowage.registry.Descriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a {@link BlobRequest}: one of four kinds, each with the headers a client relies
 * on ({@code Docker-Content-Digest}, {@code ETag}, and where they apply {@code Content-Length},
 * {@code Content-Type}, {@code Content-Range}, {@code Accept-Ranges}, {@code Cache-Control},
 * {@code Location}).
 */
public sealed interface BlobResponse {

    /** The blob the answer is about. */
    Descriptor descriptor();

    /** The HTTP status that stands for this answer: 200, 206, 304, 307 or 416. */
    int status();

    /** The headers of this answer, in a stable order. */
    Map<String, String> headers();

    /** The strong entity tag of a blob: its digest in quotes. */
    static String etag(Descriptor descriptor) {
        return "\"" + descriptor.digest() + "\"";
    }

    /**
     * The content, whole or a range of it.
     *
     * @param range the bytes served, or empty for the whole blob
     * @param body the bytes to send; empty for {@code HEAD}
     */
    record Content(Descriptor descriptor, Optional<Range> range, Optional<Body> body) implements BlobResponse {
        public Content {
            Objects.requireNonNull(descriptor, "descriptor");
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public int status() {
            return range.isPresent() ? 206 : 200;
        }

        /** The number of bytes the body has (or would have, for {@code HEAD}). */
        public long contentLength() {
            return range.map(Range::length).orElse(descriptor.size());
        }

        @Override
        public Map<String, String> headers() {
            Map<String, String> h = common(descriptor);
            h.put("Content-Type", descriptor.mediaType());
            h.put("Content-Length", Long.toString(contentLength()));
            h.put("Accept-Ranges", "bytes");
            h.put("Cache-Control", "max-age=31536000");
            range.ifPresent(r -> h.put("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + descriptor.size()));
            return h;
        }
    }

    /** The client's copy is current ({@code If-None-Match} matched): no body. */
    record NotModified(Descriptor descriptor) implements BlobResponse {
        @Override
        public int status() {
            return 304;
        }

        @Override
        public Map<String, String> headers() {
            return common(descriptor);
        }
    }

    /** Fetch the blob from the driver's URL instead. */
    record Redirect(Descriptor descriptor, URI location) implements BlobResponse {
        @Override
        public int status() {
            return 307;
        }

        @Override
        public Map<String, String> headers() {
            Map<String, String> h = common(descriptor);
            h.put("Location", location.toString());
            return h;
        }
    }

    /** The range asked for lies outside the blob. */
    record RangeNotSatisfiable(Descriptor descriptor) implements BlobResponse {
        @Override
        public int status() {
            return 416;
        }

        @Override
        public Map<String, String> headers() {
            Map<String, String> h = common(descriptor);
            h.put("Content-Range", "bytes */" + descriptor.size());
            return h;
        }
    }

    /**
     * An inclusive range of byte positions within a blob.
     *
     * @param first the first byte served
     * @param last the last byte served, at least {@code first}
     */
    record Range(long first, long last) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
            }
        }

        /** The number of bytes in the range. */
        public long length() {
            return last - first + 1;
        }
    }

    /** The bytes of a {@link Content} answer, read from storage as they are sent. */
    interface Body {

        /** The number of bytes {@link #writeTo} writes. */
        long length();

        /**
         * Copies the bytes to {@code out} through a buffer of the registry's configured size.
         * Storage is first read here, so a blob deleted since the answer was made fails here.
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private static Map<String, String> common(Descriptor descriptor) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Docker-Content-Digest", descriptor.digest().toString());
        h.put("ETag", etag(descriptor));
        return h;
    }
}
