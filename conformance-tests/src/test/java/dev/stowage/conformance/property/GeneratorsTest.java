package dev.stowage.conformance.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The generators keep to their ranges, draw edge values on purpose and shrink toward the simplest value. */
class GeneratorsTest {

    private static <T> List<T> draws(Gen<T> gen, int n) {
        SplittableRandom random = new SplittableRandom(99);
        List<T> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(Source.random(random.split()).draw(gen));
        }
        return values;
    }

    private static <T> String shrunk(Gen<T> gen, java.util.function.Predicate<T> fails) {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.check("shrink", new Settings(500, 3, Duration.ofSeconds(20), true, null), source -> {
                    T value = source.draw(gen, "v");
                    if (fails.test(value)) {
                        throw new AssertionError("fails");
                    }
                }));
        assertThat(failure).as("a failing value is found").isNotNull();
        return failure.sample().get(0);
    }

    @Test
    void integersStayInRangeAndHitBothBoundsAndZero() {
        List<Integer> values = draws(Gen.integers(-50, 1_000_000), 2000);
        assertThat(values).allMatch(v -> v >= -50 && v <= 1_000_000).contains(-50, 1_000_000, 0);
    }

    @Test
    void integersShrinkToTheSmallestFailingMagnitude() {
        assertThat(shrunk(Gen.integers(-1000, 1000), v -> v > 17)).isEqualTo("v = 18");
        assertThat(shrunk(Gen.integers(-1000, 1000), v -> v < -17)).isEqualTo("v = -18");
        assertThat(shrunk(Gen.integers(5, 1000), v -> true)).isEqualTo("v = 5");
    }

    @Test
    void valueOfMapsRanksOntoTheWholeRangeOnce() {
        for (long[] range : new long[][] {{-3, 10}, {-10, 3}, {0, 7}, {4, 9}, {-9, -4}, {-5, 5}}) {
            Set<Long> seen = new HashSet<>();
            for (long rank = 0; rank <= range[1] - range[0]; rank++) {
                long v = Source.valueOf(rank, range[0], range[1]);
                assertThat(v).isBetween(range[0], range[1]);
                assertThat(Source.rankOf(v, range[0], range[1])).isEqualTo(rank);
                seen.add(v);
            }
            assertThat(seen).hasSize((int) (range[1] - range[0] + 1));
        }
    }

    @Test
    void byteArraysUpToTensOfKilobytesTakeAHandfulOfChoices() {
        SplittableRandom random = new SplittableRandom(5);
        int largest = 0;
        for (int i = 0; i < 300; i++) {
            Source source = Source.random(random.split());
            byte[] bytes = source.draw(Gen.byteArrays(0, 40_000));
            largest = Math.max(largest, bytes.length);
            if (bytes.length > Gen.BYTE_BY_BYTE) {
                assertThat(source.choices().length).isLessThanOrEqualTo(3);
            }
        }
        assertThat(largest).isEqualTo(40_000);
        assertThat(draws(Gen.byteArrays(0, 40_000), 500)).anyMatch(b -> b.length == 0);
    }

    @Test
    void byteArraysShrinkToZerosOrToTheBytesThatMatter() {
        assertThat(shrunk(Gen.byteArrays(0, 20_000), b -> b.length >= 3000)).isEqualTo("v = bytes[3000] all zero");
        assertThat(shrunk(Gen.byteArrays(0, 64), b -> b.length > 2 && b[2] < 0)).startsWith("v = bytes[3] ");
    }

    @Test
    void stringsUseOnlyTheirAlphabetAndShrinkToItsFirstCharacters() {
        assertThat(draws(Gen.strings("xyz", 2, 6), 500)).allMatch(s -> s.matches("[xyz]{2,6}"));
        assertThat(shrunk(Gen.strings("abc", 0, 10), s -> s.contains("c"))).isEqualTo("v = \"c\"");
    }

    @Test
    void listsShrinkByDroppingElementsAnywhere() {
        assertThat(shrunk(Gen.integers(0, 100).list(0, 10), l -> l.contains(42))).isEqualTo("v = [42]");
        assertThat(shrunk(Gen.integers(0, 100).list(0, 10), l -> l.size() >= 3)).isEqualTo("v = [0, 0, 0]");
    }

    @Test
    void frequencyFollowsTheWeights() {
        List<String> picks = draws(Gen.frequency(Gen.weighted(1, Gen.constant("rare")), Gen.weighted(9, Gen.constant("common"))), 4000);
        long rare = picks.stream().filter("rare"::equals).count();
        assertThat(rare).isBetween(300L, 500L);
    }

    @Test
    void oneOfMapFilterAndCombineCompose() {
        Gen<String> gen = Gen.combine(Gen.oneOf(Gen.constant("a"), Gen.elements("b", "c")), Gen.integers(0, 9).filter(i -> i % 2 == 1),
                (s, i) -> s + i).map(String::toUpperCase);
        assertThat(draws(gen, 500)).allMatch(s -> s.matches("[ABC][13579]")).contains("A1", "B9", "C5");
        assertThat(shrunk(gen, s -> s.startsWith("C"))).isEqualTo("v = \"C1\"");
    }

    @Test
    void flatMapDrawsFromTheGeneratorItPicks() {
        Gen<List<Integer>> gen = Gen.integers(1, 4).flatMap(n -> Gen.integers(0, 9).list(n, n));
        assertThat(draws(gen, 300)).allMatch(l -> l.size() >= 1 && l.size() <= 4);
    }

    @Test
    void aFilterThatKeepsNothingRejectsTheCaseAndTheRunSaysSo() {
        Consumer<Source> body = source -> source.draw(Gen.integers(0, 9).filter(i -> i > 100));
        assertThatThrownBy(() -> Property.check("nothing", new Settings(10, 1, Duration.ZERO, true, null), body::accept))
                .hasMessageContaining("rejected").hasMessageContaining("filter kept none");
    }
}
