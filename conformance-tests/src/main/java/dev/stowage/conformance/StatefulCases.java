package dev.stowage.conformance;

import dev.stowage.conformance.property.Gen;
import dev.stowage.conformance.property.PropertyTest;
import dev.stowage.conformance.property.Source;
import dev.stowage.conformance.property.Stateful;

/**
 * The stateful test: random sequences of put, write, append, commit, cancel, close, move, delete,
 * list, stat and walk, run against the driver and the reference model in {@link ModelRun}, every
 * observation compared. The actions that need an open or closed writer choose it from the live
 * model. The engine shrinks a failing sequence; the failure message prints it as a numbered script.
 */
abstract class StatefulCases extends PropertyCases {

    private static final Gen<byte[]> SMALL_CONTENTS = Gen.byteArrays(0, 24);
    private static final Gen<String> FILES = Gen.elements(ModelRun.FILES);
    private static final Gen<String> PATHS = Gen.elements(ModelRun.PATHS);
    private static final Gen<String> DIRECTORIES = Gen.elements(ModelRun.DIRECTORIES);

    /** The operations and their weights; the model logs each as a script line. */
    static final Stateful<ModelRun> OPERATIONS = Stateful.<ModelRun>actions()
            .action("putContent", 4, (run, s) -> run.put(s.draw(FILES), s.draw(SMALL_CONTENTS)))
            .action("getContent", 2, (run, s) -> run.get(s.draw(PATHS)))
            .action("reader", 2, (run, s) -> run.read(s.draw(FILES), s.draw(Gen.integers(0, 40))))
            .action("writer", 3, (run, s) -> run.openWriter(s.draw(FILES)))
            .action("append to nothing", 1, (run, s) -> run.appendToNothing(s.draw(FILES)))
            .action("write", 5, run -> !run.openWriters().isEmpty(),
                    (run, s) -> run.write(s.draw(Gen.elements(run.openWriters())), s.draw(SMALL_CONTENTS)))
            .action("commit", 2, run -> !run.openWriters().isEmpty(), (run, s) -> run.commit(s.draw(Gen.elements(run.openWriters()))))
            .action("cancel", 1, run -> !run.openWriters().isEmpty(), (run, s) -> run.cancel(s.draw(Gen.elements(run.openWriters()))))
            .action("close", 2, run -> !run.openWriters().isEmpty(), (run, s) -> run.close(s.draw(Gen.elements(run.openWriters()))))
            .action("reopen", 2, run -> !run.closedWriters().isEmpty(),
                    (run, s) -> run.reopen(s.draw(Gen.elements(run.closedWriters())), s.draw(Gen.elements(true, true, false))))
            .action("move", 2, (run, s) -> run.move(s.draw(FILES), s.draw(FILES)))
            .action("delete", 2, (run, s) -> run.delete(s.draw(PATHS)))
            .action("list", 2, (run, s) -> run.list(s.draw(DIRECTORIES)))
            .action("stat", 2, (run, s) -> run.stat(s.draw(PATHS)))
            .action("walk", 2, (run, s) -> run.walk(s.draw(DIRECTORIES)))
            .withoutNotes();

    @PropertyTest
    void randomOperationSequencesMatchTheReferenceModel(Source source) throws Exception {
        withFreshDriver(d -> runOperations(new ModelRun(d), source, profile.statefulSteps()));
    }

    /** Up to {@code steps} drawn operations on {@code run}; then cancels what is still open. */
    static void runOperations(ModelRun run, Source source, int steps) throws Exception {
        try {
            OPERATIONS.run(source, run, steps);
        } finally {
            run.cancelOpenWriters();
        }
    }
}
