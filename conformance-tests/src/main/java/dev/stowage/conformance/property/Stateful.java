package dev.stowage.conformance.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A stateful test: weighted actions, each with a precondition, run in a random sequence against a
 * state (typically the system under test and a model of it). Each step picks, by weight, among
 * the actions whose precondition holds (it draws an action among all of them and draws again
 * while the precondition fails, so that a drawn choice names the same action in any state and a
 * shrunk sequence keeps its meaning), and the action draws its arguments from the source while
 * it runs, so it can choose from the live state (an open writer, a path that exists). Because the
 * steps are drawn like any other choices, a failing sequence shrinks step by step with no
 * shrinker of its own; the shrunk case's sample lists the steps, numbered.
 *
 * <pre>{@code
 * Stateful<Model> actions = Stateful.<Model>actions()
 *         .action("push", 3, (m, s) -> m.push(s.draw(Gen.integers(0, 9))))
 *         .action("pop", 2, m -> !m.isEmpty(), (m, s) -> m.pop());
 * // in a property body:
 * actions.run(source, new Model(), 30);
 * }</pre>
 *
 * @param <S> the state the actions work on
 */
public final class Stateful<S> {

    /**
     * What an action does.
     *
     * @param <S> the state
     */
    @FunctionalInterface
    public interface Step<S> {
        /** Runs the action on {@code state}, drawing its arguments from {@code source}; throws on a failed check. */
        void run(S state, Source source) throws Exception;
    }

    private record Action<S>(String name, int weight, Predicate<? super S> precondition, Step<S> step) {}

    private final List<Action<S>> actions;
    private final int[] weights;
    private final boolean notes;

    private Stateful(List<Action<S>> actions, boolean notes) {
        this.actions = actions;
        this.weights = actions.stream().mapToInt(Action::weight).toArray();
        this.notes = notes;
    }

    /** No actions yet. */
    public static <S> Stateful<S> actions() {
        return new Stateful<>(List.of(), true);
    }

    /** These actions, without noting the steps in the sample (for a state that reports its own script). */
    public Stateful<S> withoutNotes() {
        return new Stateful<>(actions, false);
    }

    /** These actions and one more, always applicable. */
    public Stateful<S> action(String name, int weight, Step<S> step) {
        return action(name, weight, state -> true, step);
    }

    /** These actions and one more, applicable when {@code precondition} holds; {@code weight} at least 1. */
    public Stateful<S> action(String name, int weight, Predicate<? super S> precondition, Step<S> step) {
        if (weight < 1) {
            throw new IllegalArgumentException("weight " + weight + " of " + name + " < 1");
        }
        List<Action<S>> more = new ArrayList<>(actions);
        more.add(new Action<>(Objects.requireNonNull(name), weight, Objects.requireNonNull(precondition), Objects.requireNonNull(step)));
        return new Stateful<>(List.copyOf(more), notes);
    }

    /**
     * Runs up to {@code maxSteps} steps on {@code state}, drawn from {@code source}; stops early
     * (by a drawn choice, or when no precondition holds). Each step is drawn the same way (a
     * choice to go on, the action, what the action draws), so the shrinker can delete any step. Each step is noted in the case's sample unless {@link #withoutNotes()}.
     *
     * @return how many steps ran
     * @throws Exception what a step threw
     */
    public int run(Source source, S state, int maxSteps) throws Exception {
        double more = 1 - 1.5 / Math.max(2, maxSteps);
        int steps = 0;
        while (steps < maxSteps) {
            int start = source.position();
            if (!source.chance(more)) {
                break;
            }
            if (actions.stream().noneMatch(a -> a.precondition().test(state))) {
                break;
            }
            Action<S> action = actions.get(source.pick(weights));
            while (!action.precondition().test(state)) {
                action = actions.get(source.pick(weights));
            }
            steps++;
            if (notes) {
                source.note(steps + ". " + action.name());
            }
            try {
                action.step().run(state, source);
            } finally {
                source.span(start);
            }
        }
        return steps;
    }
}
