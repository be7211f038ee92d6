package dev.stowage.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fast JDK path is really the one in use where the JVM opens {@code sun.security.provider}
 * (as surefire does for this module), on Java 17 and on Java 25, so that it cannot silently rot
 * into the portable fallback; and the fallback is what runs without the opening or when asked for.
 */
class ResumableSha256ImplementationTest {
    private static final String OPENS = "--add-opens=java.base/sun.security.provider=ALL-UNNAMED";
    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @Test
    void theJdkPathIsActiveInThisTestJvm() {
        assumeTrue(!"portable".equals(System.getProperty(ResumableSha256.IMPLEMENTATION_PROPERTY)),
                "the portable SHA-256 was asked for with -Dstowage.registry.sha256=portable");
        assertThat(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .as("surefire's argLine (registry.opens in registry/pom.xml)")
                .contains("java.base/sun.security.provider=ALL-UNNAMED");

        assertThat(ResumableSha256.jdkUnavailableReason()).isNull();
        assertThat(ResumableSha256.implementation()).isEqualTo("jdk");
    }

    @Test
    void theJdkPathIsActiveOnThisJavaInAFreshJvmWithTheOpening() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        assertProbePrints("jdk round-trip-ok", java, OPENS);
    }

    @Test
    void theJdkPathIsActiveOnJava25WithTheOpening() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_25), "no Java 25 at " + JAVA_25);

        assertProbePrints("jdk round-trip-ok", JAVA_25, OPENS);
    }

    @Test
    void withoutTheOpeningThePortablePathRunsAndGivesTheSameResults() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        assertProbePrints("portable round-trip-ok", java);
    }

    @Test
    void thePropertyForcesThePortablePathEvenWithTheOpening() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        assertProbePrints("portable round-trip-ok", java, OPENS,
                "-D" + ResumableSha256.IMPLEMENTATION_PROPERTY + "=portable");
    }

    /**
     * Runs {@link ResumableSha256Probe} in a child JVM on this test's class path and checks the first
     * line it prints (the implementation in use and the round trip's outcome).
     */
    private static void assertProbePrints(String expected, Path java, String... jvmArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of(jvmArgs));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ResumableSha256Probe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(exited).as("probe finished in time: %s", output).isTrue();
        assertThat(output.lines().findFirst().orElse(""))
                .as("probe output: %s; command: %s", output, String.join(" ", command))
                .isEqualTo(expected);
        assertThat(process.exitValue()).as("probe exit code; output: %s", output).isZero();
    }
}
