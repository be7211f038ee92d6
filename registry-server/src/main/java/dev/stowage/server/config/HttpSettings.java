package dev.stowage.server.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code http} section.
 *
 * @param addr {@code addr}: {@code host:port} to listen on ({@code :5000} listens on every
 *     interface), or a socket path when {@code net} is unix; Go's default {@code :5000}
 * @param net {@code net}: tcp (default) or unix
 * @param host {@code host}: the externally reachable absolute URL, used to build absolute
 *     {@code Location} headers; empty: taken from each request
 * @param prefix {@code prefix}: the path the registry is served under, as written; empty: {@code /}
 * @param secret {@code secret}: key for signing upload state; empty: the server chooses a random one
 * @param relativeUrls {@code relativeurls}: relative {@code Location} headers
 * @param drainTimeout {@code draintimeout}: how long to wait for requests on shutdown; zero: no wait
 * @param tls {@code tls}, when a certificate is configured
 * @param debug {@code debug}, when it has an address
 * @param headers {@code headers}: extra response headers, names as written (case kept), in file order
 * @param http2Disabled {@code http2.disabled}
 */
public record HttpSettings(
        String addr,
        Network net,
        Optional<URI> host,
        String prefix,
        Optional<String> secret,
        boolean relativeUrls,
        Duration drainTimeout,
        Optional<TlsSettings> tls,
        Optional<DebugSettings> debug,
        Map<String, List<String>> headers,
        boolean http2Disabled) {

    /** Go's default listen address when the file sets none. */
    public static final String GO_DEFAULT_ADDR = ":5000";

    public HttpSettings {
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(debug, "debug");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The secret is masked. */
    @Override
    public String toString() {
        return "HttpSettings[addr=" + addr + ", net=" + net + ", host=" + host + ", prefix=" + prefix
                + ", secret=" + secret.map(s -> "****") + ", relativeUrls=" + relativeUrls
                + ", drainTimeout=" + drainTimeout + ", tls=" + tls + ", debug=" + debug + ", headers=" + headers
                + ", http2Disabled=" + http2Disabled + "]";
    }
}
