package dev.stowage.conformance.faults;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.ForwardingFileWriter;
import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkVisitor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A driver that wraps another and makes it misbehave the way real backends do, at a chosen rate
 * and from a seed: calls that fail with an {@link IOException} before reaching the backend,
 * calls that are slow, readers that return fewer bytes per {@code read} than asked (legal, and
 * a classic source of bugs), readers that fail part way, and writers that fail after some bytes
 * (what was written before stays written, as a backend that lost its connection leaves it).
 *
 * <p>Every injected failure is an {@link InjectedFault}, so a test can tell them from real ones.
 * The same seed gives the same decisions for the same sequence of calls. Thread-safe.
 *
 * <pre>{@code
 * StorageDriver flaky = FaultInjectingDriver.wrap(driver, Faults.none().withFailureRate(0.05).withSeed(7));
 * }</pre>
 */
public final class FaultInjectingDriver extends ForwardingStorageDriver {

    private final Faults faults;
    private final SplittableRandom random;
    private final AtomicLong injected = new AtomicLong();

    private FaultInjectingDriver(StorageDriver delegate, Faults faults) {
        super(delegate);
        this.faults = Objects.requireNonNull(faults, "faults");
        this.random = new SplittableRandom(faults.seed());
    }

    /** {@code driver}, misbehaving as {@code faults} says. */
    public static FaultInjectingDriver wrap(StorageDriver driver, Faults faults) {
        return new FaultInjectingDriver(driver, faults);
    }

    /** How many faults were injected so far (failures, short reads and failed streams; not delays). */
    public long injected() {
        return injected.get();
    }

    /**
     * What goes wrong, and how often.
     *
     * @param seed the seed of every decision
     * @param failureRate the chance that a call fails before reaching the backend, 0 to 1
     * @param delay how long a delayed call waits before reaching the backend
     * @param delayRate the chance that a call is delayed, 0 to 1
     * @param shortReadRate the chance that one {@code read} of a reader returns fewer bytes than it could
     * @param streamFailureRate the chance that a reader or writer fails part way (after a random
     *     number of bytes below {@code streamFailureWithin})
     * @param streamFailureWithin the most bytes a failing stream passes before it fails
     */
    public record Faults(long seed, double failureRate, Duration delay, double delayRate, double shortReadRate,
                         double streamFailureRate, long streamFailureWithin) {

        public Faults {
            for (double rate : new double[] {failureRate, delayRate, shortReadRate, streamFailureRate}) {
                if (rate < 0 || rate > 1) {
                    throw new IllegalArgumentException("a rate is between 0 and 1, not " + rate);
                }
            }
            Objects.requireNonNull(delay, "delay");
            if (streamFailureWithin < 1) {
                throw new IllegalArgumentException("streamFailureWithin must be positive, not " + streamFailureWithin);
            }
        }

        /** Nothing goes wrong. */
        public static Faults none() {
            return new Faults(1, 0, Duration.ZERO, 0, 0, 0, 1 << 20);
        }

        public Faults withSeed(long value) {
            return new Faults(value, failureRate, delay, delayRate, shortReadRate, streamFailureRate, streamFailureWithin);
        }

        public Faults withFailureRate(double value) {
            return new Faults(seed, value, delay, delayRate, shortReadRate, streamFailureRate, streamFailureWithin);
        }

        public Faults withDelay(Duration value, double rate) {
            return new Faults(seed, failureRate, value, rate, shortReadRate, streamFailureRate, streamFailureWithin);
        }

        public Faults withShortReadRate(double value) {
            return new Faults(seed, failureRate, delay, delayRate, value, streamFailureRate, streamFailureWithin);
        }

        public Faults withStreamFailures(double rate, long within) {
            return new Faults(seed, failureRate, delay, delayRate, shortReadRate, rate, within);
        }
    }

    /** A failure this driver made up. */
    public static final class InjectedFault extends IOException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }

    private synchronized double roll() {
        return random.nextDouble();
    }

    private synchronized long below(long bound) {
        return random.nextLong(bound);
    }

    /** Delays and fails as the faults say, before a call reaches the backend. */
    private void enter(String operation, String path) throws IOException {
        if (faults.delayRate() > 0 && roll() < faults.delayRate()) {
            try {
                Thread.sleep(faults.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted during an injected delay of " + operation);
            }
        }
        if (faults.failureRate() > 0 && roll() < faults.failureRate()) {
            injected.incrementAndGet();
            throw new InjectedFault("injected failure of " + operation + " " + path);
        }
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        enter("getContent", path);
        return super.getContent(path);
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        enter("putContent", path);
        super.putContent(path, content);
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        enter("reader", path);
        InputStream in = super.reader(path, offset);
        long failAfter = faults.streamFailureRate() > 0 && roll() < faults.streamFailureRate()
                ? below(faults.streamFailureWithin()) : -1;
        return new Faulty(in, path, failAfter);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        enter("writer", path);
        FileWriter writer = super.writer(path, append);
        long failAfter = faults.streamFailureRate() > 0 && roll() < faults.streamFailureRate()
                ? below(faults.streamFailureWithin()) : -1;
        return new Checked(writer, path, failAfter);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        enter("stat", path);
        return super.stat(path);
    }

    @Override
    public List<String> list(String path) throws IOException {
        enter("list", path);
        return super.list(path);
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        enter("move", sourcePath);
        super.move(sourcePath, destPath);
    }

    @Override
    public void delete(String path) throws IOException {
        enter("delete", path);
        super.delete(path);
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) throws IOException {
        enter("redirectUrl", path);
        return super.redirectUrl(path, request);
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        enter("walk", path);
        super.walk(path, visitor);
    }

    /** A reader that may return short and may fail after some bytes. */
    private final class Faulty extends FilterInputStream {
        private final String path;
        private long left;

        Faulty(InputStream in, String path, long failAfter) {
            super(in);
            this.path = path;
            this.left = failAfter;
        }

        private void check() throws IOException {
            if (left == 0) {
                injected.incrementAndGet();
                throw new InjectedFault("injected failure part way through reading " + path);
            }
        }

        @Override
        public int read() throws IOException {
            check();
            int b = super.read();
            if (b >= 0 && left > 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            check();
            int n = len;
            if (left > 0) {
                n = (int) Math.min(n, left);
            }
            if (n > 1 && faults.shortReadRate() > 0 && roll() < faults.shortReadRate()) {
                injected.incrementAndGet();
                n = 1 + (int) below(n - 1);
            }
            int read = super.read(b, off, n);
            if (read > 0 && left > 0) {
                left -= read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            check();
            long skipped = super.skip(left > 0 ? Math.min(n, left) : n);
            if (left > 0) {
                left -= skipped;
            }
            return skipped;
        }
    }

    /** A writer that may fail after some bytes, keeping what it wrote before. */
    private final class Checked extends ForwardingFileWriter {
        private final String path;
        private long left;

        Checked(FileWriter delegate, String path, long failAfter) {
            super(delegate);
            this.path = path;
            this.left = failAfter;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            if (left == 0) {
                injected.incrementAndGet();
                throw new InjectedFault("injected failure part way through writing " + path);
            }
            if (left > 0 && source.remaining() > left) {
                ByteBuffer part = source.slice().limit((int) left);
                int n = delegate().write(part);
                source.position(source.position() + n);
                left -= n;
                return n;
            }
            int n = delegate().write(source);
            if (left > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void commit() throws IOException {
            enter("commit", path);
            delegate().commit();
        }
    }
}
