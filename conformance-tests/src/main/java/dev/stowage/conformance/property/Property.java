package dev.stowage.conformance.property;

import java.util.SplittableRandom;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs a property: a body that draws its inputs from a {@link Source} and throws when the property
 * does not hold. It runs {@link Settings#tries()} generated test cases; on the first failure it
 * shrinks the case's recorded choices to a minimal failing one and throws a {@link PropertyFailure}
 * that shows the shrunk sample, the failure, the seed and a replay token. From JUnit, annotate a
 * method with {@link PropertyTest} instead of calling this.
 *
 * <pre>{@code
 * Property.check("reverse twice", Settings.from(System::getProperty), source -> {
 *     List<Integer> xs = source.draw(Gen.integers(-100, 100).list(0, 20), "xs");
 *     assertEquals(xs, reverse(reverse(xs)));
 * });
 * }</pre>
 */
public final class Property {

    private Property() {}

    /**
     * A property's body: draws what it needs from the source and throws if the property does not
     * hold for it. It must be deterministic given its draws.
     */
    @FunctionalInterface
    public interface Body {
        /** Runs one test case. */
        void run(Source source) throws Throwable;
    }

    /**
     * Checks {@code body} under {@code settings}; {@code name} (the property's name, unique in a
     * run) seeds it and tags its replay tokens.
     *
     * @throws PropertyFailure when a case fails, with the shrunk case
     * @throws TestAbortedException when the settings replay a token of another property
     * @throws AssertionFailedError when nearly every case was rejected (a filter or assumption too strict)
     */
    public static void check(String name, Settings settings, Body body) {
        if (settings.replay() != null) {
            if (!Token.belongsTo(settings.replay(), name)) {
                throw new TestAbortedException("replaying " + settings.replay() + ", a case of another property");
            }
            Outcome outcome = Outcome.of(body, Source.replay(Token.decode(settings.replay())));
            if (outcome.failed()) {
                throw new PropertyFailure(name, settings, 0, outcome, outcome, null);
            }
            return;
        }
        SplittableRandom random = new SplittableRandom(mix(settings.seed(), name));
        int valid = 0;
        int rejected = 0;
        while (valid < settings.tries()) {
            Outcome outcome = Outcome.of(body, Source.random(random.split()));
            switch (outcome.status()) {
                case PASSED -> valid++;
                case REJECTED -> {
                    if (++rejected > Math.max(100, 10 * settings.tries())) {
                        throw new AssertionFailedError("property " + name + ": " + rejected + " cases rejected and only " + valid
                                + " valid; the last rejection: " + outcome.failure().getMessage());
                    }
                }
                case FAILED -> {
                    Shrinker shrinker = null;
                    Outcome shrunk = outcome;
                    if (settings.shrink()) {
                        shrinker = new Shrinker(choices -> Outcome.of(body, Source.replay(choices)), outcome,
                                System.nanoTime() + settings.shrinkLimit().toNanos());
                        shrunk = shrinker.shrink();
                    }
                    throw new PropertyFailure(name, settings, valid + 1, outcome, shrunk, shrinker);
                }
            }
        }
    }

    /** Whether {@code token} is a replay token printed by the property named {@code name}. */
    public static boolean isReplayOf(String token, String name) {
        return Token.belongsTo(token.trim(), name);
    }

    /** Mixes a seed with a name (SplitMix64's finaliser over both). */
    static long mix(long seed, String name) {
        long z = seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
