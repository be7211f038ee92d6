package dev.stowage.driver.s3;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole conformance kit against the s3 driver on S3Mock: each case gets a driver on the
 * shared test bucket under a fresh random {@code rootdirectory}. The part size is S3's minimum,
 * 5 MiB, so multi-part cases stay quick.
 *
 * <p>One case is reported skipped, with its reason: S3Mock 5.2.0 rewrites an object's file in
 * place, so a GET that runs while a PUT replaces the same key receives a truncated body and hangs
 * until the socket timeout. This happens with the bare SDK as well (no driver involved); real S3
 * replaces objects atomically.
 */
@ExtendWith(S3ConformanceTest.S3MockLimitations.class)
class S3ConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        Map<String, Object> parameters = S3MockServer.parameters();
        parameters.put("chunksize", "5MiB");
        return S3MockServer.driver(parameters);
    }

    /** Disables the kit's cases that S3Mock itself cannot pass, naming why. */
    static final class S3MockLimitations implements ExecutionCondition {
        private static final Set<String> NOT_ON_S3MOCK = Set.of("putContentAtomicUnderConcurrentReaders");

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getTestMethod().filter(m -> NOT_ON_S3MOCK.contains(m.getName()))
                    .map(m -> ConditionEvaluationResult.disabled("S3Mock 5.2.0 does not replace objects atomically: "
                            + "a GET concurrent with a PUT of the same key gets a truncated body (bare SDK too)"))
                    .orElse(ConditionEvaluationResult.enabled("runs on S3Mock"));
        }
    }
}
