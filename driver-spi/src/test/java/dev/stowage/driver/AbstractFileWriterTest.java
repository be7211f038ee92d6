package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.AbstractFileWriter.State;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AbstractFileWriterTest {

    /** A backend that records its steps and fails the ones it is told to. */
    private static class Recording extends AbstractFileWriter {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final List<String> steps = new ArrayList<>();
        final AtomicBoolean inside = new AtomicBoolean();
        boolean overlapped;
        String failStep;
        int failWriteAfter = -1;

        Recording(long size) {
            super("/a/b", size);
        }

        Recording(long size, long maxSize) {
            super("/a/b", size, maxSize);
        }

        @Override
        protected void implWrite(ByteBuffer src) throws IOException {
            if (!inside.compareAndSet(false, true)) {
                overlapped = true;
            }
            try {
                while (src.hasRemaining()) {
                    if (failWriteAfter == 0) {
                        throw new IOException("disk full");
                    }
                    written.write(src.get());
                    failWriteAfter--;
                }
            } finally {
                inside.set(false);
            }
        }

        @Override
        protected void implClose() throws IOException {
            step("close");
        }

        @Override
        protected void implCommit() throws IOException {
            step("commit");
        }

        @Override
        protected void implCancel() throws IOException {
            step("cancel");
        }

        @Override
        protected void implRelease() throws IOException {
            step("release");
        }

        private void step(String name) throws IOException {
            steps.add(name);
            if (name.equals(failStep)) {
                throw new IOException(name + " failed in the backend");
            }
        }
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.wrap(new byte[n]);
    }

    @Test
    void writesAfterCommitCancelOrCloseAreRefusedNamingThePathAndHowTheWriterEnded() throws IOException {
        Recording committed = new Recording(0);
        committed.commit();
        assertThatThrownBy(() -> committed.write(bytes(1)))
                .isExactlyInstanceOf(StorageDriverException.class)
                .hasMessage("write on a writer that was already committed: /a/b")
                .satisfies(e -> assertThat(((StorageDriverException) e).path()).isEqualTo("/a/b"));

        Recording cancelled = new Recording(0);
        cancelled.cancel();
        assertThatThrownBy(() -> cancelled.write(bytes(1))).hasMessage("write on a writer that was already cancelled: /a/b");

        Recording closed = new Recording(0);
        closed.close();
        assertThatThrownBy(() -> closed.write(bytes(1))).hasMessage("write on a writer that was already closed: /a/b");
        assertThat(List.of(committed.written.size(), cancelled.written.size(), closed.written.size())).containsOnly(0);
    }

    @Test
    void commitOrCancelAfterAnEndingIsRefusedAndReachesNoBackend() throws IOException {
        Recording closed = new Recording(0);
        closed.close();
        assertThatThrownBy(closed::commit).hasMessage("commit on a writer that was already closed: /a/b");
        assertThatThrownBy(closed::cancel).hasMessage("cancel on a writer that was already closed: /a/b");

        Recording committed = new Recording(0);
        committed.commit();
        assertThatThrownBy(committed::commit).hasMessage("commit on a writer that was already committed: /a/b");
        assertThatThrownBy(committed::cancel).hasMessage("cancel on a writer that was already committed: /a/b");

        assertThat(closed.steps).containsExactly("close", "release");
        assertThat(committed.steps).containsExactly("commit", "release");
    }

    @Test
    void closeIsIdempotentAndDoesNothingAfterCommitOrCancel() throws IOException {
        Recording closed = new Recording(0);
        closed.close();
        closed.close();
        assertThat(closed.steps).containsExactly("close", "release");
        assertThat(closed.state()).isEqualTo(State.CLOSED);

        Recording committed = new Recording(0);
        committed.commit();
        committed.close();
        assertThat(committed.steps).containsExactly("commit", "release");
        assertThat(committed.state()).isEqualTo(State.COMMITTED);

        Recording cancelled = new Recording(0);
        cancelled.cancel();
        cancelled.close();
        assertThat(cancelled.steps).containsExactly("cancel", "release");
        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
    }

    @Test
    void isOpenUntilTheFirstEnding() throws IOException {
        Recording writer = new Recording(0);
        assertThat(writer.isOpen()).isTrue();
        writer.write(bytes(3));
        assertThat(writer.isOpen()).isTrue();
        writer.close();
        assertThat(writer.isOpen()).isFalse();
    }

    @Test
    void aFailedCommitEndsTheWriterAndReleasesIt() throws IOException {
        Recording writer = new Recording(0);
        writer.write(bytes(2));
        writer.failStep = "commit";
        assertThatThrownBy(writer::commit).isExactlyInstanceOf(IOException.class).hasMessage("commit failed in the backend");
        assertThat(writer.state()).isEqualTo(State.COMMIT_FAILED);
        assertThat(writer.isOpen()).isFalse();
        assertThatThrownBy(() -> writer.write(bytes(1))).hasMessage("write on a writer that ended with a failed commit: /a/b");
        assertThatThrownBy(writer::commit).hasMessage("commit on a writer that ended with a failed commit: /a/b");
        assertThatThrownBy(writer::cancel).hasMessage("cancel on a writer that ended with a failed commit: /a/b");
        writer.close();
        assertThat(writer.steps).containsExactly("commit", "release");
        assertThat(writer.size()).isEqualTo(2);
    }

    @Test
    void aFailedCancelEndsTheWriterToo() throws IOException {
        Recording writer = new Recording(0);
        writer.failStep = "cancel";
        assertThatThrownBy(writer::cancel).hasMessage("cancel failed in the backend");
        assertThat(writer.state()).isEqualTo(State.CANCEL_FAILED);
        assertThatThrownBy(writer::cancel).hasMessage("cancel on a writer that ended with a failed cancel: /a/b");
        writer.close();
        assertThat(writer.steps).containsExactly("cancel", "release");
    }

    @Test
    void aFailedCloseStillClosesTheWriter() throws IOException {
        Recording writer = new Recording(0);
        writer.failStep = "close";
        assertThatThrownBy(writer::close).hasMessage("close failed in the backend");
        assertThat(writer.state()).isEqualTo(State.CLOSED);
        writer.close();
        assertThatThrownBy(writer::commit).hasMessage("commit on a writer that was already closed: /a/b");
        assertThat(writer.steps).containsExactly("close", "release");
    }

    @Test
    void theSessionIsSettledWhenJustOpenedAndAfterACloseThatReturnedOnly() throws IOException {
        Recording continued = new Recording(10);
        assertThat(continued.sessionSettled()).as("continued, nothing written").isTrue();
        continued.write(ByteBuffer.allocate(0));
        assertThat(continued.sessionSettled()).as("after an empty write").isTrue();
        continued.write(bytes(3));
        assertThat(continued.sessionSettled()).as("after bytes were written").isFalse();
        continued.close();
        assertThat(continued.sessionSettled()).as("closed").isTrue();

        Recording failed = new Recording(0);
        failed.failStep = "close";
        assertThatThrownBy(failed::close).hasMessage("close failed in the backend");
        assertThat(failed.sessionSettled()).as("after a close that failed").isFalse();

        Recording committed = new Recording(0);
        committed.commit();
        assertThat(committed.sessionSettled()).as("committed").isFalse();
        Recording cancelled = new Recording(5);
        cancelled.cancel();
        assertThat(cancelled.sessionSettled()).as("cancelled").isFalse();
        assertThat(cancelled.sessionTag()).as("a writer that does not tag sessions").isEmpty();
    }

    @Test
    void aReleaseThatFailsAfterAFailedEndingIsSuppressedByThatFailure() throws IOException {
        Recording writer = new Recording(0) {
            @Override
            protected void implRelease() throws IOException {
                throw new IOException("release failed");
            }
        };
        writer.failStep = "commit";
        assertThatThrownBy(writer::commit).hasMessage("commit failed in the backend")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("release failed"));
    }

    @Test
    void aReleaseThatFailsAfterASuccessfulCommitIsThrownButTheContentCounts() throws IOException {
        Recording writer = new Recording(0) {
            @Override
            protected void implRelease() throws IOException {
                throw new IOException("release failed");
            }
        };
        assertThatThrownBy(writer::commit).hasMessage("release failed");
        assertThat(writer.state()).isEqualTo(State.COMMITTED);
    }

    @Test
    void sizeStartsAtTheEarlierSessionsAndCountsEveryByteWritten() throws IOException {
        Recording writer = new Recording(1000);
        assertThat(writer.size()).isEqualTo(1000);
        assertThat(writer.write(bytes(10))).isEqualTo(10);
        ByteBuffer direct = ByteBuffer.allocateDirect(7);
        assertThat(writer.write(direct)).isEqualTo(7);
        assertThat(writer.write(bytes(0))).isZero();
        assertThat(writer.size()).isEqualTo(1017);
        assertThat(writer.written.size()).isEqualTo(17);
    }

    @Test
    void aFailedWriteLeavesTheWriterOpenAndCountsTheBytesItTook() throws IOException {
        Recording writer = new Recording(0);
        writer.failWriteAfter = 4;
        ByteBuffer src = bytes(10);
        assertThatThrownBy(() -> writer.write(src)).hasMessage("disk full");
        assertThat(src.position()).isEqualTo(4);
        assertThat(writer.size()).isEqualTo(4);
        assertThat(writer.isOpen()).isTrue();
        writer.failWriteAfter = -1;
        assertThat(writer.write(src)).isEqualTo(6);
        assertThat(writer.size()).isEqualTo(10);
    }

    @Test
    void concurrentWritesReachTheBackendOneAtATime() throws Exception {
        Recording writer = new Recording(0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        writer.write(bytes(50));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(writer.overlapped).isFalse();
        assertThat(writer.size()).isEqualTo(4 * 500 * 50);
        assertThat(writer.written.size()).isEqualTo(4 * 500 * 50);
    }

    @Test
    void aNegativeEarlierSizeIsRefusedNamingThePath() {
        assertThatThrownBy(() -> new Recording(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative size -1 for a writer of /a/b");
    }

    @Test
    void aWritePastTheLimitTakesNothingNamesTheLimitAndLeavesTheWriterOpen() throws IOException {
        Recording writer = new Recording(2, 10);
        ByteBuffer past = bytes(9);
        assertThatThrownBy(() -> writer.write(past))
                .isExactlyInstanceOf(StorageDriverException.class)
                .hasMessageContaining("maxFileSize 10");
        assertThat(past.position()).isZero();
        assertThat(writer.size()).isEqualTo(2);
        assertThat(writer.isOpen()).isTrue();
        assertThat(writer.write(bytes(8))).isEqualTo(8);
        assertThat(writer.size()).isEqualTo(10);
        writer.commit();
        assertThat(writer.written.size()).isEqualTo(8);
    }
}
