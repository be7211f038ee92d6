package dev.stowage.conformance.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A seed replays a whole run; a replay token reruns only the shrunk case. */
class ReproductionTest {

    static final Settings SEED_7 = new Settings(100, 7, Duration.ofSeconds(30), true, null);

    @Test
    void theSameSeedGivesTheSameReport() {
        PropertyFailure first = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("stack", SEED_7, PlantedBugsTest.STATE_THREE_STEPS_DEEP));
        PropertyFailure again = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("stack", SEED_7, PlantedBugsTest.STATE_THREE_STEPS_DEEP));
        assertThat(again.getMessage()).isEqualTo(first.getMessage());
        assertThat(again.failedTry()).isEqualTo(first.failedTry());
        assertThat(again.originalSize()).isEqualTo(first.originalSize());
        assertThat(first.getMessage()).contains("run seed 7").contains("-Dstowage.seed=7")
                .contains("-Dstowage.property.replay=" + first.token()).contains("--replay " + first.token());
    }

    @Test
    void theSameSeedGeneratesTheSameCasesAndAnotherSeedOthers() {
        assertThat(casesOf(7)).isEqualTo(casesOf(7)).isNotEqualTo(casesOf(8));
    }

    private static List<List<Integer>> casesOf(long seed) {
        List<List<Integer>> cases = new ArrayList<>();
        Settings settings = new Settings(20, seed, Duration.ZERO, false, null);
        Property.check("cases", settings, source -> cases.add(source.draw(Gen.integers(0, 1_000_000).list(0, 5))));
        return cases;
    }

    @Test
    void theReplayTokenRerunsOnlyTheShrunkCase() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("stack", SEED_7, PlantedBugsTest.STATE_THREE_STEPS_DEEP));
        AtomicInteger runs = new AtomicInteger();
        Property.Body counted = source -> {
            runs.incrementAndGet();
            PlantedBugsTest.STATE_THREE_STEPS_DEEP.run(source);
        };
        PropertyFailure replayed = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("stack", SEED_7.withReplay(failure.token()), counted));
        assertThat(runs).as("cases run").hasValue(1);
        assertThat(replayed.failedTry()).isZero();
        assertThat(replayed.sample()).isEqualTo(failure.sample());
        assertThat(replayed.token()).isEqualTo(failure.token());
        assertThat(replayed.getMessage()).contains("failed on the replayed case");
    }

    @Test
    void aReplayedCaseThatNoLongerFailsPasses() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("stack", SEED_7, PlantedBugsTest.STATE_THREE_STEPS_DEEP));
        AtomicInteger runs = new AtomicInteger();
        Property.check("stack", SEED_7.withReplay(failure.token()), source -> runs.incrementAndGet());
        assertThat(runs).hasValue(1);
    }

    @Test
    void aTokenOfAnotherPropertyIsNotRunButReportedAsSkipped() {
        String token = Token.encode("other", new long[] {1, 2, 3});
        assertThatThrownBy(() -> Property.check("stack", SEED_7.withReplay(token), source -> {
            throw new AssertionError("must not run");
        })).isInstanceOf(TestAbortedException.class).hasMessageContaining(token);
    }

    @Test
    void tokensRoundTripAnyChoices() {
        long[] choices = {0, 1, 127, 128, 300, Long.MAX_VALUE, -1L};
        String token = Token.encode("p", choices);
        assertThat(Token.belongsTo(token, "p")).isTrue();
        assertThat(Token.belongsTo(token, "q")).isFalse();
        assertThat(Token.decode(token)).containsExactly(choices);
        assertThatThrownBy(() -> Token.decode("nonsense")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withShrinkingOffTheFirstFailingCaseIsReportedAsFound() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("stack", SEED_7.withShrinking(false), PlantedBugsTest.STATE_THREE_STEPS_DEEP));
        assertThat(failure.shrinkRuns()).isZero();
        assertThat(failure.shrunkSize()).isEqualTo(failure.originalSize());
        assertThat(failure.getMessage()).contains("not shrunk");
    }

    @Test
    void shrinkingStopsAtItsTimeLimit() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("stack", SEED_7.withShrinkLimit(Duration.ZERO), PlantedBugsTest.STATE_THREE_STEPS_DEEP));
        assertThat(failure.shrinkRuns()).isZero();
        assertThat(failure.getMessage()).contains("stopped at the time limit");
    }
}
