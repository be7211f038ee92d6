package dev.stowage.server.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource a request path names, below the API's root {@code /v2/}. The repository name and
 * the reference are taken as the client wrote them; the resource handlers validate them before
 * any storage call.
 */
sealed interface Route {

    /** {@code /v2/}: the API version check. */
    record Base() implements Route {}

    /** {@code /v2/_catalog}. */
    record Catalog() implements Route {}

    /** {@code /v2/<name>/tags/list}. */
    record Tags(String name) implements InRepository {}

    /** {@code /v2/<name>/manifests/<reference>}, a tag or a digest. */
    record Manifest(String name, String reference) implements InRepository {}

    /** {@code /v2/<name>/blobs/uploads/}: starts an upload or mounts a blob. */
    record Uploads(String name) implements InRepository {}

    /** {@code /v2/<name>/blobs/uploads/<id>}: one upload in progress. */
    record Upload(String name, String id) implements InRepository {}

    /** {@code /v2/<name>/blobs/<digest>}. */
    record Blob(String name, String digest) implements InRepository {}

    /** {@code /v2/<name>/referrers/<digest>}. */
    record Referrers(String name, String digest) implements InRepository {}

    /** The repository the route is in, for access checks; empty for the base and the catalog. */
    default Optional<String> repository() {
        return Optional.empty();
    }

    /** A route inside one repository. */
    sealed interface InRepository extends Route {
        /** The repository name as the client wrote it. */
        String name();

        @Override
        default Optional<String> repository() {
            return Optional.of(name());
        }
    }

    Pattern TAGS = Pattern.compile("(.+)/tags/list");
    Pattern MANIFEST = Pattern.compile("(.+)/manifests/([^/]+)");
    Pattern UPLOADS = Pattern.compile("(.+)/blobs/uploads/?");
    Pattern UPLOAD = Pattern.compile("(.+)/blobs/uploads/([^/]+)");
    Pattern BLOB = Pattern.compile("(.+)/blobs/([^/]+)");
    Pattern REFERRERS = Pattern.compile("(.+)/referrers/([^/]+)");

    /**
     * The route of a decoded request path, or empty when the path names no resource of the API.
     *
     * @param path the path below any configured prefix, starting with {@code /v2}
     */
    static Optional<Route> parse(String path) {
        if (path.equals("/v2") || path.equals("/v2/")) {
            return Optional.of(new Base());
        }
        if (!path.startsWith("/v2/")) {
            return Optional.empty();
        }
        String rest = path.substring(4);
        if (rest.equals("_catalog")) {
            return Optional.of(new Catalog());
        }
        Matcher m;
        if ((m = TAGS.matcher(rest)).matches()) {
            return Optional.of(new Tags(m.group(1)));
        }
        if ((m = MANIFEST.matcher(rest)).matches()) {
            return Optional.of(new Manifest(m.group(1), m.group(2)));
        }
        if ((m = UPLOADS.matcher(rest)).matches()) {
            return Optional.of(new Uploads(m.group(1)));
        }
        if ((m = UPLOAD.matcher(rest)).matches()) {
            return Optional.of(new Upload(m.group(1), m.group(2)));
        }
        if ((m = BLOB.matcher(rest)).matches()) {
            return Optional.of(new Blob(m.group(1), m.group(2)));
        }
        if ((m = REFERRERS.matcher(rest)).matches()) {
            return Optional.of(new Referrers(m.group(1), m.group(2)));
        }
        return Optional.empty();
    }
}
