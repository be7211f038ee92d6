package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriverParametersTest {

    private static final List<ParameterSpec> SPECS = List.of(
            ParameterSpec.required("bucket", ParameterType.STRING, "bucket"),
            ParameterSpec.optional("region", ParameterType.STRING, null, "region, none by default"),
            ParameterSpec.optional("secure", ParameterType.BOOLEAN, true, "TLS"),
            ParameterSpec.optional("anonymous", ParameterType.BOOLEAN, null, "no credentials"),
            ParameterSpec.optional("retries", ParameterType.INTEGER, 3L, "retries"),
            ParameterSpec.optional("threads", ParameterType.INTEGER, null, "threads"),
            ParameterSpec.optional("chunksize", ParameterType.SIZE, "10MiB", "part size"),
            ParameterSpec.optional("maxsize", ParameterType.SIZE, null, "largest file"),
            ParameterSpec.optional("timeout", ParameterType.DURATION, Duration.ofSeconds(30), "timeout"),
            ParameterSpec.optional("trytimeout", ParameterType.DURATION, null, "one try's timeout"));

    private static DriverParameters bind(Map<String, ?> raw) throws InvalidParameterException {
        return DriverParameters.bind("test", SPECS, raw);
    }

    @Test
    void aDefaultedOrRequiredKeyReadsAsAPlainValue() throws Exception {
        DriverParameters p = bind(Map.of("bucket", "b"));
        assertThat(p.getString("bucket")).isEqualTo("b");
        assertThat(p.getBoolean("secure")).isTrue();
        assertThat(p.getInteger("retries")).isEqualTo(3L);
        assertThat(p.getSize("chunksize")).isEqualTo(10L << 20);
        assertThat(p.getDuration("timeout")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aGivenValueReplacesTheDefault() throws Exception {
        DriverParameters p = bind(Map.of("bucket", "b", "secure", "false", "retries", "7", "chunksize", "1KiB", "timeout", "2m"));
        assertThat(p.getBoolean("secure")).isFalse();
        assertThat(p.getInteger("retries")).isEqualTo(7L);
        assertThat(p.getSize("chunksize")).isEqualTo(1024L);
        assertThat(p.getDuration("timeout")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aKeyWithoutDefaultReadsAsAnOptional() throws Exception {
        DriverParameters absent = bind(Map.of("bucket", "b"));
        assertThat(absent.findString("region")).isEmpty();
        assertThat(absent.findBoolean("anonymous")).isEmpty();
        assertThat(absent.findInteger("threads")).isEmpty();
        assertThat(absent.findSize("maxsize")).isEmpty();
        assertThat(absent.findDuration("trytimeout")).isEmpty();
        assertThat(absent.asMap()).doesNotContainKeys("region", "anonymous", "threads", "maxsize", "trytimeout");

        DriverParameters given = bind(Map.of("bucket", "b", "region", "eu", "anonymous", true, "threads", 4,
                "maxsize", "1GiB", "trytimeout", "PT5S"));
        assertThat(given.findString("region")).contains("eu");
        assertThat(given.findBoolean("anonymous")).contains(true);
        assertThat(given.findInteger("threads")).contains(4L);
        assertThat(given.findSize("maxsize")).contains(1L << 30);
        assertThat(given.findDuration("trytimeout")).contains(Duration.ofSeconds(5));
    }

    @Test
    void readingAnUndeclaredKeyNamesTheDeclaredOnes() throws Exception {
        DriverParameters p = bind(Map.of("bucket", "b"));
        assertThatThrownBy(() -> p.getString("buckt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("driver test declares no parameter 'buckt'")
                .hasMessageContaining("declared: anonymous, bucket, chunksize");
    }

    @Test
    void readingAKeyAsAnotherTypeNamesTheRightGetter() throws Exception {
        DriverParameters p = bind(Map.of("bucket", "b"));
        assertThatThrownBy(() -> p.getInteger("chunksize"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter 'chunksize' of driver test is declared SIZE, not INTEGER; read it with getSize()");
        assertThatThrownBy(() -> p.findString("trytimeout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read it with findDuration()");
    }

    @Test
    void aKeyThatMayBeAbsentHasNoPlainGetter() throws Exception {
        DriverParameters p = bind(Map.of("bucket", "b", "region", "eu"));
        assertThatThrownBy(() -> p.getString("region"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'region'")
                .hasMessageContaining("has no default and is not required")
                .hasMessageContaining("findString()");
    }

    @Test
    void aKeyThatAlwaysHasAValueHasNoOptionalGetter() throws Exception {
        DriverParameters p = bind(Map.of("bucket", "b"));
        assertThatThrownBy(() -> p.findDuration("timeout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has a default").hasMessageContaining("getDuration()");
        assertThatThrownBy(() -> p.findString("bucket"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is required").hasMessageContaining("getString()");
    }

    @Test
    void bindingBoundValuesAgainGivesTheSameValues() throws Exception {
        DriverParameters once = bind(Map.of("bucket", "b", "chunksize", "5MiB", "trytimeout", "1h30m"));
        DriverParameters twice = bind(once.asMap());
        assertThat(twice.asMap()).isEqualTo(once.asMap());
    }

    @Test
    void toStringHidesSecrets() throws Exception {
        DriverParameters p = DriverParameters.bind("test", List.of(
                ParameterSpec.optional("accesskey", ParameterType.STRING, null, "key"),
                ParameterSpec.optional("bucket", ParameterType.STRING, null, "bucket")), Map.of("accesskey", "AKIA", "bucket", "b"));
        assertThat(p.toString()).startsWith("test{").contains("accesskey=***", "bucket=b").doesNotContain("AKIA");
    }
}
