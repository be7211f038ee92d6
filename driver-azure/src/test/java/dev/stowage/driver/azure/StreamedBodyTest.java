package dev.stowage.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The download body adapter on its own, fed by a generated body on another thread (as the HTTP
 * client's event loop would): demand stays bounded, bytes come out whole and in order whatever
 * the buffer sizes, and a failure surfaces after the bytes that came before it.
 */
class StreamedBodyTest {

    /** {@code count} buffers of {@code size} bytes, byte i of the body being (byte) i, emitted off the reader's thread. */
    private static Flux<ByteBuffer> body(int count, int size, AtomicLong requested) {
        return Flux.range(0, count)
                .map(i -> {
                    byte[] b = new byte[size];
                    for (int j = 0; j < size; j++) {
                        b[j] = (byte) ((long) i * size + j);
                    }
                    return ByteBuffer.wrap(b);
                })
                .doOnRequest(requested::addAndGet)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static long drainChecking(InputStream in, byte[] buffer) throws IOException {
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            for (int i = 0; i < n; i++) {
                assertThat(buffer[i]).as("byte %d", total + i).isEqualTo((byte) (total + i));
            }
            total += n;
        }
        return total;
    }

    @Test
    void requestsNoMoreThanTheDemandAheadOfAnIdleReaderAndThenStreamsTheWholeBody() throws Exception {
        AtomicLong requested = new AtomicLong();
        try (InputStream in = new StreamedBody("/b", 4096L * 8192, body(4096, 8192, requested))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (requested.get() < StreamedBody.DEMAND && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // time for any excess demand to show
            assertThat(requested.get()).isEqualTo(StreamedBody.DEMAND);

            assertThat(drainChecking(in, new byte[1 << 16])).isEqualTo(4096L * 8192);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void tinyBuffersThatNeverFillTheWakeThresholdStillFlow() {
        // DEMAND buffers of 10 bytes are far below WAKE_BYTES: the reader must get up anyway
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (InputStream in = new StreamedBody("/b", 200_000, body(20_000, 10, new AtomicLong()))) {
                assertThat(drainChecking(in, new byte[1 << 16])).isEqualTo(200_000);
            }
        });
    }

    @Test
    void aFailureSurfacesAfterTheBytesThatCameBeforeIt() throws Exception {
        Flux<ByteBuffer> failing = body(10, 1000, new AtomicLong())
                .concatWith(Flux.error(new IOException("connection reset")));
        try (InputStream in = new StreamedBody("/b", 20_000, failing)) {
            Outcome read = readUntilFailure(in);
            assertThat(read.total()).isEqualTo(10_000);
            assertThat(read.failure()).hasMessage("connection reset");
        }
    }

    @Test
    void aBodyThatEndsBeforeItsDeclaredLengthFailsInsteadOfEndingShort() throws Exception {
        try (InputStream in = new StreamedBody("/b", 10_001, body(10, 1000, new AtomicLong()))) {
            Outcome read = readUntilFailure(in);
            assertThat(read.total()).isEqualTo(10_000);
            assertThat(read.failure()).hasMessage("the download of /b ended after 10000 of the 10001 bytes its response declared");
        }
    }

    @Test
    void aBodyOfUndeclaredLengthEndsWhereItEnds() throws Exception {
        try (InputStream in = new StreamedBody("/b", -1, body(10, 1000, new AtomicLong()))) {
            assertThat(drainChecking(in, new byte[1 << 16])).isEqualTo(10_000);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** The bytes read before the stream ended or failed, and the failure if it failed. */
    private record Outcome(long total, IOException failure) {}

    private static Outcome readUntilFailure(InputStream in) {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (IOException e) {
            return new Outcome(total, e);
        }
        return new Outcome(total, null);
    }
}
