/**
 * The conformance kit's property engine, on plain JUnit 5, usable for any property test.
 *
 * <p>How it works: a property draws its inputs from a {@link dev.stowage.conformance.property.Source}
 * through {@link dev.stowage.conformance.property.Gen generators}; every draw is recorded as a
 * choice (a non-negative number, 0 the simplest). A failing case is shrunk by editing that record
 * of choices and replaying it: deleting runs of choices (a list element, a stateful step and all it
 * drew), zeroing runs, lowering single choices, ordering neighbours. So every generator shrinks,
 * including ones built with {@code map}, {@code filter}, {@code flatMap} and ones that read the live
 * state of a {@link dev.stowage.conformance.property.Stateful stateful test}, with no shrinker
 * written by hand.
 *
 * <p>Entry points: {@link dev.stowage.conformance.property.PropertyTest} on a Jupiter test method
 * (the usual way), or {@link dev.stowage.conformance.property.Property#check} from any code.
 *
 * <p>Reproduction: every run has a seed ({@code -Dstowage.seed=N}, printed when drawn), which
 * replays the whole run; every failure prints a replay token
 * ({@code -Dstowage.property.replay=TOKEN}, or the conformance runner's {@code --replay TOKEN})
 * that runs only its shrunk case. See {@link dev.stowage.conformance.property.Settings}.
 */
package dev.stowage.conformance.property;
