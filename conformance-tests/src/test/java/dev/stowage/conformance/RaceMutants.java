package dev.stowage.conformance;

import dev.stowage.conformance.Mutants.Mutant;
import java.util.List;

/** The broken drivers that only the race cases catch (see {@link Mutants}). */
final class RaceMutants {

    private RaceMutants() {}

    static List<Mutant> all() {
        return List.of();
    }
}
