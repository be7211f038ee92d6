package dev.stowage.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ReadBuffersTest {

    @Test
    void buffersAreDirectOfTheSizeAndComeBackCleared() {
        ReadBuffers buffers = new ReadBuffers(4096, 2);
        ByteBuffer first = buffers.take();
        assertThat(first.isDirect()).isTrue();
        assertThat(first.capacity()).isEqualTo(4096);
        first.put(new byte[100]).limit(200);
        buffers.give(first);

        ByteBuffer again = buffers.take();
        assertThat(again).as("a kept buffer is reused").isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(4096);
    }

    @Test
    void noMoreThanTheBoundAreKept() {
        ReadBuffers buffers = new ReadBuffers(512, 2);
        ByteBuffer a = buffers.take();
        ByteBuffer b = buffers.take();
        ByteBuffer c = buffers.take();
        buffers.give(a);
        buffers.give(b);
        buffers.give(c); // one too many: dropped

        assertThat(buffers.take()).isSameAs(a);
        assertThat(buffers.take()).isSameAs(b);
        ByteBuffer fresh = buffers.take();
        assertThat(fresh).isNotSameAs(a).isNotSameAs(b).isNotSameAs(c);
    }
}
