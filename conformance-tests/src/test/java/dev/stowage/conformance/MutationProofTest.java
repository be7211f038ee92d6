package dev.stowage.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.stowage.conformance.property.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Proof that the kit catches bugs: each broken driver in {@link Mutants} makes the suite fail,
 * and the correct {@link ReferenceDriver} passes it, run the same way (the JUnit Platform
 * Launcher), with shrinking off.
 */
class MutationProofTest {

    record Outcome(int passed, List<String> failed, int skipped) {}

    /** Runs the suite in the smoke profile (the quick one is proven by ReferenceDriverConformanceTest). */
    static Outcome runSuite(Supplier<dev.stowage.driver.StorageDriver> drivers) {
        String previous = System.getProperty("stowage.profile");
        System.setProperty("stowage.profile", "smoke");
        try {
            return runSuiteNow(drivers);
        } finally {
            if (previous == null) {
                System.clearProperty("stowage.profile");
            } else {
                System.setProperty("stowage.profile", previous);
            }
        }
    }

    private static Outcome runSuiteNow(Supplier<dev.stowage.driver.StorageDriver> drivers) {
        MutantSuite.use(drivers);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(MutantSuite.class))
                .configurationParameters(Map.of(Settings.SHRINK, "off")) // finding the bug is enough here
                .build();
        List<String> failed = new ArrayList<>();
        int[] counts = new int[2];
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed.add(id.getDisplayName() + ": " + result.getThrowable().map(Throwable::getMessage).orElse("")
                            .lines().findFirst().orElse(""));
                } else if (id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    counts[0]++;
                } else if (id.isTest()) {
                    counts[1]++;
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                counts[1]++;
            }
        });
        return new Outcome(counts[0], failed, counts[1]);
    }

    @Test
    void theCorrectReferenceDriverPassesTheWholeSuite() {
        Outcome outcome = runSuite(ReferenceDriver::new);
        if (!outcome.failed().isEmpty()) {
            throw new AssertionFailedError("the correct driver failed: " + outcome.failed());
        }
        if (outcome.passed() < 55 || outcome.skipped() != 2) {
            throw new AssertionFailedError(outcome.passed() + " cases passed and " + outcome.skipped()
                    + " were skipped; expected at least 55 and exactly two (the redirect URL case, and the size-limit"
                    + " case: the reference driver has no limit)");
        }
    }

    @Test
    void theCorrectReferenceDriverWithASmallSizeLimitPassesTheWholeSuite() {
        Outcome outcome = runSuite(LifecycleMutants::limitedReference);
        if (!outcome.failed().isEmpty()) {
            throw new AssertionFailedError("the correct driver with maxFileSize " + LifecycleMutants.LIMIT + " failed: "
                    + outcome.failed());
        }
        if (outcome.skipped() != 1) {
            throw new AssertionFailedError(outcome.skipped() + " cases were skipped; expected exactly one (the redirect URL"
                    + " case): with maxFileSize " + LifecycleMutants.LIMIT + " the size-limit case must run");
        }
    }

    @Test
    void thereAreAtLeast25Mutants() {
        if (Mutants.all().size() < 25) {
            throw new AssertionFailedError("only " + Mutants.all().size() + " mutants");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenDriverFailsTheSuite() {
        return Mutants.all().stream().map(mutant -> DynamicTest.dynamicTest(mutant.name() + ": " + mutant.bug(), () -> {
            long started = System.nanoTime();
            Outcome outcome = runSuite(mutant.driver());
            // a race bug shows by chance: a mutant that got through is given two more runs (a real run races longer)
            for (int again = 0; outcome.failed().isEmpty() && again < 2; again++) {
                outcome = runSuite(mutant.driver());
            }
            System.out.println("[mutant " + mutant.name() + "] " + (System.nanoTime() - started) / 1_000_000 + " ms, caught by " + outcome.failed().size() + " case(s): "
                    + outcome.failed().stream().map(f -> f.split(":")[0]).toList());
            if (outcome.failed().isEmpty()) {
                throw new AssertionFailedError("the suite passed a broken driver (" + mutant.bug() + ")");
            }
        }));
    }
}
