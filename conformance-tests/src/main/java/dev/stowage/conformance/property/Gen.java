package dev.stowage.conformance.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator: makes a value from the choices it draws from a {@link Source}. Generators need no
 * shrinker of their own: the engine shrinks the recorded choices, and every generator here is built
 * so that simpler choices give simpler values (smaller numbers nearer zero, shorter lists and
 * strings, earlier alternatives, zero-filled byte arrays). Edge values (the bounds of a range,
 * zero, empty and full-size collections) are drawn on purpose, more often than chance would.
 *
 * <p>Contract: {@link #generate} must draw only from the source it is given (never from a random
 * generator of its own), so that the same choices always give the same value.
 *
 * @param <T> the type of the values made
 */
@FunctionalInterface
public interface Gen<T> {

    /** Byte arrays of at most this many bytes may be drawn byte by byte; larger ones only from a compact description. */
    int BYTE_BY_BYTE = 64;

    /** Makes one value from choices drawn from {@code source}. */
    T generate(Source source);

    /** Values of this generator passed through {@code f}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return s -> f.apply(s.draw(this));
    }

    /** Values of the generator that {@code f} picks for a value of this one. */
    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        return s -> s.draw(f.apply(s.draw(this)));
    }

    /** Values of this generator that satisfy {@code keep}; a case where 100 draws in a row miss is abandoned. */
    default Gen<T> filter(Predicate<? super T> keep) {
        return s -> {
            for (int i = 0; i < 100; i++) {
                T value = s.draw(this);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new Rejected("filter kept none of 100 values");
        };
    }

    /** Lists of {@code min} to {@code max} values of this generator. */
    default Gen<List<T>> list(int min, int max) {
        return lists(this, min, max);
    }

    // ---- numbers ------------------------------------------------------------------------------

    /** Integers in {@code [min, max]}; shrink toward zero (or the bound nearest to it). */
    static Gen<Integer> integers(int min, int max) {
        return s -> (int) s.between(min, max, Source.Bias.EDGES);
    }

    /** Longs in {@code [min, max]} (the range may not span all longs); shrink toward zero. */
    static Gen<Long> longs(long min, long max) {
        return s -> s.between(min, max, Source.Bias.EDGES);
    }

    /** {@code false} or {@code true}, evenly; shrinks to {@code false}. */
    static Gen<Boolean> booleans() {
        return s -> s.choose(2, Source.Bias.UNIFORM) == 1;
    }

    /** Any byte; shrinks toward 0. */
    static Gen<Byte> bytes() {
        return s -> (byte) s.between(Byte.MIN_VALUE, Byte.MAX_VALUE, Source.Bias.EDGES);
    }

    /**
     * Byte arrays of {@code minSize} to {@code maxSize} bytes, drawn as a fill and a length: zeros
     * (the simplest), a counting pattern, or seeded pseudo-random bytes, a handful of choices however
     * large, so shrinking stays fast; when {@code maxSize} is at most {@link #BYTE_BY_BYTE} the fill
     * may also be byte by byte, each byte a choice, so that a failure that needs particular bytes
     * shrinks to them. The length comes right before the bytes, so shortening drops bytes with it.
     */
    static Gen<byte[]> byteArrays(int minSize, int maxSize) {
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("sizes [" + minSize + ", " + maxSize + "]");
        }
        return s -> {
            long fill = s.choose(maxSize <= BYTE_BY_BYTE ? 4 : 3, Source.Bias.UNIFORM);
            int size = (int) s.between(minSize, maxSize, Source.Bias.EDGES);
            byte[] bytes = new byte[size];
            switch ((int) fill) {
                case 0 -> { } // zeros, the simplest
                case 1 -> {
                    for (int i = 0; i < size; i++) {
                        bytes[i] = (byte) (i % 251);
                    }
                }
                case 2 -> new SplittableRandom(s.choose(1L << 62, Source.Bias.UNIFORM)).nextBytes(bytes);
                default -> {
                    for (int i = 0; i < size; i++) {
                        bytes[i] = (byte) s.between(Byte.MIN_VALUE, Byte.MAX_VALUE, Source.Bias.EDGES);
                    }
                }
            }
            return bytes;
        };
    }

    // ---- text ---------------------------------------------------------------------------------

    /** One character of {@code alphabet}; shrinks toward its first character. */
    static Gen<Character> chars(String alphabet) {
        if (alphabet.isEmpty()) {
            throw new IllegalArgumentException("empty alphabet");
        }
        return s -> alphabet.charAt((int) s.choose(alphabet.length(), Source.Bias.UNIFORM));
    }

    /** Strings of {@code minLength} to {@code maxLength} characters of {@code alphabet}. */
    static Gen<String> strings(String alphabet, int minLength, int maxLength) {
        Gen<List<Character>> chars = lists(chars(alphabet), minLength, maxLength);
        return s -> {
            StringBuilder b = new StringBuilder();
            s.draw(chars).forEach(b::append);
            return b.toString();
        };
    }

    // ---- collections and choices --------------------------------------------------------------

    /**
     * Lists of {@code min} to {@code max} values of {@code element}. Before each element past
     * {@code min} a choice says whether another follows, so that deleting an element's choices
     * deletes the element: lists shrink by losing elements anywhere, not only at the end.
     */
    static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("sizes [" + min + ", " + max + "]");
        }
        double extra = Math.min((max - min) / 2.0, 10.0);
        double more = extra / (extra + 1);
        return s -> {
            List<T> values = new ArrayList<>();
            while (values.size() < max && (values.size() < min || s.chance(more))) {
                values.add(s.draw(element));
            }
            return values;
        };
    }

    /** Always {@code value}; draws nothing. */
    static <T> Gen<T> constant(T value) {
        return s -> value;
    }

    /** One of {@code values}, evenly; shrinks toward the first. */
    @SafeVarargs
    static <T> Gen<T> elements(T... values) {
        return elements(Arrays.asList(values));
    }

    /** One of {@code values} (not empty), evenly; shrinks toward the first. */
    static <T> Gen<T> elements(List<T> values) {
        List<T> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no values to choose from");
        }
        return s -> copy.get((int) s.choose(copy.size(), Source.Bias.UNIFORM));
    }

    /** A value of one of {@code gens}, picked evenly; shrinks toward the first. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> all = List.of(gens);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no generators");
        }
        return s -> s.draw(all.get((int) s.choose(all.size(), Source.Bias.UNIFORM)));
    }

    /**
     * A generator with a weight, for {@link #frequency}.
     *
     * @param weight how often, relative to the others; at least 1
     * @param gen the generator
     * @param <T> its values
     */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
        /** Checks the weight. */
        public Weighted {
            if (weight < 1) {
                throw new IllegalArgumentException("weight " + weight + " < 1");
            }
            Objects.requireNonNull(gen, "gen");
        }
    }

    /** {@code gen} with weight {@code weight}, for {@link #frequency}. */
    static <T> Weighted<T> weighted(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** A value of one of the generators, picked in proportion to its weight; shrinks toward the first. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> all = List.of(choices);
        int[] weights = all.stream().mapToInt(Weighted::weight).toArray();
        return s -> s.draw(all.get(s.pick(weights)).gen());
    }

    /** Values made by {@code f} from a value of {@code a} and one of {@code b}. */
    static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        return s -> f.apply(s.draw(a), s.draw(b));
    }

    /**
     * A function of three values, for {@link #combine(Gen, Gen, Gen, Function3)}.
     *
     * @param <A> the first
     * @param <B> the second
     * @param <C> the third
     * @param <R> the result
     */
    @FunctionalInterface
    interface Function3<A, B, C, R> {
        /** Applies the function. */
        R apply(A a, B b, C c);
    }

    /** Values made by {@code f} from values of {@code a}, {@code b} and {@code c}. */
    static <A, B, C, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Function3<? super A, ? super B, ? super C, ? extends R> f) {
        return s -> f.apply(s.draw(a), s.draw(b), s.draw(c));
    }
}
