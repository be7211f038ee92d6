package dev.stowage.conformance;

import dev.stowage.conformance.Mutants.Mutant;
import java.util.List;

/** The broken drivers that only the tree cases catch (see {@link Mutants}). */
final class TreeMutants {

    private TreeMutants() {}

    static List<Mutant> all() {
        return List.of();
    }
}
