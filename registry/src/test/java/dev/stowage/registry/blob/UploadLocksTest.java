package dev.stowage.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.registry.BlobUploadInvalidException;
import dev.stowage.registry.BlobUploadUnknownException;
import dev.stowage.registry.RepositoryName;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UploadLocksTest {

    private static final RepositoryName REPO = new RepositoryName("a/b");
    private final UploadLocks locks = new UploadLocks();

    @AfterEach
    void close() {
        locks.close();
    }

    @Test
    void aHeldUploadIsRefusedAsInUseAndFreeOnceReleased() throws Exception {
        UploadLocks.Claim claim = locks.acquire(REPO, "u1");
        assertThatThrownBy(() -> locks.acquire(REPO, "u1")).isInstanceOf(BlobUploadInvalidException.class)
                .hasMessageContaining("in use");
        locks.acquire(new RepositoryName("a/c"), "u1").release(); // another repository's upload of that id
        claim.release();
        claim.release();
        locks.acquire(REPO, "u1").release();
    }

    @Test
    void aRetiredUploadIsUnknownWhileItsRemovalRunsInTheBackgroundAndAfter() throws Exception {
        CountDownLatch removing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch removed = new CountDownLatch(1);
        AtomicReference<Thread> remover = new AtomicReference<>();
        UploadLocks.Claim claim = locks.acquire(REPO, "u1");
        claim.retire(() -> {
            remover.set(Thread.currentThread());
            removing.countDown();
            await(finish);
            removed.countDown();
        });
        assertThat(removing.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(remover.get()).isNotSameAs(Thread.currentThread());
        assertThatThrownBy(() -> locks.acquire(REPO, "u1")).isInstanceOf(BlobUploadUnknownException.class)
                .hasMessageContaining("u1").hasMessageContaining("ended");
        assertThat(locks.ended(REPO, "u1")).isTrue();
        claim.release(); // a retired claim stays retired
        assertThatThrownBy(() -> locks.acquire(REPO, "u1")).isInstanceOf(BlobUploadUnknownException.class);
        finish.countDown();
        assertThat(removed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> locks.acquire(REPO, "u1")).isInstanceOf(BlobUploadUnknownException.class);
        locks.acquire(new RepositoryName("a/c"), "u1").release(); // another repository's upload of that id
    }

    @Test
    void anUploadRetiredWithNothingToRemoveIsUnknownAtOnce() throws Exception {
        UploadLocks.Claim claim = locks.acquire(REPO, "u1");
        assertThat(locks.ended(REPO, "u1")).isFalse();
        claim.retire();
        claim.retire();
        assertThat(locks.ended(REPO, "u1")).isTrue();
        assertThatThrownBy(() -> locks.acquire(REPO, "u1")).isInstanceOf(BlobUploadUnknownException.class)
                .hasMessageContaining("ended");
    }

    @Test
    void theOldestEndedUploadIsForgottenOnceThousandsMoreHaveEndedEvenIfItsRemovalFailed() throws Exception {
        AtomicReference<Thread> remover = new AtomicReference<>();
        locks.acquire(REPO, "first").retire(() -> {
            remover.set(Thread.currentThread());
            throw new IOException("storage down");
        });
        locks.close(); // waits for the removal handed over
        assertThat(remover.get()).isNotNull().isNotSameAs(Thread.currentThread());
        for (int i = 1; i < UploadLocks.ENDED_REMEMBERED; i++) {
            locks.acquire(REPO, "later-" + i).retire();
        }
        assertThat(locks.ended(REPO, "first")).isTrue();
        locks.acquire(REPO, "one-more").retire();
        assertThat(locks.ended(REPO, "first")).isFalse();
        locks.acquire(REPO, "first").release(); // not held either: the failed removal let it go
        assertThat(locks.ended(REPO, "later-1")).isTrue();
    }

    @Test
    void whenTheRemovalsQueueIsFullARequestRemovesItsOwnUpload() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch lastQueued = new CountDownLatch(1);
        locks.acquire(REPO, "blocker").retire(() -> await(finish)); // occupies the one removal thread
        for (int i = 0; i < UploadLocks.MAX_PENDING_REMOVALS - 1; i++) {
            locks.acquire(REPO, "queued-" + i).retire(() -> { });
        }
        locks.acquire(REPO, "queued-last").retire(lastQueued::countDown);
        AtomicReference<Thread> remover = new AtomicReference<>();
        locks.acquire(REPO, "over").retire(() -> remover.set(Thread.currentThread()));
        assertThat(remover.get()).isSameAs(Thread.currentThread());
        assertThat(lastQueued.getCount()).isEqualTo(1);
        finish.countDown();
        assertThat(lastQueued.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closingWaitsForTheRemovalsHandedOverAndLaterOnesRunInTheirRequests() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        locks.acquire(REPO, "u1").retire(() -> {
            started.countDown();
            sleep(200);
            done.countDown();
        });
        locks.acquire(REPO, "u2").retire(done::countDown);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        locks.close();
        assertThat(done.getCount()).isZero();
        AtomicReference<Thread> remover = new AtomicReference<>();
        locks.acquire(REPO, "u3").retire(() -> remover.set(Thread.currentThread()));
        assertThat(remover.get()).isSameAs(Thread.currentThread());
        assertThatThrownBy(() -> locks.acquire(REPO, "u3")).isInstanceOf(BlobUploadUnknownException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
