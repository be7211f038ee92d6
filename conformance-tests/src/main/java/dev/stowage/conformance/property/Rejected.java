package dev.stowage.conformance.property;

/** Thrown to abandon a test case that is not valid input (a failed assumption, a filter that found nothing). */
final class Rejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Rejected(String reason) {
        super(reason, null, false, false);
    }
}
