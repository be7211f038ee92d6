package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BufferBudgetTest {

    private static final int PART = 256 * 1024;

    /** A writer's part buffer whose consumer digests each part slowly and records the budget's peak use. */
    private static final class Writer {
        final MessageDigest shipped;
        final PartBuffer buffer;

        Writer(BufferBudget budget, AtomicLong peak, String path) throws Exception {
            shipped = MessageDigest.getInstance("SHA-256");
            buffer = new PartBuffer(PART, budget, path, part -> {
                peak.accumulateAndGet(budget.inUse(), Math::max);
                shipped.update(part);
                sleep(2); // a backend that takes its time
            });
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void manyWritersOverABudgetOfTwoPartsAllFinishAndNeverHoldMoreThanIt() throws Exception {
        BufferBudget budget = BufferBudget.of(2L * PART, Duration.ofSeconds(60));
        AtomicLong peak = new AtomicLong();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int seed = w;
            done.add(pool.submit(() -> {
                Writer writer = new Writer(budget, peak, "/w" + seed);
                MessageDigest written = MessageDigest.getInstance("SHA-256");
                Random random = new Random(seed);
                start.await();
                for (int i = 0; i < 40; i++) { // 40 writes of up to 64 KiB: several parts each
                    byte[] chunk = new byte[1 + random.nextInt(64 * 1024)];
                    random.nextBytes(chunk);
                    written.update(chunk);
                    writer.buffer.write(ByteBuffer.wrap(chunk));
                }
                writer.buffer.flush();
                writer.buffer.release();
                return Arrays.equals(written.digest(), writer.shipped.digest());
            }));
        }
        start.countDown();
        for (Future<Boolean> writer : done) {
            assertThat(writer.get(60, TimeUnit.SECONDS)).as("the parts shipped are the bytes written").isTrue();
        }
        pool.shutdown();
        assertThat(peak.get()).as("the budget's peak use").isPositive().isLessThanOrEqualTo(2L * PART);
        assertThat(budget.inUse()).as("the budget's use once every writer ended").isZero();
    }

    @Test
    void aWriterHoldingNoMoreThan64KiBTakesNothingFromTheBudget() throws Exception {
        BufferBudget budget = BufferBudget.of(PART, Duration.ZERO);
        PartBuffer small = new PartBuffer(PART, budget, "/small", part -> {});
        small.write(ByteBuffer.allocate(64 * 1024));
        assertThat(budget.inUse()).isZero();
        small.write(ByteBuffer.allocate(1));
        assertThat(budget.inUse()).as("after the 64 KiB + 1st byte").isEqualTo(PART);
        small.release();
        assertThat(budget.inUse()).isZero();
    }

    @Test
    void aShippedPartGoesBackToTheBudgetAtOnceSoWaitingWritersTakeTurns() throws Exception {
        BufferBudget budget = BufferBudget.of(PART, Duration.ZERO);
        List<Integer> shipped = new ArrayList<>();
        PartBuffer first = new PartBuffer(PART, budget, "/first", part -> shipped.add(part.remaining()));
        first.write(ByteBuffer.allocate(PART + 1));
        assertThat(shipped).containsExactly(PART);
        assertThat(budget.inUse()).as("after the first part went out, one byte held").isZero();
        PartBuffer second = new PartBuffer(PART, budget, "/second", part -> {});
        second.write(ByteBuffer.allocate(PART)); // would fail at once (no wait) if the first still held its part
        assertThat(budget.inUse()).isEqualTo(PART);
        first.write(ByteBuffer.allocate(10));
        assertThat(first.size()).isEqualTo(11);
        second.release();
        first.write(ByteBuffer.allocate(PART - 11));
        assertThat(first.size()).as("the next part, allocated whole").isEqualTo(PART);
        first.release();
        assertThat(budget.inUse()).isZero();
    }

    @Test
    void aWriterThatCannotGetAPartInTimeFailsNamingTheBudgetAndKeepsWhatItTook() throws Exception {
        BufferBudget budget = BufferBudget.of(PART, Duration.ofMillis(200));
        PartBuffer holder = new PartBuffer(PART, budget, "/holder", part -> {});
        holder.write(ByteBuffer.allocate(100 * 1024));
        PartBuffer late = new PartBuffer(PART, budget, "/late", part -> {});
        late.write(ByteBuffer.allocate(10 * 1024));
        ByteBuffer source = ByteBuffer.allocate(100 * 1024);
        assertThatThrownBy(() -> late.write(source))
                .isInstanceOf(BufferMemoryExhaustedException.class)
                .hasMessageContaining("/late")
                .hasMessageContaining("buffer memory")
                .hasMessageContaining("buffermemory");
        assertThat(late.size()).as("bytes the late writer holds").isEqualTo(10 * 1024);
        assertThat(source.position()).as("the source stands after the bytes taken").isZero();
        holder.release();
        late.write(source);
        assertThat(late.size()).isEqualTo(110 * 1024);
        late.release();
        assertThat(budget.inUse()).isZero();
    }

    @Test
    void aWaitingWriterGoesOnOnceAnotherEnds() throws Exception {
        BufferBudget budget = BufferBudget.of(PART, Duration.ofSeconds(30));
        PartBuffer holder = new PartBuffer(PART, budget, "/holder", part -> {});
        holder.write(ByteBuffer.allocate(PART));
        PartBuffer waiter = new PartBuffer(PART, budget, "/waiter", part -> {});
        Thread writing = new Thread(() -> {
            try {
                waiter.write(ByteBuffer.allocate(PART));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        writing.start();
        writing.join(300);
        assertThat(writing.isAlive()).as("the second writer waits while the budget is spent").isTrue();
        holder.release();
        writing.join(10_000);
        assertThat(writing.isAlive()).as("the second writer goes on once the first ended").isFalse();
        assertThat(waiter.size()).isEqualTo(PART);
    }

    @Test
    void aPartLargerThanTheWholeBudgetIsRefusedAtOnce() {
        BufferBudget budget = BufferBudget.of(PART - 1, Duration.ofSeconds(30));
        PartBuffer buffer = new PartBuffer(PART, budget, "/big", part -> {});
        assertThatThrownBy(() -> buffer.write(ByteBuffer.allocate(PART)))
                .isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("more than the whole buffer memory");
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> BufferBudget.of(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BufferBudget.of(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
