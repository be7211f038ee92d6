package dev.stowage.server.http;

import dev.stowage.server.config.TlsSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS setup of {@code http.tls}, from the PEM files the Go registry reads: a certificate chain,
 * its private key (PKCS#1, SEC1 or PKCS#8), and optional client CA bundles that every client
 * certificate must chain to.
 */
final class TlsContexts {

    private static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private TlsContexts() {}

    /**
     * A Jetty server SSL context for the settings.
     *
     * @throws IOException naming the file that cannot be read or holds no usable certificate or key
     */
    static SslContextFactory.Server server(TlsSettings settings) throws IOException {
        List<X509Certificate> chain = certificates(settings.certificate());
        PrivateKey key = privateKey(settings.key());
        SslContextFactory.Server factory = new SslContextFactory.Server();
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("registry", key, password, chain.toArray(new Certificate[0]));
            factory.setKeyStore(keys);
            factory.setKeyStorePassword("");
            factory.setKeyManagerPassword("");
            if (!settings.clientCas().isEmpty()) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Path bundle : settings.clientCas()) {
                    for (X509Certificate ca : certificates(bundle)) {
                        trust.setCertificateEntry("ca-" + i++, ca);
                    }
                }
                factory.setTrustStore(trust);
                factory.setNeedClientAuth(true);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("http.tls: cannot use the key in " + settings.key() + " with the certificate in "
                    + settings.certificate() + ": " + e.getMessage(), e);
        }
        String minimum = "TLSv" + settings.minimumTls().substring(3);
        if (minimum.equals("TLSv1.0")) {
            minimum = "TLSv1";
        }
        factory.setIncludeProtocols(PROTOCOLS.subList(PROTOCOLS.indexOf(minimum), PROTOCOLS.size()).toArray(new String[0]));
        if (!settings.cipherSuites().isEmpty()) {
            factory.setIncludeCipherSuites(settings.cipherSuites().toArray(new String[0]));
        }
        return factory;
    }

    private static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (var in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("http.tls: " + file + " holds no readable PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("http.tls: " + file + " holds no PEM certificate");
        }
        return certificates;
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        }
        throw new IOException("http.tls: " + file + " holds no unencrypted PEM private key");
    }
}
