package dev.stowage.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAccessControllerTest {

    private static final String REALM = "https://auth.example.com/token";
    private static final String SERVICE = "registry.example.com";
    private static final String ISSUER = "test-issuer";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final List<Access> PULL_PUSH =
            List.of(Access.repository("foo/bar", "pull"), Access.repository("foo/bar", "push"));

    private static TestPki.Issued rsaRoot;
    private static TestPki.Issued ecRoot;
    private static TestPki.Issued intermediate;
    private static TestPki.Issued leaf;
    private static TestPki.Issued strangerRoot;
    private static TestPki.Issued strangerLeaf;

    @TempDir Path dir;

    @BeforeAll
    static void pki() {
        rsaRoot = TestPki.root("Test RSA Root", TestPki.rsa());
        ecRoot = TestPki.root("Test EC Root", TestPki.ec("secp256r1"));
        intermediate = TestPki.issue(rsaRoot, "Test Intermediate", TestPki.ec("secp384r1"), true);
        leaf = TestPki.issue(intermediate, "Token Signer", TestPki.ec("secp256r1"), false);
        strangerRoot = TestPki.root("Test RSA Root", TestPki.rsa()); // same name, other key
        strangerLeaf = TestPki.issue(strangerRoot, "Token Signer", TestPki.rsa(), false);
    }

    /** The controller with the bundle of both roots, at NOW. Certificates are valid around the real now. */
    private AccessController controller() {
        return controller(NOW);
    }

    private AccessController controller(Instant now) {
        return new TokenAccessController(REALM, SERVICE, ISSUER,
                List.of(rsaRoot.certificate(), ecRoot.certificate()), Map.of(), Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A claims set that passes every check, granting pull and push on foo/bar. */
    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("alice")
                .audience(SERVICE)
                .issueTime(Date.from(NOW))
                .notBeforeTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))))
                .claim("access", List.of(Map.of("type", "repository", "name", "foo/bar",
                        "actions", List.of("pull", "push"))));
    }

    private static String sign(JWSAlgorithm alg, PrivateKey key, Consumer<JWSHeader.Builder> header,
            JWTClaimsSet claims) throws Exception {
        JWSHeader.Builder builder = new JWSHeader.Builder(alg);
        header.accept(builder);
        SignedJWT jwt = new SignedJWT(builder.build(), claims);
        JWSSigner signer = key.getAlgorithm().equals("RSA") ? new RSASSASigner(key) : new ECDSASigner(
                (java.security.interfaces.ECPrivateKey) key);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** Signed by the RSA root's key, named by its libtrust key ID. */
    private static String kidToken(JWTClaimsSet claims) throws Exception {
        return sign(JWSAlgorithm.RS256, rsaRoot.privateKey(),
                h -> h.keyID(KeyIds.libtrust(rsaRoot.publicKey())), claims);
    }

    private static Optional<String> bearer(String token) {
        return Optional.of("Bearer " + token);
    }

    private static List<Base64> x5c(X509Certificate... chain) throws Exception {
        List<Base64> encoded = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            encoded.add(Base64.encode(certificate.getEncoded()));
        }
        return encoded;
    }

    private static Decision.Challenge challenge(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Challenge.class);
        Decision.Challenge challenge = (Decision.Challenge) decision;
        assertThat(challenge.status()).isEqualTo(401);
        assertThat(challenge.errorCode()).isEqualTo("UNAUTHORIZED");
        return challenge;
    }

    private static void assertInvalidToken(Decision decision, String why) {
        assertThat(challenge(decision).reason()).contains(why);
        assertThat(challenge(decision).wwwAuthenticate()).containsExactly(
                "Bearer realm=\"" + REALM + "\",service=\"" + SERVICE + "\",scope=\"repository:foo/bar:pull,push\","
                        + "error=\"invalid_token\"");
    }

    @Test
    void aValidTokenNamedByLibtrustKeyIdGrantsWithItsSubject() throws Exception {
        assertThat(controller().authorize(bearer(kidToken(claims().build())), PULL_PUSH))
                .isEqualTo(new Decision.Granted("alice"));
    }

    @Test
    void aKidMayAlsoBeTheRfc7638ThumbprintOfABundleKey() throws Exception {
        String token = sign(JWSAlgorithm.ES256, ecRoot.privateKey(),
                h -> h.keyID(KeyIds.thumbprint(ecRoot.publicKey()).orElseThrow()), claims().build());

        assertThat(controller().authorize(bearer(token), PULL_PUSH)).isEqualTo(new Decision.Granted("alice"));
    }

    @Test
    void everyRsaAndEcAlgorithmIsAccepted() throws Exception {
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512)) {
            String token = sign(alg, rsaRoot.privateKey(), h -> h.keyID(KeyIds.libtrust(rsaRoot.publicKey())),
                    claims().build());
            assertThat(controller().authorize(bearer(token), PULL_PUSH)).as(alg.getName())
                    .isInstanceOf(Decision.Granted.class);
        }
    }

    @Test
    void anX5cChainThroughAnIntermediateToABundleRootGrants() throws Exception {
        String token = sign(JWSAlgorithm.ES256, leaf.privateKey(),
                h -> h.x509CertChain(x5cUnchecked(leaf.certificate(), intermediate.certificate())), claims().build());

        assertThat(controller().authorize(bearer(token), PULL_PUSH))
                .isInstanceOf(Decision.Granted.class);
    }

    @Test
    void anX5cChainNotUnderABundleRootIsAnInvalidToken() throws Exception {
        String token = sign(JWSAlgorithm.RS256, strangerLeaf.privateKey(),
                h -> h.x509CertChain(x5cUnchecked(strangerLeaf.certificate(), strangerRoot.certificate())),
                claims().build());

        assertInvalidToken(controller().authorize(bearer(token), PULL_PUSH), "signing key not trusted");
    }

    @Test
    void anX5cLeafWhoseKeyDidNotSignIsAnInvalidToken() throws Exception {
        String token = sign(JWSAlgorithm.ES256, TestPki.ec("secp256r1").getPrivate(),
                h -> h.x509CertChain(x5cUnchecked(leaf.certificate(), intermediate.certificate())), claims().build());

        assertInvalidToken(controller().authorize(bearer(token), PULL_PUSH), "signature does not verify");
    }

    @Test
    void aJwkHeaderHoldingABundleKeyGrants() throws Exception {
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) rsaRoot.publicKey()).build();
        String token = sign(JWSAlgorithm.RS256, rsaRoot.privateKey(), h -> h.jwk(jwk), claims().build());

        assertThat(controller().authorize(bearer(token), PULL_PUSH)).isInstanceOf(Decision.Granted.class);
    }

    @Test
    void aJwkHeaderHoldingAnUnknownKeyIsAnInvalidToken() throws Exception {
        KeyPair other = TestPki.ec("secp256r1");
        ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) other.getPublic()).build();
        String token = sign(JWSAlgorithm.ES256, other.getPrivate(), h -> h.jwk(jwk), claims().build());

        assertInvalidToken(controller().authorize(bearer(token), PULL_PUSH), "untrusted jwk");
    }

    @Test
    void aSignatureByAnotherKeyUnderATrustedKidIsAnInvalidToken() throws Exception {
        String token = sign(JWSAlgorithm.RS256, TestPki.rsa().getPrivate(),
                h -> h.keyID(KeyIds.libtrust(rsaRoot.publicKey())), claims().build());

        assertInvalidToken(controller().authorize(bearer(token), PULL_PUSH), "signature does not verify");
    }

    @Test
    void aTamperedPayloadIsAnInvalidToken() throws Exception {
        String[] parts = kidToken(claims().subject("alice").build()).split("\\.");
        String forged = kidToken(claims().subject("mallory").build()).split("\\.")[1];

        assertInvalidToken(controller().authorize(bearer(parts[0] + "." + forged + "." + parts[2]), PULL_PUSH), "signature does not verify");
    }

    @Test
    void anUnknownKidIsAnInvalidToken() throws Exception {
        String token = sign(JWSAlgorithm.RS256, rsaRoot.privateKey(), h -> h.keyID("AAAA:BBBB"), claims().build());

        assertInvalidToken(controller().authorize(bearer(token), PULL_PUSH), "untrusted key with ID");
    }

    @Test
    void aTokenNamingNoKeyIsAnInvalidToken() throws Exception {
        String token = sign(JWSAlgorithm.RS256, rsaRoot.privateKey(), h -> { }, claims().build());

        assertInvalidToken(controller().authorize(bearer(token), PULL_PUSH), "no x5c, jwk or kid");
    }

    @Test
    void hmacAndUnsignedTokensAreInvalidTokens() throws Exception {
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(KeyIds.libtrust(rsaRoot.publicKey())).build(), claims().build());
        hmac.sign(new MACSigner(new byte[32]));
        String unsigned = new com.nimbusds.jwt.PlainJWT(claims().build()).serialize();

        assertInvalidToken(controller().authorize(bearer(hmac.serialize()), PULL_PUSH), "HS256 not accepted");
        assertInvalidToken(controller().authorize(bearer(unsigned), PULL_PUSH), "malformed token");
    }

    @Test
    void anExpiredTokenIsAnInvalidTokenButGoesLeewayIsAllowed() throws Exception {
        String token = kidToken(claims().expirationTime(Date.from(NOW)).build());

        assertThat(controller(NOW.plusSeconds(60)).authorize(bearer(token), PULL_PUSH))
                .isInstanceOf(Decision.Granted.class);
        assertInvalidToken(controller(NOW.plusSeconds(61)).authorize(bearer(token), PULL_PUSH), "expired");
    }

    @Test
    void aTokenWithoutExpiryIsAnInvalidToken() throws Exception {
        assertInvalidToken(controller().authorize(bearer(kidToken(claims().expirationTime(null).build())),
                PULL_PUSH), "expired");
    }

    @Test
    void aTokenNotYetValidIsAnInvalidTokenBeyondTheLeeway() throws Exception {
        String token = kidToken(claims().notBeforeTime(Date.from(NOW.plusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(600))).build());

        assertThat(controller(NOW).authorize(bearer(token), PULL_PUSH)).isInstanceOf(Decision.Granted.class);
        assertInvalidToken(controller(NOW.minusSeconds(1)).authorize(bearer(token), PULL_PUSH), "not valid before");
    }

    @Test
    void aWrongIssuerIsAnInvalidToken() throws Exception {
        assertInvalidToken(controller().authorize(bearer(kidToken(claims().issuer("other").build())), PULL_PUSH), "untrusted issuer");
    }

    @Test
    void aWrongAudienceIsAnInvalidToken() throws Exception {
        assertInvalidToken(controller().authorize(bearer(kidToken(claims().audience("other").build())), PULL_PUSH), "another audience");
    }

    @Test
    void anAudienceListHoldingTheServiceGrants() throws Exception {
        String token = kidToken(claims().audience(List.of("other", SERVICE)).build());

        assertThat(controller().authorize(bearer(token), PULL_PUSH)).isInstanceOf(Decision.Granted.class);
    }

    @Test
    void aTokenWithoutTheResourceIsInsufficientScope() throws Exception {
        String token = kidToken(claims().claim("access", List.of()).build());

        Decision.Challenge challenge = challenge(controller().authorize(bearer(token), PULL_PUSH));
        assertThat(challenge.wwwAuthenticate()).containsExactly(
                "Bearer realm=\"" + REALM + "\",service=\"" + SERVICE + "\",scope=\"repository:foo/bar:pull,push\","
                        + "error=\"insufficient_scope\"");
        assertThat(challenge.required()).isEqualTo(PULL_PUSH);
    }

    @Test
    void aTokenLackingOneActionIsInsufficientScopeNamingEveryResource() throws Exception {
        String token = kidToken(claims().claim("access", List.of(
                Map.of("type", "repository", "name", "foo/bar", "actions", List.of("pull")),
                Map.of("type", "repository", "name", "base", "actions", List.of("pull")))).build());
        List<Access> required = List.of(Access.repository("foo/bar", "pull"), Access.repository("foo/bar", "push"),
                Access.repository("base", "pull"));

        assertThat(challenge(controller().authorize(bearer(token), required)).wwwAuthenticate()).containsExactly(
                "Bearer realm=\"" + REALM + "\",service=\"" + SERVICE
                        + "\",scope=\"repository:foo/bar:pull,push repository:base:pull\",error=\"insufficient_scope\"");
    }

    @Test
    void aWildcardActionCoversEveryAction() throws Exception {
        String token = kidToken(claims().claim("access", List.of(
                Map.of("type", "registry", "name", "catalog", "actions", List.of("*")))).build());

        assertThat(controller().authorize(bearer(token), List.of(Access.catalog())))
                .isInstanceOf(Decision.Granted.class);
    }

    @Test
    void theBaseRouteNeedsOnlyAValidToken() throws Exception {
        String token = kidToken(claims().claim("access", null).build());

        assertThat(controller().authorize(bearer(token), List.of())).isInstanceOf(Decision.Granted.class);
    }

    @Test
    void noBearerTokenIsChallengedWithoutAnErrorParameter() {
        for (Optional<String> header : List.of(Optional.<String>empty(), Optional.of("Basic YTpi"),
                Optional.of("Bearer"), Optional.of("Bearer a b"))) {
            Decision.Challenge challenge = challenge(controller().authorize(header, List.of(Access.catalog())));
            assertThat(challenge.wwwAuthenticate()).as(header.toString()).containsExactly(
                    "Bearer realm=\"" + REALM + "\",service=\"" + SERVICE + "\",scope=\"registry:catalog:*\"");
        }
        assertThat(challenge(controller().authorize(Optional.empty(), List.of())).wwwAuthenticate())
                .containsExactly("Bearer realm=\"" + REALM + "\",service=\"" + SERVICE + "\"");
    }

    @Test
    void garbageAndMalformedClaimsAreInvalidTokens() throws Exception {
        String badAccess = kidToken(claims().claim("access", "everything").build());
        String badActions = kidToken(claims().claim("access", List.of(Map.of("type", "repository", "name",
                "foo/bar", "actions", "pull"))).build());
        for (String token : List.of("garbage", "a.b.c", "a.b", badAccess, badActions)) {
            assertInvalidToken(controller().authorize(bearer(token), PULL_PUSH), "malformed token");
        }
    }

    @Test
    void theFactoryLoadsTheBundleAndAJwksFile() throws Exception {
        Path bundle = TestPki.writeBundle(dir, rsaRoot.certificate());
        KeyPair jwksKey = TestPki.ec("secp256r1");
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) jwksKey.getPublic())
                .keyID("key-1").build()).toString());
        AccessController controller = AccessControllers.token(
                new TokenSettings(REALM, SERVICE, ISSUER, bundle, Optional.of(jwks), false));
        JWTClaimsSet live = claims().notBeforeTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();

        assertThat(controller.authorize(bearer(kidToken(live)), PULL_PUSH)).isInstanceOf(Decision.Granted.class);
        String byJwks = sign(JWSAlgorithm.ES256, jwksKey.getPrivate(), h -> h.keyID("key-1"), live);
        assertThat(controller.authorize(bearer(byJwks), PULL_PUSH)).isInstanceOf(Decision.Granted.class);
    }

    @Test
    void aMissingBundleFailsStartUpNamingTheFile() {
        Path bundle = dir.resolve("missing.pem");

        assertThatThrownBy(() -> AccessControllers.token(
                new TokenSettings(REALM, SERVICE, ISSUER, bundle, Optional.empty(), false)))
                .isInstanceOf(AuthConfigurationException.class)
                .hasMessageContaining(bundle.toString())
                .hasMessageContaining("no such file");
    }

    @Test
    void aBundleWithoutCertificatesFailsStartUp() throws Exception {
        Path bundle = dir.resolve("empty.pem");
        Files.writeString(bundle, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");

        assertThatThrownBy(() -> AccessControllers.token(
                new TokenSettings(REALM, SERVICE, ISSUER, bundle, Optional.empty(), false)))
                .isInstanceOf(AuthConfigurationException.class)
                .hasMessageContaining(bundle.toString())
                .hasMessageContaining("holds no certificates");
    }

    @Test
    void aBrokenCertificateInTheBundleFailsStartUp() throws Exception {
        Path bundle = dir.resolve("broken.pem");
        Files.writeString(bundle, TestPki.pem(rsaRoot.certificate())
                + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> AccessControllers.token(
                new TokenSettings(REALM, SERVICE, ISSUER, bundle, Optional.empty(), false)))
                .isInstanceOf(AuthConfigurationException.class)
                .hasMessageContaining(bundle.toString())
                .hasMessageContaining("certificate 2");
    }

    private static List<Base64> x5cUnchecked(X509Certificate... chain) {
        try {
            return x5c(chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
