package dev.stowage.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Go's {@code token} access controller; see {@link AccessControllers#token} for the contract.
 *
 * <p>Checks, in Go 2.8's order, each failure a challenge with {@code error="invalid_token"}: the header is
 * {@code Bearer <jwt>} (else a challenge without {@code error}); the JWT parses; {@code iss} is the
 * issuer; {@code aud} (a string or a list) holds the service; now is not after {@code exp} + 60 s (a
 * missing {@code exp} counts as 1970) nor before {@code nbf} - 60 s; there is a signature; the signing
 * key is trusted: the header's {@code x5c} chains to a bundle root, else its {@code jwk} carries such a
 * chain or is a trusted key, else its {@code kid} names a trusted key (libtrust ID or RFC 7638 thumbprint
 * of a bundle certificate's key, or a JWKS {@code kid}); the signature verifies with an RS*, PS* or ES*
 * algorithm. Then the {@code access} claim must cover every required access ({@code *} covers any
 * action), else {@code error="insufficient_scope"}.
 */
final class TokenAccessController implements AccessController {

    private static final Logger LOG = LoggerFactory.getLogger(TokenAccessController.class);
    static final Duration LEEWAY = Duration.ofSeconds(60);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    private final String realm;
    private final String service;
    private final String issuer;
    private final Set<TrustAnchor> anchors;
    private final Map<String, PublicKey> trustedKeys;
    private final Clock clock;

    TokenAccessController(String realm, String service, String issuer, List<X509Certificate> roots,
            Map<String, PublicKey> jwksKeys, Clock clock) {
        this.realm = realm;
        this.service = service;
        this.issuer = issuer;
        Set<TrustAnchor> anchorSet = new HashSet<>();
        Map<String, PublicKey> keys = new HashMap<>();
        for (X509Certificate root : roots) {
            anchorSet.add(new TrustAnchor(root, null));
            keys.put(KeyIds.libtrust(root.getPublicKey()), root.getPublicKey());
            KeyIds.thumbprint(root.getPublicKey()).ifPresent(id -> keys.put(id, root.getPublicKey()));
        }
        keys.putAll(jwksKeys);
        this.anchors = Set.copyOf(anchorSet);
        this.trustedKeys = Map.copyOf(keys);
        this.clock = clock;
    }

    static TokenAccessController create(TokenSettings settings) {
        List<X509Certificate> roots = settings.rootCertBundle() == null
                ? List.of() : readBundle(settings.rootCertBundle());
        Map<String, PublicKey> jwksKeys = settings.jwks().map(TokenAccessController::readJwks).orElse(Map.of());
        if (roots.isEmpty() && jwksKeys.isEmpty()) {
            String where = settings.rootCertBundle() != null
                    ? "root certificate bundle " + settings.rootCertBundle() + " holds no certificates"
                    : "no rootcertbundle";
            throw new AuthConfigurationException("token auth requires at least one token signing key: " + where
                    + settings.jwks().map(p -> " and jwks " + p + " holds no usable keys").orElse(""));
        }
        if (settings.autoRedirect()) {
            LOG.warn("token auth: autoredirect is not supported; challenges name the configured realm {}",
                    settings.realm());
        }
        return new TokenAccessController(settings.realm(), settings.service(), settings.issuer(), roots,
                jwksKeys, Clock.systemUTC());
    }

    static List<X509Certificate> readBundle(Path path) {
        String pem;
        try {
            pem = new String(Files.readAllBytes(path), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AuthConfigurationException("token auth root certificate bundle " + path + " cannot be read: "
                    + describe(e), e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher m = PEM_CERTIFICATE.matcher(pem);
        while (m.find()) {
            byte[] der;
            try {
                der = java.util.Base64.getMimeDecoder().decode(m.group(1));
                certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new AuthConfigurationException("token auth root certificate bundle " + path
                        + ": certificate " + (certificates.size() + 1) + " cannot be parsed: " + e.getMessage(), e);
            }
        }
        return List.copyOf(certificates);
    }

    static Map<String, PublicKey> readJwks(Path path) {
        JWKSet set;
        try {
            set = JWKSet.load(path.toFile());
        } catch (IOException e) {
            throw new AuthConfigurationException("token auth jwks file " + path + " cannot be read: " + describe(e), e);
        } catch (ParseException e) {
            throw new AuthConfigurationException("token auth jwks file " + path + " is not a JWK set: "
                    + e.getMessage(), e);
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (JWK jwk : set.getKeys()) {
            if (!(jwk instanceof AsymmetricJWK asymmetric)) {
                LOG.warn("token auth jwks file {}: key {} is not a public key, ignored", path, jwk.getKeyID());
                continue;
            }
            try {
                PublicKey key = asymmetric.toPublicKey();
                String id = jwk.getKeyID() != null ? jwk.getKeyID() : jwk.computeThumbprint().toString();
                keys.put(id, key);
            } catch (JOSEException e) {
                throw new AuthConfigurationException("token auth jwks file " + path + ": key " + jwk.getKeyID()
                        + " is unusable: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    @Override
    public Decision authorize(Optional<String> authorizationHeader, List<Access> required) {
        String raw = bearerToken(authorizationHeader);
        if (raw == null) {
            return challenge(required, null, "authorization token required");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        Map<List<String>, Set<String>> granted;
        try {
            jwt = SignedJWT.parse(raw);
            claims = jwt.getJWTClaimsSet();
            granted = grantedAccess(claims.getClaim("access"));
        } catch (ParseException | RuntimeException e) {
            return invalid(required, "malformed token: " + e.getMessage());
        }
        String problem = verify(jwt, claims);
        if (problem != null) {
            return invalid(required, "invalid token: " + problem);
        }
        for (Access access : required) {
            Set<String> actions = granted.get(List.of(access.resource().type(), access.resource().name()));
            if (actions == null || !(actions.contains("*") || actions.contains(access.action()))) {
                return challenge(required, "insufficient_scope", "insufficient scope: token lacks " + access);
            }
        }
        return new Decision.Granted(claims.getSubject() == null ? "" : claims.getSubject());
    }

    /** Go 2.8: the header split at spaces must be exactly {@code Bearer} and the token. */
    private static String bearerToken(Optional<String> header) {
        if (header.isEmpty()) {
            return null;
        }
        String[] parts = header.get().split(" ", -1);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
            return null;
        }
        return parts[1];
    }

    /** The {@code access} claim as resource (type, name) to actions; throws if it has the wrong shape. */
    private static Map<List<String>, Set<String>> grantedAccess(Object claim) throws ParseException {
        Map<List<String>, Set<String>> granted = new HashMap<>();
        if (claim == null) {
            return granted;
        }
        if (!(claim instanceof List<?> entries)) {
            throw new ParseException("access claim is not a list", 0);
        }
        for (Object entry : entries) {
            if (entry == null) {
                continue;
            }
            if (!(entry instanceof Map<?, ?> map)) {
                throw new ParseException("access claim entry is not an object", 0);
            }
            String type = optionalString(map.get("type"));
            String name = optionalString(map.get("name"));
            Set<String> actions = granted.computeIfAbsent(List.of(type, name), k -> new HashSet<>());
            Object list = map.get("actions");
            if (list == null) {
                continue;
            }
            if (!(list instanceof List<?> values)) {
                throw new ParseException("access claim actions is not a list", 0);
            }
            for (Object action : values) {
                actions.add(optionalString(action));
            }
        }
        return granted;
    }

    private static String optionalString(Object value) throws ParseException {
        if (value == null) {
            return "";
        }
        if (!(value instanceof String s)) {
            throw new ParseException("access claim holds a non-string " + value, 0);
        }
        return s;
    }

    /** Null if the token is good, else why not (for the log). */
    private String verify(SignedJWT jwt, JWTClaimsSet claims) {
        if (!issuer.equals(claims.getIssuer())) {
            return "untrusted issuer \"" + claims.getIssuer() + "\"";
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(service)) {
            return "intended for another audience " + audience;
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Instant expiry = exp == null ? Instant.EPOCH : exp.toInstant();
        if (now.isAfter(expiry.plus(LEEWAY))) {
            return "expired at " + expiry + " (now " + now + ", leeway " + LEEWAY.toSeconds() + "s)";
        }
        Date nbf = claims.getNotBeforeTime();
        Instant notBefore = nbf == null ? Instant.EPOCH : nbf.toInstant();
        if (now.isBefore(notBefore.minus(LEEWAY))) {
            return "not valid before " + notBefore + " (now " + now + ")";
        }
        if (jwt.getSignature() == null || jwt.getSignature().decode().length == 0) {
            return "no signature";
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            return "signing algorithm " + header.getAlgorithm() + " not accepted";
        }
        PublicKey key;
        try {
            key = signingKey(header);
        } catch (GeneralSecurityException | JOSEException e) {
            return "signing key not trusted: " + e.getMessage();
        }
        try {
            JWSVerifier verifier;
            if (key instanceof RSAPublicKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else if (key instanceof ECPublicKey ec) {
                verifier = new ECDSAVerifier(ec);
            } else {
                return "unsupported signing key type " + key.getAlgorithm();
            }
            if (!verifier.supportedJWSAlgorithms().contains(header.getAlgorithm()) || !jwt.verify(verifier)) {
                return "signature does not verify with " + header.getAlgorithm();
            }
        } catch (JOSEException | RuntimeException e) {
            return "signature does not verify: " + e.getMessage();
        }
        return null;
    }

    private PublicKey signingKey(JWSHeader header) throws GeneralSecurityException, JOSEException {
        if (header.getX509CertChain() != null && !header.getX509CertChain().isEmpty()) {
            return verifyChain(header.getX509CertChain());
        }
        if (header.getJWK() != null) {
            JWK jwk = header.getJWK();
            if (!(jwk instanceof AsymmetricJWK asymmetric)) {
                throw new GeneralSecurityException("jwk header is not a public key");
            }
            PublicKey key = asymmetric.toPublicKey();
            if (jwk.getX509CertChain() != null && !jwk.getX509CertChain().isEmpty()) {
                PublicKey leaf = verifyChain(jwk.getX509CertChain());
                if (!Arrays.equals(leaf.getEncoded(), key.getEncoded())) {
                    throw new GeneralSecurityException("leaf certificate public key does not match the jwk");
                }
                return leaf;
            }
            for (PublicKey trusted : trustedKeys.values()) {
                if (Arrays.equals(trusted.getEncoded(), key.getEncoded())) {
                    return trusted;
                }
            }
            throw new GeneralSecurityException("untrusted jwk with no certificate chain");
        }
        if (header.getKeyID() != null && !header.getKeyID().isEmpty()) {
            PublicKey key = trustedKeys.get(header.getKeyID());
            if (key == null) {
                throw new GeneralSecurityException("signed by untrusted key with ID \"" + header.getKeyID() + "\"");
            }
            return key;
        }
        throw new GeneralSecurityException("no x5c, jwk or kid names the signing key");
    }

    /** Verifies an {@code x5c} chain (leaf first, then intermediates) up to a bundle root; the leaf key. */
    private PublicKey verifyChain(List<Base64> x5c) throws GeneralSecurityException {
        if (anchors.isEmpty()) {
            throw new GeneralSecurityException("x5c given but no root certificates are configured");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        for (Base64 encoded : x5c) {
            chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(encoded.decode())));
        }
        X509Certificate leaf = chain.get(0);
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(leaf);
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
        params.setRevocationEnabled(false);
        params.setDate(Date.from(clock.instant()));
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
        CertPathBuilder.getInstance("PKIX").build(params);
        return leaf.getPublicKey();
    }

    private Decision invalid(List<Access> required, String reason) {
        return challenge(required, "invalid_token", reason);
    }

    private Decision challenge(List<Access> required, String error, String reason) {
        StringBuilder header = new StringBuilder("Bearer realm=").append(Quoting.quote(realm))
                .append(",service=").append(Quoting.quote(service));
        String scope = Scope.format(required);
        if (!scope.isEmpty()) {
            header.append(",scope=").append(Quoting.quote(scope));
        }
        if (error != null) {
            header.append(",error=").append(Quoting.quote(error));
        }
        return Decision.Challenge.unauthorized(header.toString(), required, reason);
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public String toString() {
        return "AccessController(token issuer=" + issuer + " service=" + service + ")";
    }
}
