package dev.stowage.conformance.property;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Shrinks a failing test case by editing its recorded choices and replaying them: it deletes spans
 * (the choices that made one value, one list element with the choice before it that said "one
 * more", one step of a stateful test with everything it drew) and other runs of choices, sets runs to
 * zero, lowers single choices (binary search toward zero), lowers a choice while deleting as many
 * after it (a length and the elements it counts), lowers equal choices together (the same
 * character in two strings) and orders neighbours. A candidate is
 * kept when it still fails and its choices are smaller in shortlex order, so shrinking always
 * ends. It stops early at the deadline.
 */
final class Shrinker {

    private final Function<long[], Outcome> replay;
    private final long deadline;
    private final Set<String> tried = new HashSet<>();
    private Outcome best;
    private int runs;
    private boolean timedOut;

    Shrinker(Function<long[], Outcome> replay, Outcome failing, long deadlineNanos) {
        this.replay = replay;
        this.best = failing;
        this.deadline = deadlineNanos;
    }

    Outcome shrink() {
        boolean changed = true;
        while (changed && !timeUp()) {
            changed = deleteSpans();
            changed |= deleteRuns();
            changed |= zeroRuns();
            changed |= lowerEach();
            changed |= lowerAndDelete();
            changed |= lowerEqualPairs();
            changed |= orderNeighbours();
        }
        return best;
    }

    int runs() {
        return runs;
    }

    boolean timedOut() {
        return timedOut;
    }

    private boolean timeUp() {
        if (System.nanoTime() - deadline > 0) {
            timedOut = true;
        }
        return timedOut;
    }

    /** Replays {@code candidate} if it is smaller than the best; keeps it if it fails. */
    private boolean consider(long[] candidate) {
        if (timeUp() || Outcome.compare(candidate, best.choices()) >= 0 || !tried.add(Arrays.toString(candidate))) {
            return false;
        }
        runs++;
        Outcome outcome = replay.apply(candidate);
        if (outcome.failed() && Outcome.compare(outcome.choices(), best.choices()) < 0) {
            best = outcome;
            return true;
        }
        return false;
    }

    private static int[] runLengths(int n) {
        int[] small = {8, 7, 6, 5, 4, 3, 2, 1};
        int big = 0;
        for (int k = n / 2; k > 8; k /= 2) {
            big++;
        }
        int[] all = new int[big + small.length];
        int i = 0;
        for (int k = n / 2; k > 8; k /= 2) {
            all[i++] = k;
        }
        System.arraycopy(small, 0, all, i, small.length);
        return all;
    }

    private boolean deleteSpans() {
        boolean any = false;
        for (int n = best.spans().size() - 1; n >= 0; n--) {
            if (n >= best.spans().size()) {
                continue;
            }
            int[] span = best.spans().get(n);
            if (span[1] > best.choices().length) {
                continue;
            }
            any |= consider(without(span[0], span[1])) || span[0] > 0 && consider(without(span[0] - 1, span[1]));
        }
        return any;
    }

    private long[] without(int from, int to) {
        long[] c = best.choices();
        long[] shorter = new long[c.length - (to - from)];
        System.arraycopy(c, 0, shorter, 0, from);
        System.arraycopy(c, to, shorter, from, c.length - to);
        return shorter;
    }

    private boolean deleteRuns() {
        boolean any = false;
        for (int k : runLengths(best.choices().length)) {
            for (int i = best.choices().length - k; i >= 0; i--) {
                if (i + k <= best.choices().length) {
                    any |= consider(without(i, i + k));
                }
            }
        }
        return any;
    }

    private boolean zeroRuns() {
        boolean any = false;
        for (int k = 8; k >= 2; k /= 2) {
            for (int i = 0; i + k <= best.choices().length; i++) {
                long[] c = best.choices().clone();
                boolean nonZero = false;
                for (int j = i; j < i + k; j++) {
                    nonZero |= c[j] != 0;
                    c[j] = 0;
                }
                if (nonZero) {
                    any |= consider(c);
                }
            }
        }
        return any;
    }

    private boolean lowerEach() {
        boolean any = false;
        for (int i = 0; i < best.choices().length; i++) {
            int at = i;
            long value = best.choices()[i];
            any |= value != 0 && lower(value, v -> {
                long[] c = best.choices().clone();
                if (c.length <= at) {
                    return null;
                }
                c[at] = v;
                return c;
            });
        }
        return any;
    }

    /**
     * Binary search for the lowest value that still fails, from {@code value} (failing) toward 0;
     * {@code candidate} makes the choices for a value, or null once the best case no longer fits.
     */
    private boolean lower(long value, LongFunction<long[]> candidate) {
        long[] zero = candidate.apply(0);
        if (zero != null && consider(zero)) {
            return true;
        }
        boolean any = false;
        long lo = 0;
        long hi = value;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            long[] c = candidate.apply(mid);
            if (c == null) {
                break;
            }
            if (consider(c)) {
                hi = mid;
                any = true;
            } else {
                lo = mid;
            }
        }
        return any;
    }

    private boolean lowerAndDelete() {
        boolean any = false;
        for (int i = 0; i < best.choices().length; i++) {
            long[] c = best.choices();
            long most = Math.min(c[i], c.length - i - 1);
            for (long k = most; k >= 1; k /= 2) {
                long[] shorter = new long[c.length - (int) k];
                System.arraycopy(c, 0, shorter, 0, i + 1);
                shorter[i] = c[i] - k;
                System.arraycopy(c, i + 1 + (int) k, shorter, i + 1, c.length - i - 1 - (int) k);
                if (consider(shorter)) {
                    any = true;
                    break;
                }
            }
        }
        return any;
    }

    private boolean lowerEqualPairs() {
        boolean any = false;
        for (int i = 0; i < best.choices().length; i++) {
            for (int j = i + 1; j < best.choices().length; j++) {
                long value = best.choices()[i];
                if (value == 0 || value != best.choices()[j]) {
                    continue;
                }
                int first = i;
                int second = j;
                any |= lower(value, v -> {
                    long[] c = best.choices().clone();
                    if (c.length <= second || c[first] != c[second]) {
                        return null;
                    }
                    c[first] = v;
                    c[second] = v;
                    return c;
                });
            }
        }
        return any;
    }

    private boolean orderNeighbours() {
        boolean any = false;
        for (int i = 0; i + 1 < best.choices().length; i++) {
            long[] c = best.choices();
            if (Long.compareUnsigned(c[i], c[i + 1]) > 0) {
                long[] swapped = c.clone();
                swapped[i] = c[i + 1];
                swapped[i + 1] = c[i];
                any |= consider(swapped);
            }
        }
        return any;
    }
}
