package dev.stowage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsSha256AndSha512() throws Exception {
        Digest d = Digest.parse("sha256:" + EMPTY_SHA256);
        assertThat(d.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(d.toString()).isEqualTo("sha256:" + EMPTY_SHA256);
        assertThat(d).isEqualTo(Digest.sha256(new byte[0]));
        Digest long512 = Digest.compute(DigestAlgorithm.SHA512, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(Digest.parse(long512.toString())).isEqualTo(long512);
        assertThat(long512.hex()).hasSize(128);
    }

    @Test
    void eachMalformedDigestIsNamedForWhatIsWrong() {
        assertThatThrownBy(() -> Digest.parse("")).isInstanceOf(DigestInvalidException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Digest.parse(EMPTY_SHA256)).isInstanceOf(DigestInvalidException.class)
                .hasMessageContaining("no algorithm");
        assertThatThrownBy(() -> Digest.parse("SHA256:" + EMPTY_SHA256)).isInstanceOf(DigestInvalidException.class)
                .hasMessageContaining("malformed algorithm");
        assertThatThrownBy(() -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e")).isInstanceOf(DigestInvalidException.class)
                .hasMessageContaining("unsupported digest algorithm \"md5\"");
        assertThatThrownBy(() -> Digest.parse("sha256:abc")).isInstanceOf(DigestInvalidException.class)
                .hasMessageContaining("64 hex characters, not 3");
        assertThatThrownBy(() -> Digest.parse("sha256:" + EMPTY_SHA256.toUpperCase(Locale.ROOT))).isInstanceOf(DigestInvalidException.class)
                .hasMessageContaining("character 8 ('E') is not lowercase hex");
        assertThatThrownBy(() -> Digest.parse("sha512:" + EMPTY_SHA256)).isInstanceOf(DigestInvalidException.class)
                .hasMessageContaining("128 hex characters");
    }

    @Test
    void invalidDigestsCarryTheirOciCode() {
        assertThatThrownBy(() -> Digest.parse("nope")).isInstanceOfSatisfying(DigestInvalidException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DIGEST_INVALID));
    }
}
