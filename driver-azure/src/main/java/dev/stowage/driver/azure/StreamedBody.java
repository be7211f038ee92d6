package dev.stowage.driver.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * The body of one HTTP download as a blocking {@link InputStream}, pulled with back-pressure. At
 * most {@link #DEMAND} network buffers are requested ahead of what the reader consumed (1 MiB
 * with the default Netty client, whose buffers are 8 KiB), so a stream of any length costs a
 * bounded amount. One GET serves one version of the blob, so a concurrent replacement cannot mix
 * two contents into one read. {@link #close()} cancels the download.
 *
 * <p>The network buffers are handed over as they are, never copied: the SDK's HTTP clients give
 * each subscriber buffers of its own (azure-core-http-netty copies them out of Netty's pool unless
 * told not to, which the driver never does). To keep the two threads from waking each other for
 * every 8 KiB, a reader that ran dry sleeps until {@link #WAKE_BYTES} are queued, the requested
 * buffers have all arrived, or the body ended; and it gives demand back in steps of
 * {@link #CREDIT_STEP} buffers (all of it before it sleeps).
 *
 * <p>A body that ends before the length its response declared fails with an {@link IOException}
 * naming both lengths, never a short end of stream.
 */
final class StreamedBody extends InputStream {

    static final int DEMAND = 128;
    static final int CREDIT_STEP = DEMAND / 4;
    static final int WAKE_BYTES = 256 << 10;
    private static final Object END = new Object();

    private final String path;
    /** The length the response declared, or -1 when it declared none. */
    private final long declaredLength;
    /** Bytes that arrived, counted by the network thread. */
    private final AtomicLong received = new AtomicLong();
    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    /** Bytes in {@link #queue}. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Network buffers requested and not yet arrived. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Receiver receiver = new Receiver();
    /** {@link #END} or the failure, set once by the network thread after its last buffer. */
    private volatile Object terminal;
    /** The reader while it sleeps, for the network thread to wake. */
    private volatile Thread sleeper;
    private ByteBuffer current;
    /** Network buffers the reader finished and has not yet asked to replace. */
    private int consumed;
    private boolean ended;

    StreamedBody(String path, long declaredLength, Flux<ByteBuffer> body) {
        this.path = path;
        this.declaredLength = declaredLength;
        body.subscribe(receiver);
    }

    @Override
    public int read() throws IOException {
        ByteBuffer b = next(true);
        return b == null ? -1 : b.get() & 0xff;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, into.length);
        if (len == 0) {
            return 0;
        }
        ByteBuffer b = next(true);
        if (b == null) {
            return -1;
        }
        int done = 0;
        while (b != null) { // go on with what already arrived, never wait for more
            int n = Math.min(len - done, b.remaining());
            b.get(into, off + done, n);
            done += n;
            if (done == len) {
                break;
            }
            b = next(false);
        }
        return done;
    }

    @Override
    public int available() {
        long queued = ended ? 0 : queuedBytes.get();
        return (int) Math.min(Integer.MAX_VALUE, (current == null ? 0 : current.remaining()) + queued);
    }

    @Override
    public void close() {
        if (!ended) {
            ended = true;
            receiver.cancel();
            queue.clear();
        }
        current = null;
    }

    /** The bytes to read from, or null at the end of the body (or, if not {@code wait}, when none arrived yet). */
    private ByteBuffer next(boolean wait) throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (current != null) {
                current = null;
                if (++consumed >= CREDIT_STEP) {
                    credit();
                }
            }
            if (ended) {
                return null;
            }
            ByteBuffer b = queue.poll();
            if (b != null) {
                queuedBytes.addAndGet(-b.remaining());
                current = b;
                continue;
            }
            if (!wait) {
                return null; // the end or a failure is for the next read, not to lose bytes already copied
            }
            Object end = terminal;
            if (end != null) {
                if (!queue.isEmpty()) {
                    continue; // buffers queued before the end signal
                }
                return finish(end);
            }
            sleep();
        }
        return current;
    }

    /** Waits until the network thread has enough for the reader; gives back all demand first. */
    private void sleep() throws IOException {
        credit();
        sleeper = Thread.currentThread();
        try {
            while (!ready()) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new InterruptedIOException("interrupted while reading " + path);
                }
            }
        } finally {
            sleeper = null;
        }
    }

    /** Whether a sleeping reader should get up: checked by both threads. */
    private boolean ready() {
        return terminal != null || queuedBytes.get() >= WAKE_BYTES || (outstanding.get() == 0 && !queue.isEmpty());
    }

    private void credit() {
        if (consumed > 0) {
            int n = consumed;
            consumed = 0;
            outstanding.addAndGet(n); // before the request, so the network thread never sees it negative
            receiver.request(n);
        }
    }

    private ByteBuffer finish(Object end) throws IOException {
        ended = true;
        if (end == END) {
            long got = received.get();
            if (declaredLength >= 0 && got != declaredLength) {
                throw new IOException("the download of " + path + " ended after " + got + " of the " + declaredLength
                        + " bytes its response declared");
            }
            return null;
        }
        Throwable failure = (Throwable) end;
        receiver.cancel();
        if (failure instanceof RuntimeException e) {
            throw Failures.map(path, e);
        }
        throw failure instanceof IOException io ? io : new IOException("download of " + path + " failed", failure);
    }

    private void wake() {
        Thread t = sleeper;
        if (t != null && ready()) {
            LockSupport.unpark(t);
        }
    }

    /** Runs on the network thread; never blocks it. */
    private final class Receiver extends BaseSubscriber<ByteBuffer> {

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            outstanding.set(DEMAND);
            subscription.request(DEMAND);
        }

        @Override
        protected void hookOnNext(ByteBuffer value) {
            if (!value.hasRemaining()) {
                request(1); // nothing to hand over: the demand stays out
                return;
            }
            received.addAndGet(value.remaining());
            queuedBytes.addAndGet(value.remaining()); // before the buffer is visible, so the count never goes negative
            queue.add(value);
            outstanding.decrementAndGet();
            wake();
        }

        @Override
        protected void hookOnError(Throwable failure) {
            terminal = failure;
            wake();
        }

        @Override
        protected void hookOnComplete() {
            terminal = END;
            wake();
        }
    }
}
