package dev.stowage.driver.filesystem;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

/**
 * Bounds how many blocking file system calls run at once (the {@code maxthreads} parameter, as in
 * the Go registry's regulator); callers beyond the bound wait their turn in arrival order.
 */
final class Regulator {

    /** A blocking call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException;
    }

    private final Semaphore permits;

    Regulator(int maxThreads) {
        this.permits = new Semaphore(maxThreads, true);
    }

    <T> T run(Call<T> call) throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a file system thread");
        }
        try {
            return call.run();
        } finally {
            permits.release();
        }
    }

    int available() {
        return permits.availablePermits();
    }
}
