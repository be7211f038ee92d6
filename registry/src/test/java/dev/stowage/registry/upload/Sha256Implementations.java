package dev.stowage.registry.upload;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.registry.upload.ResumableSha256.Implementation;

/** Picks an implementation for a test, skipping (with the reason) one this JVM cannot run. */
final class Sha256Implementations {
    private Sha256Implementations() {}

    static void assumeUsable(Implementation implementation) {
        if (implementation == Implementation.JDK) {
            String reason = ResumableSha256.jdkUnavailableReason();
            assumeTrue(reason == null, () -> "the JDK SHA-256 path is not available here: " + reason);
        }
    }

    static ResumableSha256 create(Implementation implementation) {
        assumeUsable(implementation);
        return ResumableSha256.create(implementation);
    }

    static ResumableSha256 restore(byte[] state, Implementation implementation) throws InvalidHashStateException {
        assumeUsable(implementation);
        return ResumableSha256.restore(state, implementation);
    }
}
