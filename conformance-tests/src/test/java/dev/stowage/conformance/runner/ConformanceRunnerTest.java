package dev.stowage.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ConformanceRunnerTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        String lastLine() {
            List<String> lines = out.lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConformanceRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCorrectDriverPassesWithReportsAndTheSummaryLine() throws Exception {
        Path report = dir.resolve("report");
        Run run = run("--driver", "reference", "--report", report.toString(), "--seed", "42");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        // skipped: the redirect URL case and the size-limit case (the reference driver has neither)
        assertThat(run.lastLine()).matches("\\d+ passed, 0 failed, 2 skipped");
        assertThat(run.out()).contains("[  1/").contains("PASSED").contains("SKIPPED");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(report.resolve("TEST-stowage-conformance.xml").toFile());
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
        assertThat(xml.getElementsByTagName("testcase").getLength()).isGreaterThan(55);
        assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(2);
        String html = Files.readString(report.resolve("conformance.html"));
        assertThat(html).contains("<table").contains("go TestList").contains("redirect");
    }

    @Test
    void anExcludedCaseDoesNotRunAndIsReportedExcludedWithItsReason() throws Exception {
        Path report = dir.resolve("excluded");
        String reason = "the backend under test cannot stop a walk";
        Run run = run("--driver", "reference", "--report", report.toString(), "--seed", "42", "--exclude", "walkStop=" + reason);
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.lastLine()).matches("\\d+ passed, 0 failed, 2 skipped, 1 excluded");
        assertThat(run.out()).contains("EXCLUDED walk: STOP ends the walk").contains("excluded by CommandLineSuite: " + reason);
        String xml = Files.readString(report.resolve("TEST-stowage-conformance.xml"));
        assertThat(xml).contains("<skipped message=\"excluded by CommandLineSuite: " + reason + "\"/>");
        assertThat(Files.readString(report.resolve("conformance.html"))).contains("<tr class=\"EXCLUDED\">");
    }

    @Test
    void anExclusionOfNoCaseIsRefusedWithExitTwoNamingIt() {
        Run run = run("--driver", "reference", "--report", dir.resolve("bad").toString(), "--exclude", "noSuchCase=because");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'noSuchCase'").contains("no case of the kit");
    }

    @Test
    void aBrokenDriverFailsWithExitOneAndTheShrunkSequenceInTheReport() throws Exception {
        Path report = dir.resolve("broken");
        Run run = run("--driver", "unsorted", "--report", report.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lastLine()).matches("\\d+ passed, [1-9]\\d* failed, \\d+ skipped");
        String html = Files.readString(report.resolve("conformance.html"));
        assertThat(html).contains("FAILED").contains("go TestList").contains("after this script");
        String xml = Files.readString(report.resolve("TEST-stowage-conformance.xml"));
        assertThat(xml).contains("<failure");
    }

    @Test
    void theReplayTokenOfAFailedPropertyRunsOnlyItsShrunkCase() throws Exception {
        Run broken = run("--driver", "unsorted", "--report", dir.resolve("first").toString());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("--replay ([0-9a-f]{8}\\.[A-Za-z0-9_-]*)").matcher(broken.out());
        assertThat(token.find()).as(broken.out()).isTrue();
        Run replayed = run("--driver", "unsorted", "--report", dir.resolve("again").toString(), "--replay", token.group(1));
        assertThat(replayed.exit()).isEqualTo(1);
        assertThat(replayed.out()).contains("running 1 cases").contains("failed on the replayed case");
        assertThat(replayed.lastLine()).isEqualTo("0 passed, 1 failed, 0 skipped");
        assertThat(Files.readString(dir.resolve("again").resolve("TEST-stowage-conformance.xml"))).contains("replay=" + token.group(1));
    }

    @Test
    void aReplayTokenOfNoPropertyIsRefusedWithExitTwo() {
        Run run = run("--driver", "reference", "--report", dir.resolve("r").toString(), "--replay", "00000000.AA");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("00000000.AA");
    }

    @Test
    void eachCaseGetsItsOwnSubPathOfTheRootDirectory() {
        TestFactories.Rooted.ROOTS.clear();
        Run run = run("--driver", "rooted", "--param", "rootdirectory=/base/", "--report", dir.resolve("r").toString());
        assertThat(run.exit()).as(run.out()).isZero();
        List<String> roots = List.copyOf(TestFactories.Rooted.ROOTS);
        assertThat(roots).hasSizeGreaterThan(100).allMatch(r -> r.matches("/base/run-[0-9a-f-]+/case-\\d+"));
        assertThat(new HashSet<>(roots)).hasSameSizeAs(roots);
    }

    @Test
    void aRootedDriverWithoutRootDirectoryIsRefusedWithTheParameterNamed() {
        Run run = run("--driver", "rooted", "--report", dir.resolve("r").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("rootdirectory").contains("rooted");
    }

    @Test
    void anUnknownDriverListsTheDriversFound() {
        Run run = run("--driver", "nosuch", "--report", dir.resolve("r").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("nosuch").contains("reference");
    }

    @Test
    void theDriverCanComeFromAYamlConfig() throws Exception {
        Path config = Files.writeString(dir.resolve("storage.yml"), "storage:\n  reference: {}\n  delete:\n    enabled: true\n");
        Run run = run("--config", config.toString(), "--report", dir.resolve("c").toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("driver reference");
    }
}
