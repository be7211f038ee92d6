package dev.stowage.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyIdsTest {

    /** A P-256 key; its ID was computed with Go's x509.MarshalPKIXPublicKey and libtrust's encoding. */
    private static final String EC_PUBLIC_KEY =
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEaAE5yv0CripUICrYjZOyRpwYJ8kb"
                    + "B5RazT6wbuYtGADDr4Ms/jbysfJmDIsbllQBlWs0fFabX3o9osXD52TS7Q==";
    private static final String EC_KEY_ID = "MPH6:C3WS:637T:KVJM:ILIK:HYGI:OYIW:5ORP:NE34:XOWW:ZTDP:6MQU";

    @Test
    void libtrustKeyIdMatchesGoForAKnownKey() throws Exception {
        PublicKey key = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(EC_PUBLIC_KEY)));

        assertThat(KeyIds.libtrust(key)).isEqualTo(EC_KEY_ID);
    }

    @Test
    void libtrustKeyIdIsTwelveGroupsOfFourBase32Characters() {
        assertThat(KeyIds.libtrust(TestPki.rsa().getPublic())).matches("[A-Z2-7]{4}(:[A-Z2-7]{4}){11}");
    }

    @Test
    void base32FollowsRfc4648() {
        // RFC 4648 section 10 test vectors, padding dropped.
        assertThat(KeyIds.base32("foobar".getBytes(StandardCharsets.US_ASCII), 6)).isEqualTo("MZXW6YTBOI");
        assertThat(KeyIds.base32("fo".getBytes(StandardCharsets.US_ASCII), 2)).isEqualTo("MZXQ");
    }
}
