package dev.stowage.registry.upload;

import static dev.stowage.registry.upload.Sha256ChunkingTest.randomBytes;
import static dev.stowage.registry.upload.Sha256ChunkingTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.registry.upload.ResumableSha256.Implementation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** States are Go's {@code crypto/sha256} MarshalBinary bytes, and restore across implementations. */
class ResumableSha256StateTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Printed by Go 1.19.8: {@code h := sha256.New(); h.Write(input);
     * h.(encoding.BinaryMarshaler).MarshalBinary()} and {@code h.Sum(nil)}.
     */
    static Stream<Arguments> goVectors() {
        byte[] pattern = new byte[100_000];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i % 251);
        }
        return Stream.of(
                Arguments.of("empty", new byte[0],
                        "736861036a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19"
                                + "0".repeat(128) + "0000000000000000",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                Arguments.of("abc", "abc".getBytes(StandardCharsets.US_ASCII),
                        "736861036a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19"
                                + "616263" + "0".repeat(122) + "0000000000000003",
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                Arguments.of("100 x 'a'", "a".repeat(100).getBytes(StandardCharsets.US_ASCII),
                        "73686103df5bb81ce81e0626fb45a8944fd40f31b25e6816d6d499c1ab90492900635e66"
                                + "61".repeat(36) + "0".repeat(56) + "0000000000000064",
                        "2816597888e4a0d3a36b82b83316ab32680eb8f00f8cd3b904d681246d285a0e"),
                Arguments.of("64 x 'b'", "b".repeat(64).getBytes(StandardCharsets.US_ASCII),
                        "736861033fb0a766aa053d3faef820bb660349bf2d9c86d6fa2e6f6a6ffc5d7c216a7687"
                                + "0".repeat(128) + "0000000000000040",
                        "a0fab1377f49a759b57f63318262ebe89fabfc990e8e93ceac2984561482b9d4"),
                Arguments.of("100000 bytes of i % 251", pattern,
                        "73686103dec8a976ae87370731ef6c16b3cebfeb0d101f0a2b70c2ddf4ce8eff86459835"
                                + "464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465"
                                + "0".repeat(64) + "00000000000186a0",
                        "cd2df694e424bc7968cc37f47751019e5ca0cd1bdf2e479ea537c3a1c32ee1aa"));
    }

    static Stream<Arguments> goVectorsForEachImplementation() {
        return goVectors().flatMap(v -> Stream.of(Implementation.values()).map(impl -> {
            Object[] args = v.get();
            return Arguments.of(impl, args[0], args[1], args[2], args[3]);
        }));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("goVectorsForEachImplementation")
    void marshalBinaryWritesExactlyWhatGoWrites(
            Implementation impl, String name, byte[] input, String goState, String goSum) {
        ResumableSha256 hash = Sha256Implementations.create(impl);
        hash.update(input, 0, input.length);

        assertThat(HEX.formatHex(hash.marshalBinary())).isEqualTo(goState);
        assertThat(HEX.formatHex(hash.sum())).isEqualTo(goSum);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("goVectorsForEachImplementation")
    void aStateWrittenByGoRestoresAndContinues(
            Implementation impl, String name, byte[] input, String goState, String goSum) throws Exception {
        ResumableSha256 restored = Sha256Implementations.restore(HEX.parseHex(goState), impl);

        assertThat(restored.length()).isEqualTo(input.length);
        assertThat(HEX.formatHex(restored.sum())).isEqualTo(goSum);
        byte[] more = randomBytes(777, 1);
        restored.update(more, 0, more.length);
        byte[] whole = Arrays.copyOf(input, input.length + more.length);
        System.arraycopy(more, 0, whole, input.length, more.length);
        assertThat(restored.sum()).isEqualTo(sha256(whole));
        assertThat(restored.length()).isEqualTo(whole.length);
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void theStateOfNothingHashedIsGosInitialState(Implementation impl) {
        // What the Go registry writes to _uploads/<id>/hashstates/sha256/0.
        byte[] goInitial = HEX.parseHex("736861036a09e667bb67ae853c6ef372a54ff53a510e527f9b05688c1f83d9ab5be0cd19"
                + "0".repeat(144));

        assertThat(Sha256Implementations.create(impl).marshalBinary()).hasSize(108).isEqualTo(goInitial);
    }

    static Stream<Arguments> implementationPairs() {
        return Stream.of(Implementation.values())
                .flatMap(from -> Stream.of(Implementation.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "saved by {0}, restored by {1}")
    @MethodSource("implementationPairs")
    void aStateSavedAtAnyOffsetRestoresAndContinuesToTheOneShotDigest(Implementation from, Implementation to)
            throws Exception {
        byte[] data = randomBytes(100_000, 42);
        byte[] want = sha256(data);
        for (int split : new int[] {0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 4096, 50_001, 100_000}) {
            ResumableSha256 first = Sha256Implementations.create(from);
            first.update(ByteBuffer.wrap(data, 0, split));
            byte[] state = first.marshalBinary();

            ResumableSha256 second = Sha256Implementations.restore(state, to);

            assertThat(second.length()).as("length at %d", split).isEqualTo(split);
            assertThat(second.marshalBinary()).as("state at %d", split).isEqualTo(state);
            second.update(ByteBuffer.wrap(data, split, data.length - split));
            assertThat(second.sum()).as("digest split at %d", split).isEqualTo(want);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Implementation.class)
    void manyResumesInARowGiveTheOneShotDigest(Implementation impl) throws Exception {
        byte[] data = randomBytes(300_000, 8);
        Implementation[] all = Implementation.values();
        ResumableSha256 hash = Sha256Implementations.create(impl);
        int off = 0;
        for (int step = 0; off < data.length; step++) {
            int n = Math.min(data.length - off, 1 + step * 997 % 40_000);
            hash.update(data, off, n);
            off += n;
            hash = Sha256Implementations.restore(hash.marshalBinary(), all[step % all.length]);
        }
        assertThat(hash.sum()).isEqualTo(sha256(data));
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void theMarshalledStateIsACopyThatLaterUpdatesLeaveAlone(Implementation impl) {
        ResumableSha256 hash = Sha256Implementations.create(impl);
        hash.update(new byte[70], 0, 70);
        byte[] state = hash.marshalBinary();
        byte[] copy = state.clone();

        hash.update(new byte[100], 0, 100);

        assertThat(state).isEqualTo(copy);
    }

    @Test
    void aStateOfTheWrongSizeIsRefusedNamingTheSize() {
        assertThatThrownBy(() -> ResumableSha256.restore(new byte[107]))
                .isInstanceOf(InvalidHashStateException.class)
                .hasMessageContaining("107 bytes")
                .hasMessageContaining("108");
        assertThatThrownBy(() -> ResumableSha256.restore(new byte[0]))
                .isInstanceOf(InvalidHashStateException.class)
                .hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> ResumableSha256.restore(null))
                .isInstanceOf(InvalidHashStateException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void aStateWithTheWrongMagicIsRefusedNamingTheMagic() {
        byte[] state = ResumableSha256.create().marshalBinary();
        state[3] = 0x07;

        assertThatThrownBy(() -> ResumableSha256.restore(state))
                .isInstanceOf(InvalidHashStateException.class)
                .hasMessageContaining("magic")
                .hasMessageContaining("0x73686107");
    }

    @Test
    void aSha224StateIsRefusedAsSha224() {
        byte[] state = ResumableSha256.create().marshalBinary();
        state[3] = 0x02;

        assertThatThrownBy(() -> ResumableSha256.restore(state))
                .isInstanceOf(InvalidHashStateException.class)
                .hasMessageContaining("SHA-224");
    }

    @Test
    void aStateWithBytesPastItsPendingBlockIsRefusedAsInconsistent() {
        ResumableSha256 hash = ResumableSha256.create();
        hash.update(new byte[] {1, 2, 3}, 0, 3);
        byte[] state = hash.marshalBinary();
        state[4 + 32 + 3] = 9; // a fourth pending byte, but the length says three

        assertThatThrownBy(() -> ResumableSha256.restore(state))
                .isInstanceOf(InvalidHashStateException.class)
                .hasMessageContaining("inconsistent")
                .hasMessageContaining("length 3");
    }

    @Test
    void aStateShorterThanABlockWithWordsOtherThanTheInitialOnesIsRefusedAsInconsistent() {
        byte[] state = ResumableSha256.create().marshalBinary();
        state[4] ^= 1;

        assertThatThrownBy(() -> ResumableSha256.restore(state))
                .isInstanceOf(InvalidHashStateException.class)
                .hasMessageContaining("inconsistent")
                .hasMessageContaining("initial words");
    }

    @Test
    void aStateClaimingMoreBytesThanSha256CanHashIsRefused() {
        byte[] state = ResumableSha256.create().marshalBinary();
        ByteBuffer.wrap(state).putLong(100, -64L); // 2^64 - 64 bytes: a multiple of 64, no pending bytes

        assertThatThrownBy(() -> ResumableSha256.restore(state))
                .isInstanceOf(InvalidHashStateException.class)
                .hasMessageContaining("18446744073709551552");
    }
}
