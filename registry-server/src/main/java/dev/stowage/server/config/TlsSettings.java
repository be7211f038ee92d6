package dev.stowage.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code http.tls}, present only when a certificate is configured (as in Go, the section without
 * one leaves TLS off). Paths are as written: relative ones are relative to the working directory.
 * Files are not opened by the parser.
 *
 * @param certificate {@code certificate}: PEM certificate (chain)
 * @param key {@code key}: PEM private key
 * @param clientCas {@code clientcas}: PEM CA bundles; when not empty every client must present a
 *     certificate signed by one of them (Go's {@code RequireAndVerifyClientCert}); empty: none asked
 * @param minimumTls {@code minimumtls}: {@code tls1.0} to {@code tls1.3}, default {@code tls1.2}
 * @param cipherSuites {@code ciphersuites}: names from Go's table (IANA names, checked), as written;
 *     empty: the defaults. Go ignores them when the minimum is tls1.3
 */
public record TlsSettings(Path certificate, Path key, List<Path> clientCas, String minimumTls, List<String> cipherSuites) {

    /** Go's default minimum TLS version. */
    public static final String DEFAULT_MINIMUM_TLS = "tls1.2";

    public TlsSettings {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(minimumTls, "minimumTls");
        clientCas = List.copyOf(clientCas);
        cipherSuites = List.copyOf(cipherSuites);
    }
}
