package dev.stowage.server.http;

import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The URLs the registry hands out ({@code Location} headers, {@code Link} headers), as the Go
 * registry builds them: absolute, from the configured {@code http.host} when there is one, else
 * from the request ({@code X-Forwarded-Proto} and {@code X-Forwarded-Host} honoured); or, with
 * {@code http.relativeurls}, paths only.
 *
 * @param base the scheme and authority, and any path prefix, without a trailing slash; empty
 *     for relative URLs
 */
record Urls(String base) {

    /** The URLs for one request. */
    static Urls forRequest(Optional<URI> configuredHost, boolean relative, String prefix, String scheme,
                           String host, Optional<String> forwardedProto, Optional<String> forwardedHost) {
        String path = trimSlash(prefix);
        if (relative) {
            return new Urls(path);
        }
        if (configuredHost.isPresent()) {
            return new Urls(trimSlash(configuredHost.get().toString()) + path);
        }
        String s = forwardedProto.map(v -> first(v)).orElse(scheme);
        String h = forwardedHost.map(v -> first(v)).orElse(host);
        return new Urls(s + "://" + h + path);
    }

    private static String first(String commaList) {
        int comma = commaList.indexOf(',');
        return (comma < 0 ? commaList : commaList.substring(0, comma)).trim();
    }

    private static String trimSlash(String value) {
        String v = value == null ? "" : value;
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    String blob(RepositoryName name, Digest digest) {
        return base + "/v2/" + name + "/blobs/" + digest;
    }

    String manifest(RepositoryName name, Digest digest) {
        return base + "/v2/" + name + "/manifests/" + digest;
    }

    String upload(RepositoryName name, String id, String state) {
        return base + "/v2/" + name + "/blobs/uploads/" + id + "?_state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    /** The path of the next page of a listing (the Go registry sends it relative). */
    static String nextPage(String path, int n, String last) {
        return "<" + path + "?last=" + URLEncoder.encode(last, StandardCharsets.UTF_8) + "&n=" + n + ">; rel=\"next\"";
    }
}
