package dev.stowage.conformance;

import dev.stowage.conformance.property.PropertyTest;
import java.lang.reflect.Method;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * A case of the kit that a driver's test setup declares it cannot pass, and why: for a limit of
 * the test backend (an emulator that is not the real service), never of the driver. The kit does
 * not run an excluded case; every report shows it as excluded with this reason (the console, the
 * runner's JUnit XML and HTML; under surefire, a skipped test whose message starts with
 * {@code excluded}). Declare exclusions by overriding {@link DriverConformanceSuite#exclusions()}.
 *
 * @param caseName the name of the case's method, for example {@code "putContentAtomicUnderConcurrentReaders"};
 *     it must name a case of the kit, or the constructor throws {@link IllegalArgumentException}
 * @param reason what in the backend makes the case fail, for the report
 */
public record Exclusion(String caseName, String reason) {

    public Exclusion {
        Objects.requireNonNull(caseName, "caseName");
        Objects.requireNonNull(reason, "reason");
        if (caseName.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("an exclusion needs a case name and a reason, got case '" + caseName
                    + "', reason '" + reason + "'");
        }
        if (!isCase(caseName)) {
            throw new IllegalArgumentException("exclusion of '" + caseName + "': no case of the kit has that name "
                    + "(give the case's method name, e.g. putContentAtomicUnderConcurrentReaders)");
        }
    }

    private static boolean isCase(String name) {
        for (Class<?> type = DriverConformanceSuite.class; type != null; type = type.getSuperclass()) {
            for (Method m : type.getDeclaredMethods()) {
                if (m.getName().equals(name) && (m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(PropertyTest.class))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How an excluded case ends: aborted, so that JUnit reports it skipped, with the exclusion's reason. */
    public static final class Excluded extends TestAbortedException {
        private static final long serialVersionUID = 1L;

        Excluded(String declaredBy, Exclusion exclusion) {
            super("excluded by " + declaredBy + ": " + exclusion.reason());
        }
    }
}
