package dev.stowage.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDriverFactory;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DriverReferencePageTest {

    /** The registry-server module folder, where Maven runs the tests. */
    private static final Path MODULE = Path.of("").toAbsolutePath();

    @Test
    void theCommittedPageIsWhatTheFactoriesDeclare() throws IOException {
        String expected = DriverReferencePage.render(StorageDrivers.available());
        Path committed = MODULE.resolveSibling(DriverReferencePage.PATH);
        String actual = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            Path fresh = MODULE.resolve("target/" + DriverReferencePage.PATH);
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, expected, StandardCharsets.UTF_8);
            throw new AssertionError(DriverReferencePage.PATH + " differs from what the drivers' parameters() declare. "
                    + "This test wrote the page as it should be; take it with\n  cp " + fresh + " " + committed.normalize()
                    + "\n(this test writes it: mvn -pl registry-server -am test -Dtest=DriverReferencePageTest "
                    + "-Dsurefire.failIfNoSpecifiedTests=false)");
        }
    }

    @Test
    void thePageHasASectionForEveryDriverOnTheServersClassPath() {
        String page = DriverReferencePage.render(StorageDrivers.available());
        assertThat(StorageDrivers.available()).extracting(StorageDriverFactory::name)
                .contains("inmemory", "filesystem", "s3", "azure", "gcs");
        for (StorageDriverFactory factory : StorageDrivers.available()) {
            assertThat(page).contains("\n## " + factory.name() + "\n");
            factory.parameters().forEach(spec -> assertThat(page).contains("| `" + spec.name() + "` | "));
        }
        assertThat(page).contains("| `bucket` | string | required |", "| `chunksize` | size | `10MiB` |",
                "| `redirectmaxexpiry` | duration | `168h` |", "| `rootdirectory` | string | `/var/lib/registry` |");
    }

    @Test
    void defaultsAreWrittenAsTheirTypeReadsThem() {
        for (long bytes : new long[] {0, 1, 1000, 1024, 5L << 20, 3L << 30, (1L << 40) + 1024}) {
            assertThat(ParameterType.SIZE.convert(DriverReferencePage.size(bytes))).as("%d bytes", bytes).isEqualTo(bytes);
        }
        assertThat(DriverReferencePage.size(10L << 20)).isEqualTo("10MiB");
        for (Duration d : new Duration[] {Duration.ofMillis(100), Duration.ofSeconds(4), Duration.ofSeconds(90),
                Duration.ofMinutes(20), Duration.ofDays(7)}) {
            assertThat(ParameterType.DURATION.convert(DriverReferencePage.duration(d))).as(d.toString()).isEqualTo(d);
        }
        assertThat(DriverReferencePage.duration(Duration.ofDays(7))).isEqualTo("168h");
    }
}
