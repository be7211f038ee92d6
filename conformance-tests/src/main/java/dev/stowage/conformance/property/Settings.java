package dev.stowage.conformance.property;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a property runs.
 *
 * <p>Every property of a run derives its own seed from the run's {@code seed} and its name, so one
 * printed seed replays the whole run; a {@code replay} token replays only the one shrunk case it
 * was printed for. {@link #from} reads the system properties (or JUnit configuration parameters)
 * {@value #SEED}, {@value #TRIES}, {@value #SHRINK} ({@code on} or {@code off}),
 * {@value #SHRINK_SECONDS} and {@value #REPLAY}.
 *
 * @param tries how many valid test cases to run (rejected ones do not count)
 * @param seed the run's seed
 * @param shrinkLimit how long shrinking a failure may take; then the smallest failure so far is reported
 * @param shrink whether to shrink a failure at all
 * @param replay a replay token to run instead of generated cases, or null
 */
public record Settings(int tries, long seed, Duration shrinkLimit, boolean shrink, String replay) {

    /** The run's seed. */
    public static final String SEED = "stowage.seed";
    /** Tries per property. */
    public static final String TRIES = "stowage.property.tries";
    /** {@code off} turns shrinking off. */
    public static final String SHRINK = "stowage.property.shrink";
    /** The shrinking time limit in seconds. */
    public static final String SHRINK_SECONDS = "stowage.property.shrink.seconds";
    /** A replay token. */
    public static final String REPLAY = "stowage.property.replay";

    private static volatile Long runSeed;

    /** Checks the values. */
    public Settings {
        if (tries < 1) {
            throw new IllegalArgumentException("tries " + tries + " < 1");
        }
        Objects.requireNonNull(shrinkLimit, "shrinkLimit");
        if (replay != null && replay.isBlank()) {
            replay = null;
        }
    }

    /**
     * Settings from named parameters ({@code System::getProperty} or a JUnit configuration):
     * 100 tries, the run's seed ({@link #runSeed}), 30 seconds of shrinking, no replay, unless
     * the parameters say otherwise.
     */
    public static Settings from(UnaryOperator<String> parameters) {
        String tries = parameters.apply(TRIES);
        String shrink = parameters.apply(SHRINK);
        String seconds = parameters.apply(SHRINK_SECONDS);
        String seed = parameters.apply(SEED);
        boolean shrinking = shrink == null || !shrink.trim().toLowerCase(Locale.ROOT).matches("off|false|no");
        return new Settings(tries == null ? 100 : number(TRIES, tries), seed == null ? runSeed() : longNumber(SEED, seed),
                Duration.ofSeconds(seconds == null ? 30 : number(SHRINK_SECONDS, seconds)), shrinking, parameters.apply(REPLAY));
    }

    /** These settings with {@code tries} tries. */
    public Settings withTries(int tries) {
        return new Settings(tries, seed, shrinkLimit, shrink, replay);
    }

    /** These settings with the run's seed {@code seed}. */
    public Settings withSeed(long seed) {
        return new Settings(tries, seed, shrinkLimit, shrink, replay);
    }

    /** These settings with {@code shrinkLimit}. */
    public Settings withShrinkLimit(Duration shrinkLimit) {
        return new Settings(tries, seed, shrinkLimit, shrink, replay);
    }

    /** These settings with shrinking on or off. */
    public Settings withShrinking(boolean shrink) {
        return new Settings(tries, seed, shrinkLimit, shrink, replay);
    }

    /** These settings with {@code replay} (a token, or null for generated cases). */
    public Settings withReplay(String replay) {
        return new Settings(tries, seed, shrinkLimit, shrink, replay);
    }

    /**
     * The run's seed: the system property {@value #SEED} if set, else one drawn once per JVM and
     * printed with how to replay it.
     */
    public static long runSeed() {
        Long s = runSeed;
        if (s == null) {
            synchronized (Settings.class) {
                if (runSeed == null) {
                    String given = System.getProperty(SEED);
                    long value = given == null || given.isBlank() ? new SecureRandom().nextLong() : longNumber(SEED, given);
                    System.out.println("[stowage-property] seed=" + value + " (replay the run: -D" + SEED + "=" + value
                            + ", or the conformance runner's --seed " + value + ")");
                    runSeed = value;
                }
                s = runSeed;
            }
        }
        return s;
    }

    private static int number(String name, String value) {
        long n = longNumber(name, value);
        if (n != (int) n) {
            throw new IllegalArgumentException(name + " must be an integer, not '" + value + "'");
        }
        return (int) n;
    }

    private static long longNumber(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, not '" + value + "'", e);
        }
    }
}
