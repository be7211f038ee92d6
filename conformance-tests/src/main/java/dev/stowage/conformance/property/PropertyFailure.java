package dev.stowage.conformance.property;

import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * A property that did not hold. The message shows the property, the try that failed, the run's
 * seed, the replay token of the shrunk case, the shrunk sample (labelled draws and notes) and the
 * shrunk case's own failure message; the shrunk case's exception is the cause.
 */
public final class PropertyFailure extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final long seed;
    private final int failedTry;
    private final int originalSize;
    private final int shrunkSize;
    private final int shrinkRuns;
    private final String token;
    private final transient List<String> sample;

    PropertyFailure(String property, Settings settings, int failedTry, Outcome original, Outcome shrunk, Shrinker shrinker) {
        super(message(property, settings, failedTry, original, shrunk, shrinker), shrunk.failure());
        this.property = property;
        this.seed = settings.seed();
        this.failedTry = failedTry;
        this.originalSize = original.choices().length;
        this.shrunkSize = shrunk.choices().length;
        this.shrinkRuns = shrinker == null ? 0 : shrinker.runs();
        this.token = Token.encode(property, shrunk.choices());
        this.sample = shrunk.sample();
    }

    private static String message(String property, Settings settings, int failedTry, Outcome original, Outcome shrunk,
            Shrinker shrinker) {
        String token = Token.encode(property, shrunk.choices());
        StringBuilder m = new StringBuilder("property ").append(property);
        if (failedTry == 0) {
            m.append(" failed on the replayed case");
        } else {
            m.append(" failed on try ").append(failedTry).append(" (run seed ").append(settings.seed()).append(")");
            if (shrinker == null) {
                m.append(", not shrunk (shrinking is off)");
            } else {
                m.append(", shrunk from ").append(original.choices().length).append(" to ").append(shrunk.choices().length)
                        .append(" choices in ").append(shrinker.runs()).append(" runs")
                        .append(shrinker.timedOut() ? " (stopped at the time limit of " + settings.shrinkLimit().toSeconds() + " s)" : "");
            }
        }
        m.append("\nreplay this case: -D").append(Settings.REPLAY).append('=').append(token)
                .append(" (conformance runner: --replay ").append(token).append(')');
        m.append("\nreplay the run:   -D").append(Settings.SEED).append('=').append(settings.seed());
        if (!shrunk.sample().isEmpty()) {
            m.append("\nsample:");
            shrunk.sample().forEach(line -> m.append("\n  ").append(line));
        }
        Throwable cause = shrunk.failure();
        m.append("\nfailure: ").append(cause.getClass().getName());
        if (cause.getMessage() != null) {
            m.append(": ").append(cause.getMessage());
        }
        return m.toString();
    }

    /** The property's name. */
    public String property() {
        return property;
    }

    /** The run's seed. */
    public long seed() {
        return seed;
    }

    /** The try (1-based) whose case failed first; 0 when a replay token was run. */
    public int failedTry() {
        return failedTry;
    }

    /** How many choices the first failing case drew. */
    public int originalSize() {
        return originalSize;
    }

    /** How many choices the shrunk case draws. */
    public int shrunkSize() {
        return shrunkSize;
    }

    /** How many cases shrinking ran. */
    public int shrinkRuns() {
        return shrinkRuns;
    }

    /** The token that replays the shrunk case ({@link Settings#REPLAY}). */
    public String token() {
        return token;
    }

    /** The shrunk case's labelled draws and notes. */
    public List<String> sample() {
        return sample;
    }
}
