package dev.stowage.server.config;

import static dev.stowage.server.config.ConfigFixtures.minimal;
import static dev.stowage.server.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "10s, PT10S",
            "168h, PT168H",
            "5m0s, PT5M",
            "1h30m, PT1H30M",
            "300ms, PT0.3S",
            "1.5h, PT1H30M",
            "2us, PT0.000002S",
            "2µs, PT0.000002S",
            "7ns, PT0.000000007S",
            "0, PT0S",
            "-1m, PT-1M",
            ".5s, PT0.5S"})
    void goDurationTextParses(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "10x", "1.2.3s", "h1", "1d"})
    void malformedDurationTextIsRefused(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDurationBeyondGosRangeIsRefused() {
        assertThatThrownBy(() -> GoDuration.parse("3000000h")).hasMessageContaining("out of range");
    }

    @Test
    void aBareIntegerIsNanosecondsAsGoDecodesIt() throws ConfigException {
        ServerConfig config = parse(minimal("http:\n  draintimeout: 1500\n"));

        assertThat(config.http().drainTimeout()).isEqualTo(Duration.ofNanos(1500));
    }

    @Test
    void aQuotedDurationParses() throws ConfigException {
        ServerConfig config = parse(minimal("http:\n  draintimeout: \"1m\"\n"));

        assertThat(config.http().drainTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aQuotedNumberWithoutUnitFailsNamingTheKey() {
        assertThatThrownBy(() -> parse(minimal("http:\n  draintimeout: \"10\"\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.draintimeout: missing unit in duration \"10\"");
    }

    @Test
    void aBadUnitFailsNamingTheKeyAndLine() {
        assertThatThrownBy(() -> parse("version: 0.1\nstorage:\n  inmemory:\n  maintenance:\n    uploadpurging:\n      age: 7d\n"))
                .hasMessage("config.yml:6: storage.maintenance.uploadpurging.age: unknown unit \"d\" in duration \"7d\""
                        + " (use ns, us, ms, s, m or h)");
    }

    @Test
    void aNegativeDurationFails() {
        assertThatThrownBy(() -> parse(minimal("http:\n  draintimeout: -5s\n")))
                .hasMessageContaining("http.draintimeout: must not be negative");
    }
}
