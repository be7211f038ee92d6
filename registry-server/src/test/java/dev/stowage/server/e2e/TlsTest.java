package dev.stowage.server.e2e;

import static dev.stowage.server.e2e.E2e.skopeo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.testing.Skopeo;
import dev.stowage.server.StowageRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** http.tls with a certificate for localhost and 127.0.0.1 from a test CA: clients that verify it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {

    @TempDir
    static Path work;

    private StowageRegistry server;
    private Pki.Issued ca;
    private Path certDir;
    private int port;

    @BeforeAll
    void start() throws Exception {
        ca = Pki.ca("Stowage E2E Test CA");
        Pki.Issued leaf = Pki.leaf(ca, "localhost", true, "localhost", "127.0.0.1");
        Path certificate = Pki.writeCertificate(work.resolve("server.crt"), leaf.certificate(), ca.certificate());
        Path key = Pki.writeKey(work.resolve("server.key"), leaf.privateKey());
        certDir = Files.createDirectories(work.resolve("certs.d"));
        Pki.writeCertificate(certDir.resolve("ca.crt"), ca.certificate());
        server = E2e.serve(E2e.config(work.resolve("store"), true,
                "  tls:\n    certificate: \"" + certificate + "\"\n    key: \"" + key + "\"\n", ""));
        assertThat(server.uri().getScheme()).isEqualTo("https");
        port = server.uri().getPort();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void skopeoPushesAndPullsWithVerificationAgainstTheTestCa() throws Exception {
        // layers longer than the registry's read buffer: their answers go from the mapped file through TLS
        Skopeo.Image image = Skopeo.buildImage(work.resolve("image"), "v1", 3, 300_000, 31);
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port)) {
            skopeo().copy(List.of("--dest-tls-verify=true", "--dest-cert-dir", certDir.toString(), "--preserve-digests",
                    "oci:" + image.layout() + ":v1", "docker://" + host + "/tls/image:v1"));
            Path out = Files.createDirectories(work.resolve("pulled-" + host.replace(':', '-')));
            skopeo().copy(List.of("--src-tls-verify=true", "--src-cert-dir", certDir.toString(), "--preserve-digests",
                    "--dest-oci-accept-uncompressed-layers", "docker://" + host + "/tls/image:v1", "oci:" + out + ":v1"));
            assertThat(E2e.verifyLayout(out, "v1")).contains(image.manifest().digest());
            for (Descriptor blob : image.blobs()) {
                assertThat(Files.readAllBytes(Skopeo.blobPath(out, blob.digest())))
                        .isEqualTo(Files.readAllBytes(image.blob(blob.digest())));
            }
        }
    }

    @Test
    void skopeoWithoutTheCaRefusesTheCertificate() throws Exception {
        Skopeo.Image image = Skopeo.buildImage(work.resolve("untrusted"), "v1", 1, 1000, 32);
        Path empty = Files.createDirectories(work.resolve("empty-certs"));
        assertThatThrownBy(() -> skopeo().copy(List.of("--dest-tls-verify=true", "--dest-cert-dir", empty.toString(),
                "oci:" + image.layout() + ":v1", "docker://localhost:" + port + "/tls/untrusted:v1")))
                .isInstanceOf(IOException.class).hasMessageContaining("x509");
    }

    @Test
    void javaHttpClientWithATrustStoreVerifiesTheServerAndReadsBlobs() throws Exception {
        Http https = new Http(URI.create("https://localhost:" + port),
                HttpClient.newBuilder().sslContext(Pki.trusting(ca.certificate())));
        HttpResponse<byte[]> base = https.get("/v2/");
        assertThat(base.statusCode()).isEqualTo(200);
        assertThat(base.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");

        byte[] content = "a blob over TLS".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> post = https.send("POST", "/v2/tls/java/blobs/uploads/", new byte[0]);
        assertThat(post.statusCode()).isEqualTo(202);
        String location = Http.location(post);
        assertThat(location).startsWith("https://");
        dev.stowage.registry.Digest digest = dev.stowage.registry.Digest.sha256(content);
        assertThat(https.send("PUT", Http.withDigest(location, digest), content,
                "Content-Type", "application/octet-stream").statusCode()).isEqualTo(201);
        assertThat(https.get("/v2/tls/java/blobs/" + digest).body()).isEqualTo(content);

        // The JDK's default trust store does not know the test CA.
        Http untrusting = new Http(URI.create("https://localhost:" + port));
        assertThatThrownBy(() -> untrusting.get("/v2/")).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void mutualTlsAcceptsSkopeoWithAClientCertificateAndRefusesItWithout() throws Exception {
        Pki.Issued clientCa = Pki.ca("Stowage E2E Client CA");
        Pki.Issued client = Pki.leaf(clientCa, "e2e-client", false);
        Path clientCas = Pki.writeCertificate(work.resolve("client-ca.pem"), clientCa.certificate());
        Pki.Issued leaf = Pki.leaf(ca, "localhost", true, "localhost", "127.0.0.1");
        Path certificate = Pki.writeCertificate(work.resolve("mtls-server.crt"), leaf.certificate());
        Path key = Pki.writeKey(work.resolve("mtls-server.key"), leaf.privateKey());
        Path withClient = Files.createDirectories(work.resolve("mtls-certs"));
        Pki.writeCertificate(withClient.resolve("ca.crt"), ca.certificate());
        Pki.writeCertificate(withClient.resolve("client.cert"), client.certificate());
        Pki.writeKey(withClient.resolve("client.key"), client.privateKey());

        try (StowageRegistry mtls = E2e.serve(E2e.config(work.resolve("mtls-store"), true,
                "  tls:\n    certificate: \"" + certificate + "\"\n    key: \"" + key + "\"\n    clientcas:\n      - \""
                        + clientCas + "\"\n", ""))) {
            String host = "localhost:" + mtls.uri().getPort();
            Skopeo.Image image = Skopeo.buildImage(work.resolve("mtls-image"), "v1", 2, 20_000, 33);
            skopeo().copy(List.of("--dest-cert-dir", withClient.toString(), "--preserve-digests",
                    "oci:" + image.layout() + ":v1", "docker://" + host + "/mtls/image:v1"));
            Path out = Files.createDirectories(work.resolve("mtls-pulled"));
            skopeo().copy(List.of("--src-cert-dir", withClient.toString(), "--preserve-digests",
                    "--dest-oci-accept-uncompressed-layers", "docker://" + host + "/mtls/image:v1", "oci:" + out + ":v1"));
            assertThat(E2e.verifyLayout(out, "v1")).contains(image.manifest().digest()).hasSize(4);

            // The server's CA alone: no client certificate to show.
            assertThatThrownBy(() -> skopeo().copy(List.of("--src-cert-dir", certDir.toString(), "--preserve-digests",
                    "--dest-oci-accept-uncompressed-layers", "docker://" + host + "/mtls/image:v1",
                    "oci:" + Files.createDirectories(work.resolve("mtls-refused")) + ":v1")))
                    .isInstanceOf(IOException.class);
            Http noCertificate = new Http(URI.create("https://localhost:" + mtls.uri().getPort()),
                    HttpClient.newBuilder().sslContext(Pki.trusting(ca.certificate())));
            assertThatThrownBy(() -> noCertificate.get("/v2/")).isInstanceOf(IOException.class);
        }
    }
}
