package dev.stowage.conformance;

import dev.stowage.conformance.Mutants.Mutant;
import java.util.List;

/** The broken drivers that only the stream cases catch (see {@link Mutants}). */
final class StreamMutants {

    private StreamMutants() {}

    static List<Mutant> all() {
        return List.of();
    }
}
