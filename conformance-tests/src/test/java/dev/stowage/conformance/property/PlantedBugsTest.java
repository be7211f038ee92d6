package dev.stowage.conformance.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Planted bugs are found and shrunk to the one minimal case, whatever the seed. */
class PlantedBugsTest {

    static Settings seeded(long seed) {
        return new Settings(200, seed, Duration.ofSeconds(30), true, null);
    }

    /** Copies from {@code offset}, but from offset 10 on it starts one byte late. */
    static byte[] sliceFrom(byte[] content, int offset) {
        int from = offset >= 10 ? Math.min(offset + 1, content.length) : offset;
        return Arrays.copyOfRange(content, from, content.length);
    }

    static final Property.Body OFF_BY_ONE = source -> {
        byte[] content = source.draw(Gen.byteArrays(0, 200), "content");
        int offset = source.draw(Gen.integers(0, 200), "offset");
        source.assume(offset <= content.length);
        byte[] expected = Arrays.copyOfRange(content, offset, content.length);
        assertThat(sliceFrom(content, offset)).as("slice at " + offset).isEqualTo(expected);
    };

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261201})
    void anOffByOneAtAnOffsetShrinksToTheFirstBadOffsetOfTheShortestContent(long seed) {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("offByOne", seeded(seed), OFF_BY_ONE));
        assertThat(failure).as("the bug is found").isNotNull();
        assertThat(failure.sample()).containsExactly("content = bytes[11] 0000000000000000000000", "offset = 10");
    }

    /** A store whose delete is a plain prefix match: deleting "a" also deletes "ab". */
    static final class PrefixDeletingStore {
        final TreeMap<String, Integer> entries = new TreeMap<>();

        void delete(String key) {
            entries.keySet().removeIf(k -> k.startsWith(key));
        }
    }

    static final Property.Body PREFIX_DELETE = source -> {
        List<String> keys = source.draw(Gen.strings("abc", 1, 4).list(1, 6), "keys");
        PrefixDeletingStore store = new PrefixDeletingStore();
        keys.forEach(k -> store.entries.put(k, 1));
        String victim = source.draw(Gen.elements(keys), "victim");
        store.delete(victim);
        List<String> expected = new ArrayList<>(new java.util.TreeSet<>(keys));
        expected.remove(victim);
        assertThat(new ArrayList<>(store.entries.keySet())).isEqualTo(expected);
    };

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261201})
    void aPrefixDeleteShrinksToTwoKeysOneThePrefixOfTheOther(long seed) {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("prefixDelete", seeded(seed), PREFIX_DELETE));
        assertThat(failure).as("the bug is found").isNotNull();
        assertThat(failure.sample()).as("two keys, the shorter one the victim, in either order").isIn(
                List.of("keys = [\"a\", \"aa\"]", "victim = \"a\""), List.of("keys = [\"aa\", \"a\"]", "victim = \"a\""));
    }

    /** A stack that pops the bottom element instead of the top when it holds exactly two. */
    static final class BuggyStack {
        final List<Integer> items = new ArrayList<>();

        int pop() {
            return items.remove(items.size() == 2 ? 0 : items.size() - 1);
        }
    }

    static final Stateful<BuggyStack> STACK_ACTIONS = Stateful.<BuggyStack>actions()
            .action("push", 3, (stack, source) -> stack.items.add(source.draw(Gen.integers(0, 1000), "pushed")))
            .action("peek", 1, stack -> !stack.items.isEmpty(), (stack, source) -> { })
            .action("pop", 2, stack -> !stack.items.isEmpty(), (stack, source) -> {
                int expected = stack.items.get(stack.items.size() - 1);
                assertThat(stack.pop()).as("pop").isEqualTo(expected);
            });

    static final Property.Body STATE_THREE_STEPS_DEEP = source -> STACK_ACTIONS.run(source, new BuggyStack(), 40);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261201})
    void aBugThreeStepsDeepShrinksToPushPushPop(long seed) {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("stack", seeded(seed), STATE_THREE_STEPS_DEEP));
        assertThat(failure).as("the bug is found").isNotNull();
        assertThat(failure.sample()).containsExactly("1. push", "pushed = 0", "2. push", "pushed = 1", "3. pop");
    }
}
