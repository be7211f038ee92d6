package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartBufferTest {

    private final List<byte[]> parts = new ArrayList<>();
    private final PartBuffer buffer = new PartBuffer(10, part -> {
        byte[] copy = new byte[part.remaining()];
        part.get(copy);
        parts.add(copy);
    });

    private static byte[] sequence(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        return copy;
    }

    @Test
    void aWholePartGoesOutOnlyWhenAByteBeyondItArrives() throws IOException {
        buffer.write(ByteBuffer.wrap(sequence(0, 10)));
        assertThat(parts).isEmpty();
        assertThat(buffer.size()).isEqualTo(10);
        buffer.write(ByteBuffer.wrap(sequence(10, 1)));
        assertThat(parts).containsExactly(sequence(0, 10));
        assertThat(bytesOf(buffer.contents())).isEqualTo(sequence(10, 1));
    }

    @Test
    void manySmallWritesMakePartsOfExactlyThePartSize() throws IOException {
        for (int i = 0; i < 5; i++) {
            buffer.write(ByteBuffer.wrap(sequence(7 * i, 7)));
        }
        assertThat(parts).containsExactly(sequence(0, 10), sequence(10, 10), sequence(20, 10));
        assertThat(buffer.size()).isEqualTo(5);
        assertThat(bytesOf(buffer.contents())).isEqualTo(sequence(30, 5));
    }

    @Test
    void oneLargeWriteIsCutIntoParts() throws IOException {
        buffer.write(ByteBuffer.wrap(sequence(0, 25)));
        assertThat(parts).containsExactly(sequence(0, 10), sequence(10, 10));
        assertThat(bytesOf(buffer.contents())).isEqualTo(sequence(20, 5));
    }

    @Test
    void takesFromHeapDirectReadOnlyAndPositionedSourcesAlike() throws IOException {
        ByteBuffer sliced = ByteBuffer.wrap(sequence(-3, 9)).position(3).slice(); // bytes 0..5, arrayOffset 3
        ByteBuffer positioned = ByteBuffer.wrap(sequence(0, 12)).position(6).limit(10); // bytes 6..9
        ByteBuffer direct = ByteBuffer.allocateDirect(8).put(sequence(10, 8)).flip(); // bytes 10..17
        ByteBuffer readOnly = ByteBuffer.wrap(sequence(18, 4)).asReadOnlyBuffer(); // bytes 18..21
        for (ByteBuffer src : List.of(sliced, positioned, direct, readOnly)) {
            buffer.write(src);
            assertThat(src.hasRemaining()).isFalse();
        }
        buffer.flush();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        assertThat(all.toByteArray()).isEqualTo(sequence(0, 22));
        assertThat(parts).extracting(p -> p.length).containsExactly(10, 10, 2);
    }

    @Test
    void flushHandsOverAShortLastPartAndNothingWhenEmpty() throws IOException {
        buffer.flush();
        assertThat(parts).isEmpty();
        buffer.write(ByteBuffer.wrap(sequence(0, 4)));
        buffer.flush();
        assertThat(parts).containsExactly(sequence(0, 4));
        assertThat(buffer.size()).isZero();
    }

    @Test
    void aFailingConsumerKeepsThePartAndLeavesTheSourceAtTheBytesTaken() throws IOException {
        boolean[] fail = {true};
        List<Integer> accepted = new ArrayList<>();
        PartBuffer failing = new PartBuffer(10, part -> {
            if (fail[0]) {
                throw new IOException("upload refused");
            }
            accepted.add(part.remaining());
        });
        ByteBuffer src = ByteBuffer.wrap(sequence(0, 15));
        assertThatThrownBy(() -> failing.write(src)).hasMessage("upload refused");
        assertThat(src.position()).isEqualTo(10);
        assertThat(failing.size()).isEqualTo(10);
        fail[0] = false;
        failing.write(src);
        assertThat(accepted).containsExactly(10);
        assertThat(bytesOf(failing.contents())).isEqualTo(sequence(10, 5));
    }

    @Test
    void contentsAreReadOnly() throws IOException {
        buffer.write(ByteBuffer.wrap(sequence(0, 3)));
        assertThatThrownBy(() -> buffer.contents().put(0, (byte) 9)).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(bytesOf(buffer.contents())).isEqualTo(sequence(0, 3));
    }

    @Test
    void releaseDropsTheBytesAndTheBufferCanBeWrittenAgain() throws IOException {
        buffer.write(ByteBuffer.wrap(sequence(0, 8)));
        buffer.release();
        assertThat(buffer.size()).isZero();
        assertThat(buffer.contents().remaining()).isZero();
        buffer.write(ByteBuffer.wrap(sequence(50, 3)));
        assertThat(bytesOf(buffer.contents())).isEqualTo(sequence(50, 3));
    }

    @Test
    void aLargePartSizeCostsOnlyTheBytesHeld() throws IOException {
        PartBuffer large = new PartBuffer(Integer.MAX_VALUE - 64, part -> {});
        large.write(ByteBuffer.wrap(sequence(0, 100)));
        assertThat(bytesOf(large.contents())).isEqualTo(sequence(0, 100));
    }

    @Test
    void aPartSizeThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new PartBuffer(0, part -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("part size must be positive, not 0");
    }
}
