package dev.stowage.conformance;

import dev.stowage.conformance.property.Settings;
import java.time.Duration;
import java.util.Locale;

/**
 * The size profile of a conformance run, chosen by the system property {@code stowage.profile}
 * ({@code quick}, the default, or {@code large}; {@code smoke} is the kit's own), and the run's seed, from {@code stowage.seed} or
 * drawn once per JVM and printed so that a run can be replayed. The profile also sets the property
 * engine's tries and its shrinking time limit ({@link #propertySettings}).
 */
record Profile(
        String name,
        long largeStreamSize,
        int appendChunkSize,
        int concurrentStreamSize,
        int concurrentReaders,
        int concurrentWriters,
        int manyFiles,
        int putContentRepeats,
        long raceMillis,
        int propertyTries,
        int statefulTries,
        int statefulSteps,
        int shrinkSeconds) {

    static final String PROFILE_PROPERTY = "stowage.profile";
    static final String SEED_PROPERTY = "stowage.seed";

    static final Profile QUICK = new Profile("quick", 32L << 20, 1 << 20, 4 << 20, 8, 16, 1_001, 32, 1_500, 40, 40, 30, 30);
    /** Smaller sizes and fewer tries, for the kit's own mutation tests that run the suite dozens of times. */
    static final Profile SMOKE = new Profile("smoke", 2L << 20, 64 << 10, 512 << 10, 4, 4, 1_001, 8, 500, 15, 20, 25, 10);
    /** Its large stream passes 4 GiB, sized down to a driver's declared maxFileSize (a driver holding files on the heap needs a heap above it). */
    static final Profile LARGE = new Profile("large", (4L << 30) + (3L << 20) + 7, 10 << 20, 64 << 20, 32, 64, 5_200, 200, 20_000, 500, 400, 60, 300);

    private static volatile boolean printed;

    /** The profile named by {@code stowage.profile}; an unknown name is an error naming the property. */
    static Profile current() {
        String value = System.getProperty(PROFILE_PROPERTY, "quick").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "quick" -> QUICK;
            case "large" -> LARGE;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException(
                    "system property " + PROFILE_PROPERTY + " must be quick or large, not '" + value + "'");
        };
    }

    /** The run's seed: {@code stowage.seed} if set, else one drawn per JVM (the property engine's); printed with the profile on first use. */
    static long seed() {
        if (!printed) {
            synchronized (Profile.class) {
                if (!printed) {
                    long value = Settings.runSeed();
                    System.out.println("[stowage-conformance] profile=" + current().name() + " seed=" + value
                            + " (replay: -D" + SEED_PROPERTY + "=" + value + " -D" + PROFILE_PROPERTY + "=" + current().name()
                            + ", or the runner's --seed " + value + " --profile " + current().name() + ")");
                    printed = true;
                }
            }
        }
        return Settings.runSeed();
    }

    /**
     * The settings of one of the kit's properties: the profile's tries (the stateful test's for
     * {@code stateful}), the run's seed and the profile's shrinking time limit.
     */
    Settings propertySettings(boolean stateful, Settings given) {
        return given.withTries(stateful ? statefulTries : propertyTries).withSeed(seed())
                .withShrinkLimit(Duration.ofSeconds(shrinkSeconds));
    }

    /** A seed for one case, derived from the run's seed and the case name. */
    static long seedFor(String caseName) {
        return seed() ^ (caseName.hashCode() * 0x9E3779B97F4A7C15L);
    }
}
