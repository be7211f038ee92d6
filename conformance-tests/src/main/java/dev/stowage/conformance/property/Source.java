package dev.stowage.conformance.property;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The source a property draws its inputs from: every draw is recorded as a choice, so that the
 * engine can replay a test case from its choices and shrink it by editing them (deleting runs of
 * choices, lowering them toward zero). A property body receives one {@code Source} per test case
 * and may draw at any time, including from values that depend on the live state of the test
 * (the paths a stateful test has created so far).
 *
 * <p>Contract: a property must be deterministic given its draws; a {@code Source} belongs to one
 * test case and one thread. Draws with {@link #draw(Gen, String)} are shown, with their label, in
 * the report of a failing case.
 */
public final class Source {

    /** A test case that draws this many choices is abandoned as too large. */
    static final int MAX_CHOICES = 100_000;

    private final SplittableRandom random; // null when replaying
    private final long[] prefix;
    private final List<Long> choices = new ArrayList<>();
    private final List<String> sample = new ArrayList<>();
    private final List<int[]> spans = new ArrayList<>();
    private int depth;

    private Source(SplittableRandom random, long[] prefix) {
        this.random = random;
        this.prefix = prefix;
    }

    /** A source that makes fresh random choices. */
    static Source random(SplittableRandom random) {
        return new Source(random, new long[0]);
    }

    /** A source that replays {@code prefix} and then makes the simplest choice (0) forever. */
    static Source replay(long[] prefix) {
        return new Source(null, prefix.clone());
    }

    /** Draws a value from {@code gen}. */
    public <T> T draw(Gen<T> gen) {
        int start = choices.size();
        depth++;
        try {
            return gen.generate(this);
        } finally {
            depth--;
            span(start);
        }
    }

    /** Where the next choice goes. */
    int position() {
        return choices.size();
    }

    /**
     * Marks the choices from {@code start} to here as one span (a drawn value, a stateful step): the
     * shrinker tries deleting spans whole.
     */
    void span(int start) {
        if (choices.size() > start) {
            spans.add(new int[] {start, choices.size()});
        }
    }

    /** Draws a value from {@code gen} and shows it under {@code label} if the case fails. */
    public <T> T draw(Gen<T> gen, String label) {
        T value = draw(gen);
        if (depth == 0) {
            sample.add(label + " = " + Show.value(value));
        }
        return value;
    }

    /** Adds a line to the report of this case, shown if it fails (e.g. the step a stateful test took). */
    public void note(String line) {
        sample.add(line);
    }

    /** Abandons this test case, without failing, unless {@code condition} holds; the engine draws another. */
    public void assume(boolean condition) {
        if (!condition) {
            throw new Rejected("an assumption did not hold");
        }
    }

    // ---- the choices: non-negative ranks, 0 the simplest -------------------------------------

    /** How a fresh choice is made. */
    enum Bias { UNIFORM, EDGES }

    /**
     * Makes a choice in {@code [0, n)} and records it; {@code n >= 1}. {@link Bias#EDGES} draws the
     * first and last rank and small ranks more often than a uniform choice would.
     */
    long choose(long n, Bias bias) {
        if (n < 1) {
            throw new IllegalArgumentException("no choice among " + n + " values");
        }
        if (choices.size() < prefix.length) {
            return record(Long.remainderUnsigned(prefix[choices.size()], n));
        }
        if (random == null) {
            return record(0);
        }
        if (bias == Bias.EDGES && n > 16 && random.nextInt(8) == 0) {
            return record(random.nextInt(16));
        }
        return record(random.nextLong(n));
    }

    private long record(long rank) {
        if (choices.size() >= MAX_CHOICES) {
            throw new Rejected("more than " + MAX_CHOICES + " choices");
        }
        choices.add(rank);
        return rank;
    }

    /** A choice that is 1 with probability {@code p} when fresh; 0 (the simplest) is "no". */
    boolean chance(double p) {
        if (choices.size() < prefix.length || random == null) {
            return choose(2, Bias.UNIFORM) == 1;
        }
        return record(random.nextDouble() < p ? 1 : 0) == 1;
    }

    /** Picks an index with probability proportional to its weight; shrinks toward index 0. */
    int pick(int[] weights) {
        long total = 0;
        for (int w : weights) {
            total += w;
        }
        long r = choose(total, Bias.UNIFORM);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        throw new AssertionError("unreachable");
    }

    /**
     * A value in {@code [min, max]}, rank 0 being the value closest to zero; see {@link #valueOf}.
     * {@link Bias#EDGES} draws min, max, the value nearest zero and its neighbours on purpose.
     */
    long between(long min, long max, Bias bias) {
        if (max < min || max - min < 0 || max - min == Long.MAX_VALUE) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] is empty or too wide");
        }
        if (bias == Bias.EDGES && random != null && choices.size() >= prefix.length && random.nextInt(8) == 0) {
            long[] edges = {min, max, valueOf(0, min, max), valueOf(Math.min(1, max - min), min, max),
                    valueOf(Math.min(2, max - min), min, max)};
            return valueOf(record(rankOf(edges[random.nextInt(edges.length)], min, max)), min, max);
        }
        return valueOf(choose(max - min + 1, bias), min, max);
    }

    /** The inverse of {@link #valueOf}. */
    static long rankOf(long value, long min, long max) {
        if (min >= 0) {
            return value - min;
        }
        if (max <= 0) {
            return max - value;
        }
        long both = Math.min(-min, max);
        if (Math.abs(value) <= both) {
            return value > 0 ? 2 * value - 1 : -2 * value;
        }
        return value > 0 ? value + -min : -value + max;
    }

    /** Maps a rank to a value of {@code [min, max]}: 0, 1, -1, 2, -2, ... as far as the range allows, else upward from min or downward from max. */
    static long valueOf(long rank, long min, long max) {
        if (min >= 0) {
            return min + rank;
        }
        if (max <= 0) {
            return max - rank;
        }
        long neg = -min;
        long both = 2 * Math.min(neg, max);
        if (rank == 0) {
            return 0;
        }
        if (rank <= both) {
            return rank % 2 == 1 ? (rank + 1) / 2 : -(rank / 2);
        }
        return max > neg ? rank - neg : -(rank - max);
    }

    /** The choices made so far. */
    long[] choices() {
        long[] c = new long[choices.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = choices.get(i);
        }
        return c;
    }

    List<int[]> spans() {
        return List.copyOf(spans);
    }

    List<String> sample() {
        return List.copyOf(sample);
    }
}
