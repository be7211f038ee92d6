package dev.stowage.conformance;

import dev.stowage.conformance.Mutants.Mutant;
import java.util.List;

/** The broken drivers that only the lifecycle cases catch (see {@link Mutants}). */
final class LifecycleMutants {

    private LifecycleMutants() {}

    static List<Mutant> all() {
        return List.of();
    }
}
