package dev.stowage.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.registry.upload.ResumableSha256.Implementation;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Both implementations give MessageDigest's SHA-256 whatever the chunking and the buffer kind. */
class Sha256ChunkingTest {
    private static final int[] LENGTHS = {
        0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4095, 4096, 65537, (1 << 20) + 3
    };

    static Stream<Arguments> implementationsAndLengths() {
        return Stream.of(Implementation.values())
                .flatMap(impl -> java.util.Arrays.stream(LENGTHS).mapToObj(len -> Arguments.of(impl, len)));
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("implementationsAndLengths")
    void oneUpdateGivesTheSameDigestAsMessageDigest(Implementation impl, int length) {
        byte[] data = randomBytes(length, length);
        ResumableSha256 hash = Sha256Implementations.create(impl);

        hash.update(data, 0, data.length);

        assertThat(hash.sum()).isEqualTo(sha256(data));
        assertThat(hash.length()).isEqualTo(length);
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("implementationsAndLengths")
    void randomChunksGiveTheSameDigestAsMessageDigest(Implementation impl, int length) {
        byte[] data = randomBytes(length, ~length);
        @SuppressWarnings("EnumOrdinal") // the ordinal only varies a test seed between implementations
        Random chunks = new Random(length * 31L + impl.ordinal());
        for (int round = 0; round < 5; round++) {
            ResumableSha256 hash = Sha256Implementations.create(impl);
            int off = 0;
            while (off < length) {
                // Mostly small and block-straddling chunks, now and then a large one.
                int max = chunks.nextInt(8) == 0 ? 70_000 : 130;
                int n = Math.min(length - off, chunks.nextInt(max + 1));
                hash.update(data, off, n);
                off += n;
            }
            assertThat(hash.sum()).as("round %d", round).isEqualTo(sha256(data));
        }
    }

    static Stream<Arguments> bufferKinds() {
        Function<byte[], ByteBuffer> heap = ByteBuffer::wrap;
        Function<byte[], ByteBuffer> direct = b -> ByteBuffer.allocateDirect(b.length).put(b).flip();
        Function<byte[], ByteBuffer> readOnlyHeap = b -> ByteBuffer.wrap(b).asReadOnlyBuffer();
        Function<byte[], ByteBuffer> readOnlyDirect = b -> direct.apply(b).asReadOnlyBuffer();
        Function<byte[], ByteBuffer> slicedHeap = b -> {
            // The bytes sit at offset 7 of a larger array, behind a slice with its own offset.
            byte[] larger = new byte[b.length + 20];
            System.arraycopy(b, 0, larger, 7, b.length);
            return ByteBuffer.wrap(larger, 7, b.length).slice();
        };
        Function<byte[], ByteBuffer> slicedDirect = b -> {
            ByteBuffer larger = ByteBuffer.allocateDirect(b.length + 20);
            larger.position(11);
            larger.put(b);
            return larger.position(11).limit(11 + b.length).slice();
        };
        Stream<Arguments> kinds = Stream.of(
                Arguments.of("heap", heap),
                Arguments.of("direct", direct),
                Arguments.of("read-only heap", readOnlyHeap),
                Arguments.of("read-only direct", readOnlyDirect),
                Arguments.of("sliced heap", slicedHeap),
                Arguments.of("sliced direct", slicedDirect));
        return kinds.flatMap(kind -> Stream.of(Implementation.values())
                .map(impl -> Arguments.of(impl, kind.get()[0], kind.get()[1])));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("bufferKinds")
    void byteBuffersOfEveryKindAreHashedWholeAndConsumed(
            Implementation impl, String kind, Function<byte[], ByteBuffer> bufferOf) {
        byte[] data = randomBytes((1 << 20) + 3, 99);
        ResumableSha256 hash = Sha256Implementations.create(impl);
        Random chunks = new Random(5);
        int off = 0;
        while (off < data.length) {
            int n = Math.min(data.length - off, chunks.nextInt(3) == 0 ? 1 + chunks.nextInt(100) : 40_000);
            byte[] part = java.util.Arrays.copyOfRange(data, off, off + n);
            ByteBuffer src = bufferOf.apply(part);
            int limit = src.limit();

            hash.update(src);

            assertThat(src.position()).as("position after update").isEqualTo(limit);
            off += n;
        }
        assertThat(hash.sum()).isEqualTo(sha256(data));
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void onlyTheRemainingBytesOfABufferAreHashed(Implementation impl) {
        byte[] data = randomBytes(300, 3);
        ByteBuffer src = ByteBuffer.wrap(data).position(17).limit(250);
        ResumableSha256 hash = Sha256Implementations.create(impl);

        hash.update(src);

        assertThat(hash.sum()).isEqualTo(sha256(java.util.Arrays.copyOfRange(data, 17, 250)));
        assertThat(src.position()).isEqualTo(250);
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void sumLeavesTheStateAsItWasSoHashingGoesOn(Implementation impl) {
        byte[] data = randomBytes(1000, 4);
        ResumableSha256 hash = Sha256Implementations.create(impl);
        hash.update(data, 0, 100);
        byte[] stateBefore = hash.marshalBinary();

        assertThat(hash.sum()).isEqualTo(sha256(java.util.Arrays.copyOf(data, 100)));
        assertThat(hash.sum()).isEqualTo(sha256(java.util.Arrays.copyOf(data, 100)));
        assertThat(hash.marshalBinary()).isEqualTo(stateBefore);
        hash.update(data, 100, 900);
        assertThat(hash.sum()).isEqualTo(sha256(data));
        assertThat(hash.length()).isEqualTo(1000);
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void outOfBoundsRangesAreRefusedWithoutHashingAnything(Implementation impl) {
        ResumableSha256 hash = Sha256Implementations.create(impl);
        byte[] data = new byte[10];

        assertThatThrownBy(() -> hash.update(data, 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> hash.update(data, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> hash.update(data, 0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(hash.length()).isZero();
        assertThat(hash.sum()).isEqualTo(sha256(new byte[0]));
    }

    static byte[] randomBytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
