package dev.stowage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.conformance.property.Property;
import dev.stowage.conformance.property.PropertyFailure;
import dev.stowage.conformance.property.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How good the property engine is on the kit's own broken drivers ({@link Mutants}): how many
 * tries the stateful test needs to find each bug, and how many script lines its shrunk
 * counterexample has against the fewest any failing script can have. The full table (ten seeds,
 * every mutant) is printed by
 * {@code mvn -pl conformance-tests test -Dtest=MutantSearchTest -Dstowage.measure=true};
 * the build checks a sample of it.
 */
class MutantSearchTest {

    /**
     * The fewest script lines that fail, per mutant the stateful test can reach, worked out by hand.
     * The stateful property includes the kit's hygiene check after the script (delete every
     * top-level entry; list and walk of the root must then be empty), which finds some bugs alone.
     */
    static final Map<String, Integer> SMALLEST = Map.ofEntries(
            Map.entry("reader-offset-off-by-one", 2),      // put 2 bytes, read at 1
            Map.entry("reader-ignores-offset", 2),         // put 1 byte, read at 1
            Map.entry("reader-past-end-empty", 2),         // put, read at 1 past the end
            Map.entry("list-grandchildren", 1),            // put /a/a/x; hygiene deletes /a, then /a/a is gone
            Map.entry("list-unsorted", 3),                 // two puts in one directory, list
            Map.entry("list-missing-dir-empty", 1),        // list a missing directory
            Map.entry("delete-prefix", 2),                 // put /x and /x-1; hygiene's delete of /x takes /x-1
            Map.entry("delete-missing-silent", 1),         // delete a missing path
            Map.entry("append-loses-first-session", 1),    // append to nothing: it makes a fresh writer
            Map.entry("append-size-this-session", 4),      // writer, write, close, reopen to append
            Map.entry("stale-stat-size", 3),               // put, put other size, stat
            Map.entry("walk-misses-deep-branch", 2),       // put /a/a/x, walk /
            Map.entry("walk-plain-sort", 3),               // put /a/x and /a-b/x, walk /
            Map.entry("walk-visits-start", 2),             // put /a/x, walk /a
            Map.entry("move-leaves-source", 3),            // put, move, look at the source
            Map.entry("move-missing-clobbers-dest", 3),    // put dest, move a missing source onto it, get dest
            Map.entry("cancel-commits", 3),                // writer, cancel, get
            Map.entry("cancel-keeps-sessions", 3),         // writer, cancel, append to nothing
            Map.entry("commit-drops-tail", 4),             // writer, write, commit, get (the wrapper skips close after commit)
            Map.entry("wrong-exception-type", 1),          // get a missing path
            Map.entry("stat-directory-missing", 2),        // put /a/x, stat /a
            Map.entry("stat-directory-as-file", 2),        // put /a/x, stat /a
            Map.entry("getContent-of-directory-empty", 2), // put /a/x, get /a
            Map.entry("empty-commit-not-appendable", 3),   // writer /a/x, close, reopen to append
            Map.entry("ghost-directories", 1));            // put /a/x; hygiene still lists /a

    /**
     * One search.
     *
     * @param tries the try that found the bug, 0 if none did
     * @param lines the shrunk script's lines
     * @param choices the shrunk case's choices
     * @param runs how many cases shrinking ran
     */
    record Search(int tries, int lines, int choices, int runs) {}

    static Search search(Mutants.Mutant mutant, long seed, int maxTries) {
        MutantSuite.use(mutant.driver());
        MutantSuite suite = new MutantSuite();
        ModelRun[] last = new ModelRun[1];
        Property.Body body = source -> suite.withFreshDriver(d -> {
            last[0] = new ModelRun(d);
            StatefulCases.runOperations(last[0], source, Profile.QUICK.statefulSteps());
        });
        Settings settings = new Settings(maxTries, seed, Duration.ofSeconds(30), true, null);
        try {
            Property.check("stateful", settings, body);
            return new Search(0, 0, 0, 0);
        } catch (PropertyFailure failure) {
            try {
                Property.check("stateful", settings.withReplay(failure.token()), body);
                throw new AssertionError("the shrunk case of " + mutant.name() + " passed when replayed");
            } catch (PropertyFailure replayed) {
                return new Search(failure.failedTry(), last[0].steps(), failure.shrunkSize(), failure.shrinkRuns());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"list-missing-dir-empty", "delete-prefix", "reader-offset-off-by-one", "cancel-commits", "getContent-of-directory-empty"})
    void theStatefulTestShrinksTheseMutantsToTheirSmallestScriptOnThreeSeeds(String name) {
        Mutants.Mutant mutant = Mutants.all().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        for (long seed = 1; seed <= 3; seed++) {
            Search search = search(mutant, seed, 400);
            assertThat(search.tries()).as(name + ", seed " + seed + ": found").isPositive();
            assertThat(search.lines()).as(name + ", seed " + seed + ": script lines").isEqualTo(SMALLEST.get(name));
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "stowage.measure", matches = "true")
    void printTheTableOverTenSeeds() {
        int maxTries = 400;
        System.out.printf("%n%-30s %6s %22s %18s %8s %10s%n", "mutant", "found", "tries (median/max)", "lines (median/max)",
                "smallest", "runs (max)");
        for (Mutants.Mutant mutant : Mutants.all()) {
            List<Search> found = new ArrayList<>();
            for (long seed = 1; seed <= 10; seed++) {
                Search s = search(mutant, seed, maxTries);
                if (s.tries() > 0) {
                    found.add(s);
                }
            }
            Integer smallest = SMALLEST.get(mutant.name());
            if (found.isEmpty()) {
                System.out.printf("%-30s %6s %22s %18s %8s %10s%n", mutant.name(), "0/10", "not in " + maxTries, "-",
                        smallest == null ? "n/a" : smallest, "-");
                continue;
            }
            int[] tries = found.stream().mapToInt(Search::tries).sorted().toArray();
            int[] lines = found.stream().mapToInt(Search::lines).sorted().toArray();
            System.out.printf("%-30s %6s %22s %18s %8s %10d%n", mutant.name(), found.size() + "/10",
                    median(tries) + " / " + tries[tries.length - 1], median(lines) + " / " + lines[lines.length - 1],
                    smallest == null ? "n/a" : smallest, found.stream().mapToInt(Search::runs).max().orElse(0));
            if (smallest != null) {
                assertThat(lines[0]).as(mutant.name() + ": no script can be shorter than the smallest").isGreaterThanOrEqualTo(smallest);
            }
        }
    }

    private static String median(int[] sorted) {
        return sorted.length % 2 == 1 ? Integer.toString(sorted[sorted.length / 2])
                : Double.toString((sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0).replace(".0", "");
    }
}
