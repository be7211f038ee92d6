package dev.stowage.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.stowage.registry.Digest;
import dev.stowage.server.StowageRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * auth.token over raw HTTP with JWTs minted here (no token server): signed by a leaf certificate's
 * key, the leaf in {@code x5c}, chaining to the configured root bundle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenAuthTest {

    private static final String REALM = "https://auth.e2e.test/token";
    private static final String SERVICE = "stowage-e2e";
    private static final String ISSUER = "e2e-issuer";

    @TempDir
    static Path work;

    private StowageRegistry server;
    private Http http;
    private Pki.Issued signer;

    @BeforeAll
    void start() throws Exception {
        Pki.Issued root = Pki.ca("E2E Token Root");
        signer = Pki.leaf(root, "E2E Token Signer", false);
        Path bundle = Pki.writeCertificate(work.resolve("root.pem"), root.certificate());
        server = E2e.serve(E2e.config(work.resolve("store"), true, "",
                "auth:\n  token:\n    realm: " + REALM + "\n    service: " + SERVICE + "\n    issuer: " + ISSUER
                        + "\n    rootcertbundle: \"" + bundle + "\"\n"));
        http = new Http(server.uri());
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private String token(String repository, String... actions) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience(SERVICE)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).jwtID("e2e-" + System.nanoTime())
                .claim("access", repository == null ? List.of() : List.of(Map.of("type", "repository",
                        "name", repository, "actions", List.of(actions))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .x509CertChain(List.of(Base64.encode(signer.certificate().getEncoded()))).build(), claims);
        jwt.sign(new ECDSASigner((ECPrivateKey) signer.privateKey()));
        return "Bearer " + jwt.serialize();
    }

    @Test
    void baseEndpointChallengesWithBearerRealmAndServiceAndAcceptsAnyValidToken() throws Exception {
        HttpResponse<byte[]> anonymous = http.get("/v2/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer realm=\"" + REALM + "\",service=\"" + SERVICE + "\"");
        assertThat(http.get("/v2/", "Authorization", token(null)).statusCode()).isEqualTo(200);
        // One signature character changed (not the last, whose low bits are padding).
        String valid = token(null);
        int at = valid.lastIndexOf('.') + 10;
        String forgedToken = valid.substring(0, at) + (valid.charAt(at) == 'A' ? 'B' : 'A') + valid.substring(at + 1);
        HttpResponse<byte[]> forged = http.get("/v2/", "Authorization", forgedToken);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
    }

    @Test
    void pushWithAPushTokenThenPullWithAPullToken() throws Exception {
        String push = token("token/app", "pull", "push");
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(UTF_8);
        byte[] layer = new byte[10_000];
        new java.util.Random(41).nextBytes(layer);
        Digest c = pushBlob("token/app", config, push);
        Digest l = pushBlob("token/app", layer, push);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + E2e.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + c + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + l
                + "\",\"size\":" + layer.length + "}]}";
        HttpResponse<byte[]> put = http.send("PUT", "/v2/token/app/manifests/v1", manifest.getBytes(UTF_8),
                "Content-Type", E2e.OCI_MANIFEST, "Authorization", push);
        assertThat(put.statusCode()).as(Http.text(put)).isEqualTo(201);

        String pull = token("token/app", "pull");
        HttpResponse<byte[]> got = http.get("/v2/token/app/manifests/v1", "Accept", E2e.OCI_MANIFEST, "Authorization", pull);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(new String(got.body(), UTF_8)).isEqualTo(manifest);
        assertThat(http.get("/v2/token/app/blobs/" + l, "Authorization", pull).body()).isEqualTo(layer);
        // no token at all: challenged with the scope the request needs
        HttpResponse<byte[]> anonymous = http.get("/v2/token/app/manifests/v1", "Accept", E2e.OCI_MANIFEST);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"" + REALM
                + "\",service=\"" + SERVICE + "\",scope=\"repository:token/app:pull\"");
        // a token for another repository does not open this one
        assertThat(http.get("/v2/token/app/manifests/v1", "Authorization", token("token/other", "pull", "push"))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aPullOnlyTokenIsRefusedAPushWithInsufficientScope() throws Exception {
        String pull = token("token/readonly", "pull");
        HttpResponse<byte[]> post = http.send("POST", "/v2/token/readonly/blobs/uploads/", new byte[0], "Authorization", pull);
        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(post.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"" + REALM + "\",service=\"" + SERVICE + "\"")
                .contains("scope=\"repository:token/readonly:pull,push\"")
                .contains("error=\"insufficient_scope\"");
        // As Go 2.8's app.authorized: every challenge, insufficient scope too, is an UNAUTHORIZED body naming the accesses.
        assertThat(Http.text(post)).contains("\"UNAUTHORIZED\"").contains("\"Action\":\"push\"");
        HttpResponse<byte[]> put = http.send("PUT", "/v2/token/readonly/manifests/v1", "{}".getBytes(UTF_8),
                "Content-Type", E2e.OCI_MANIFEST, "Authorization", pull);
        assertThat(put.statusCode()).isEqualTo(401);
        assertThat(put.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"insufficient_scope\"");
        assertThat(work.resolve("store/docker/registry/v2/repositories/token/readonly")).doesNotExist();
    }

    private Digest pushBlob(String repository, byte[] content, String authorization) throws Exception {
        HttpResponse<byte[]> post = http.send("POST", "/v2/" + repository + "/blobs/uploads/", new byte[0],
                "Authorization", authorization);
        assertThat(post.statusCode()).as(Http.text(post)).isEqualTo(202);
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> put = http.send("PUT", Http.withDigest(Http.location(post), digest), content,
                "Content-Type", "application/octet-stream", "Authorization", authorization);
        assertThat(put.statusCode()).as(Http.text(put)).isEqualTo(201);
        return digest;
    }
}
