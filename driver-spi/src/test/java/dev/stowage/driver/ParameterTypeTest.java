package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParameterTypeTest {

    @Test
    void sizesAcceptNumbersAndBinaryUnits() {
        assertThat(ParameterType.SIZE.convert(5242880)).isEqualTo(5242880L);
        assertThat(ParameterType.SIZE.convert("10MiB")).isEqualTo(10L << 20);
        assertThat(ParameterType.SIZE.convert("10M")).isEqualTo(10L << 20);
        assertThat(ParameterType.SIZE.convert("512 KiB")).isEqualTo(512L << 10);
        assertThat(ParameterType.SIZE.convert("1gib")).isEqualTo(1L << 30);
        assertThat(ParameterType.SIZE.convert("42")).isEqualTo(42L);
    }

    @Test
    void sizesRejectGarbageNegativesAndOverflow() {
        assertThatThrownBy(() -> ParameterType.SIZE.convert("ten")).hasMessageContaining("byte size").hasMessageContaining("'ten'");
        assertThatThrownBy(() -> ParameterType.SIZE.convert(-1)).hasMessageContaining("byte size");
        assertThatThrownBy(() -> ParameterType.SIZE.convert("99999999999T")).hasMessageContaining("byte size");
        assertThatThrownBy(() -> ParameterType.SIZE.convert(1.5)).hasMessageContaining("Double");
    }

    @Test
    void durationsAcceptGoStyleIsoAndSeconds() {
        assertThat(ParameterType.DURATION.convert("20m")).isEqualTo(Duration.ofMinutes(20));
        assertThat(ParameterType.DURATION.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ParameterType.DURATION.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ParameterType.DURATION.convert("PT20M")).isEqualTo(Duration.ofMinutes(20));
        assertThat(ParameterType.DURATION.convert(30)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ParameterType.DURATION.convert("30")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> ParameterType.DURATION.convert("20 minutes")).hasMessageContaining("duration");
        assertThatThrownBy(() -> ParameterType.DURATION.convert("m20")).hasMessageContaining("duration");
    }

    @Test
    void booleansAndIntegersAcceptTheirTextFromTheEnvironment() {
        assertThat(ParameterType.BOOLEAN.convert("TRUE")).isEqualTo(true);
        assertThat(ParameterType.BOOLEAN.convert(false)).isEqualTo(false);
        assertThatThrownBy(() -> ParameterType.BOOLEAN.convert("yes")).hasMessageContaining("true or false");
        assertThat(ParameterType.INTEGER.convert("25")).isEqualTo(25L);
        assertThat(ParameterType.INTEGER.convert(25)).isEqualTo(25L);
        assertThatThrownBy(() -> ParameterType.INTEGER.convert("2.5")).hasMessageContaining("integer");
    }

    @Test
    void stringsTakeScalarsButNotMaps() {
        assertThat(ParameterType.STRING.convert(42)).isEqualTo("42");
        assertThatThrownBy(() -> ParameterType.STRING.convert(java.util.Map.of())).hasMessageContaining("a string");
    }
}
