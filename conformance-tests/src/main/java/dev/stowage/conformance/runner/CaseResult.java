package dev.stowage.conformance.runner;

import java.util.List;

/**
 * The outcome of one case.
 *
 * @param name the case's display name
 * @param method the Java method it runs
 * @param status passed, failed, skipped (does not apply to the driver) or excluded (declared
 *     by the driver's test setup, see {@link dev.stowage.conformance.Exclusion})
 * @param millis how long it ran
 * @param message the failure message, or the skip or exclusion reason (null when passed)
 * @param detail the stack trace of a failure (null otherwise)
 * @param reports what the engine reported for it, e.g. a property's seed, shrunk sample and replay token
 */
record CaseResult(String name, String method, Status status, long millis, String message, String detail, List<String> reports) {

    enum Status { PASSED, FAILED, SKIPPED, EXCLUDED }
}
