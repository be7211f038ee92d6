package dev.stowage.conformance.property;

import java.util.List;

/**
 * What one test case did.
 *
 * @param status passed, failed, or rejected (not valid input)
 * @param choices the choices it drew, in order
 * @param failure what it threw when it failed (else null)
 * @param sample its labelled draws and notes
 * @param spans the runs of choices that made one value or one step, {start, end}
 */
record Outcome(Status status, long[] choices, Throwable failure, List<String> sample, List<int[]> spans) {

    enum Status { PASSED, FAILED, REJECTED }

    boolean failed() {
        return status == Status.FAILED;
    }

    /** Runs {@code body} on {@code source}. */
    static Outcome of(Property.Body body, Source source) {
        try {
            body.run(source);
            return new Outcome(Status.PASSED, source.choices(), null, source.sample(), source.spans());
        } catch (Rejected | org.opentest4j.TestAbortedException e) {
            return new Outcome(Status.REJECTED, source.choices(), e, source.sample(), source.spans());
        } catch (Throwable t) {
            return new Outcome(Status.FAILED, source.choices(), t, source.sample(), source.spans());
        }
    }

    /** Shortlex order: fewer choices first, then the lexicographically smaller. */
    static int compare(long[] a, long[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return java.util.Arrays.compareUnsigned(a, b);
    }
}
