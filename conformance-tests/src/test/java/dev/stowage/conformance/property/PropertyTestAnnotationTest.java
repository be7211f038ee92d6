package dev.stowage.conformance.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** {@link PropertyTest} methods are ordinary Jupiter tests, with the shrunk case in the failure and the report entries. */
class PropertyTestAnnotationTest {

    /** Run only through the Launcher below (surefire skips nested classes). */
    static class Cases implements PropertyConfigurer {
        static final AtomicInteger PASSING_RUNS = new AtomicInteger();

        @PropertyTest(tries = 25)
        void passes(Source source) {
            source.draw(Gen.integers(0, 9));
            PASSING_RUNS.incrementAndGet();
        }

        @PropertyTest
        void failsAtTen(Source source) {
            int n = source.draw(Gen.integers(0, 1000), "n");
            assertThat(n).isLessThan(10);
        }

        @Override
        public Settings configure(Method property, Settings settings) {
            return property.getName().equals("failsAtTen") ? settings.withTries(200) : settings;
        }
    }

    record Run(Map<String, TestExecutionResult> results, Map<String, List<ReportEntry>> entries) {}

    static Run run(Map<String, String> parameters) {
        Run run = new Run(new java.util.HashMap<>(), new java.util.HashMap<>());
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Cases.class))
                .configurationParameters(parameters).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            run.results().put(id.getDisplayName(), result);
                        }
                    }

                    @Override
                    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                        run.entries().computeIfAbsent(id.getDisplayName(), k -> new ArrayList<>()).add(entry);
                    }
                });
        return run;
    }

    @Test
    void aPassingPropertyRunsItsTriesAndReportsItsSeed() {
        Cases.PASSING_RUNS.set(0);
        Run run = run(Map.of(Settings.SEED, "11"));
        assertThat(run.results().get("passes(Source)").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        assertThat(Cases.PASSING_RUNS).hasValue(25);
        assertThat(run.entries().get("passes(Source)").get(0).getKeyValuePairs())
                .containsEntry("seed", "11").containsEntry("tries", "25");
    }

    @Test
    void aFailingPropertyFailsWithTheShrunkSampleAndPublishesItAndItsReplayToken() {
        Run run = run(Map.of(Settings.SEED, "11"));
        TestExecutionResult failed = run.results().get("failsAtTen(Source)");
        assertThat(failed.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        PropertyFailure failure = (PropertyFailure) failed.getThrowable().orElseThrow();
        assertThat(failure.sample()).containsExactly("n = 10");
        assertThat(failure.getMessage()).contains("n = 10").contains("-Dstowage.seed=11");
        Map<String, String> shrunk = run.entries().get("failsAtTen(Source)").get(1).getKeyValuePairs();
        assertThat(shrunk).containsEntry("shrunk sample", "n = 10").containsEntry("replay", "-Dstowage.property.replay=" + failure.token());

        Run replayed = run(Map.of(Settings.REPLAY, failure.token()));
        assertThat(replayed.results().get("failsAtTen(Source)").getThrowable().orElseThrow().getMessage())
                .contains("failed on the replayed case").contains("n = 10");
        assertThat(replayed.results().get("passes(Source)").getStatus()).as("another property's token: skipped")
                .isEqualTo(TestExecutionResult.Status.ABORTED);
    }

    @Test
    void shrinkingCanBeSwitchedOffByAConfigurationParameter() {
        Run run = run(Map.of(Settings.SEED, "11", Settings.SHRINK, "off"));
        PropertyFailure failure = (PropertyFailure) run.results().get("failsAtTen(Source)").getThrowable().orElseThrow();
        assertThat(failure.shrinkRuns()).isZero();
        assertThat(failure.getMessage()).contains("not shrunk");
    }
}
