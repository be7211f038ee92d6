package dev.stowage.server.e2e;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA and the certificates it issues (BouncyCastle), written as PEM. */
final class Pki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key pair and its certificate. */
    record Issued(KeyPair keys, X509Certificate certificate) {
        PrivateKey privateKey() {
            return keys.getPrivate();
        }
    }

    private Pki() {}

    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed CA. */
    static Issued ca(String name) {
        KeyPair keys = ec();
        return new Issued(keys, certificate("CN=" + name, keys, "CN=" + name, keys.getPrivate(), true, List.of(), false));
    }

    /** A leaf signed by {@code ca}; {@code names} become DNS or IP subject alternative names. */
    static Issued leaf(Issued ca, String name, boolean server, String... names) {
        KeyPair keys = ec();
        return new Issued(keys, certificate("CN=" + name, keys, ca.certificate().getSubjectX500Principal().getName(),
                ca.privateKey(), false, List.of(names), server));
    }

    private static X509Certificate certificate(String subject, KeyPair keys, String issuer, PrivateKey signer, boolean ca,
            List<String> names, boolean server) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    BigInteger.valueOf(SERIAL.getAndIncrement()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), new X500Name(subject), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature
                    : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            if (server) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            if (!names.isEmpty()) {
                List<GeneralName> alternatives = new ArrayList<>();
                for (String n : names) {
                    boolean ip = n.chars().allMatch(c -> Character.isDigit(c) || c == '.') || n.contains(":");
                    alternatives.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                            : new GeneralName(GeneralName.dNSName, n));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternatives.toArray(new GeneralName[0])));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static Path writeCertificate(Path file, X509Certificate... chain) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate c : chain) {
            text.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Files.writeString(file, text);
        return file;
    }

    /** The private key as PKCS#8 PEM. */
    static Path writeKey(Path file, PrivateKey key) throws Exception {
        Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()));
        return file;
    }

    /** An SSL context trusting only {@code ca}. */
    static SSLContext trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
