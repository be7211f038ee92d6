package dev.stowage.conformance;

import dev.stowage.driver.StorageDriver;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The stateful test: random sequences of put, write, append, commit, cancel, close, move, delete,
 * list, stat and walk, run against the driver and the reference model in {@link ModelRun}, every
 * observation compared. jqwik shrinks a failing sequence; the failure message prints it as a script.
 */
abstract class StatefulCases extends PropertyCases {

    private final List<ModelRun> runs = new ArrayList<>();

    @Property
    @AddLifecycleHook(ProfileHook.class) // on the method: jqwik does not inherit a class-level hook to subclasses
    void randomOperationSequencesMatchTheReferenceModel(@ForAll("operationSequences") ActionChain<ModelRun> chain)
            throws Exception {
        try {
            chain.run();
        } finally {
            Throwable first = null;
            for (ModelRun run : runs) {
                run.cancelOpenWriters();
                try {
                    cleanUpAndCheck(run.driver);
                } catch (Throwable t) {
                    if (first == null) {
                        first = t;
                    }
                }
            }
            runs.clear();
            if (first instanceof Exception e) {
                throw e;
            } else if (first instanceof Error e) {
                throw e;
            }
        }
    }

    @Provide
    Arbitrary<ActionChain<ModelRun>> operationSequences() {
        return ActionChain.<ModelRun>startWith(this::newRun)
                .withAction(4, independent(Combinators.combine(Arbitraries.of(ModelRun.FILES), smallContents())
                        .as((p, c) -> Transformer.mutate("putContent " + p, run -> unchecked(() -> run.put(p, c))))))
                .withAction(2, independent(Arbitraries.of(ModelRun.PATHS)
                        .map(p -> Transformer.mutate("getContent " + p, run -> unchecked(() -> run.get(p))))))
                .withAction(2, independent(Combinators.combine(Arbitraries.of(ModelRun.FILES), Arbitraries.integers().between(0, 40))
                        .as((p, o) -> Transformer.mutate("reader " + p + " at " + o, run -> unchecked(() -> run.read(p, o))))))
                .withAction(3, independent(Arbitraries.of(ModelRun.FILES)
                        .map(p -> Transformer.mutate("writer " + p, run -> unchecked(() -> run.openWriter(p))))))
                .withAction(1, independent(Arbitraries.of(ModelRun.FILES)
                        .map(p -> Transformer.mutate("append to nothing " + p, run -> unchecked(() -> run.appendToNothing(p))))))
                .withAction(5, dependent(run -> run.openWriters(), (p, run) -> smallContents()
                        .map(c -> Transformer.mutate("write " + p, r -> unchecked(() -> r.write(p, c))))))
                .withAction(2, dependent(run -> run.openWriters(), (p, run) -> Arbitraries.just(
                        Transformer.mutate("commit " + p, r -> unchecked(() -> r.commit(p))))))
                .withAction(1, dependent(run -> run.openWriters(), (p, run) -> Arbitraries.just(
                        Transformer.mutate("cancel " + p, r -> unchecked(() -> r.cancel(p))))))
                .withAction(2, dependent(run -> run.openWriters(), (p, run) -> Arbitraries.just(
                        Transformer.mutate("close " + p, r -> unchecked(() -> r.close(p))))))
                .withAction(2, dependent(run -> run.closedWriters(), (p, run) -> Arbitraries.of(true, true, false)
                        .map(append -> Transformer.mutate("reopen " + p + (append ? " to append" : " afresh"),
                                r -> unchecked(() -> r.reopen(p, append))))))
                .withAction(2, independent(Combinators.combine(Arbitraries.of(ModelRun.FILES), Arbitraries.of(ModelRun.FILES))
                        .as((s, d) -> Transformer.mutate("move " + s + " -> " + d, run -> unchecked(() -> run.move(s, d))))))
                .withAction(2, independent(Arbitraries.of(ModelRun.PATHS)
                        .map(p -> Transformer.mutate("delete " + p, run -> unchecked(() -> run.delete(p))))))
                .withAction(2, independent(Arbitraries.of(ModelRun.DIRECTORIES)
                        .map(p -> Transformer.mutate("list " + p, run -> unchecked(() -> run.list(p))))))
                .withAction(2, independent(Arbitraries.of(ModelRun.PATHS)
                        .map(p -> Transformer.mutate("stat " + p, run -> unchecked(() -> run.stat(p))))))
                .withAction(2, independent(Arbitraries.of(ModelRun.DIRECTORIES)
                        .map(p -> Transformer.mutate("walk " + p, run -> unchecked(() -> run.walk(p))))))
                .withMaxTransformations(profile.statefulSteps());
    }

    private ModelRun newRun() {
        StorageDriver d;
        try {
            d = openFreshDriver();
        } catch (Exception e) {
            throw new IllegalStateException("newDriver() failed: " + e, e);
        }
        ModelRun run = new ModelRun(d);
        runs.add(run);
        return run;
    }

    private static Arbitrary<byte[]> smallContents() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
    }

    private static Action.Independent<ModelRun> independent(Arbitrary<Transformer<ModelRun>> transformers) {
        return () -> transformers;
    }

    interface PathChoice {
        List<String> paths(ModelRun run);
    }

    interface TransformerFor {
        Arbitrary<Transformer<ModelRun>> make(String path, ModelRun run);
    }

    private static Action.Dependent<ModelRun> dependent(PathChoice choice, TransformerFor make) {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(ModelRun run) {
                return !choice.paths(run).isEmpty();
            }

            @Override
            public Arbitrary<Transformer<ModelRun>> transformer(ModelRun run) {
                return Arbitraries.of(choice.paths(run)).flatMap(p -> make.make(p, run));
            }
        };
    }

    interface Step {
        void run() throws Exception;
    }

    private static void unchecked(Step step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
