package dev.stowage.driver.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * The body of one HTTP download as a blocking {@link InputStream}, pulled with back-pressure. The
 * network thread packs the small network buffers into batches of {@link #BATCH} bytes (one
 * hand-over per batch, not per 8 KiB buffer) and at most {@link #DEMAND} network buffers are
 * requested ahead of what the reader consumed (about 1 MiB with the default Netty client), so a
 * stream of any length costs a bounded amount. One GET serves one version of the blob, so a
 * concurrent replacement cannot mix two contents into one read. {@link #close()} cancels the
 * download.
 */
final class StreamedBody extends InputStream {

    static final int BATCH = 256 << 10;
    static final int DEMAND = 128;
    private static final Object END = new Object();

    /** Bytes packed on the network thread, with how many network buffers they came from. */
    private record Batch(ByteBuffer bytes, int buffers) {}

    private final String path;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Receiver receiver = new Receiver();
    private Batch current;
    private boolean ended;

    StreamedBody(String path, Flux<ByteBuffer> body) {
        this.path = path;
        body.subscribe(receiver);
    }

    @Override
    public int read() throws IOException {
        ByteBuffer b = next();
        return b == null ? -1 : b.get() & 0xff;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer b = next();
        if (b == null) {
            return -1;
        }
        int n = Math.min(len, b.remaining());
        b.get(into, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.bytes().remaining();
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

    /** The bytes to read from, or null at the end of the body. */
    private ByteBuffer next() throws IOException {
        while (current == null || !current.bytes().hasRemaining()) {
            if (current != null) {
                receiver.more(current.buffers()); // consumed: let as many network buffers come
                current = null;
            }
            if (ended) {
                return null;
            }
            Object signal;
            try {
                signal = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new InterruptedIOException("interrupted while reading " + path);
            }
            if (signal == END) {
                ended = true;
                return null;
            }
            if (signal instanceof Throwable failure) {
                ended = true;
                receiver.cancel();
                if (failure instanceof RuntimeException e) {
                    throw Failures.map(path, e);
                }
                throw failure instanceof IOException io ? io : new IOException("download of " + path + " failed", failure);
            }
            current = (Batch) signal;
        }
        return current.bytes();
    }

    /** Runs on the network thread; never blocks it. */
    private final class Receiver extends BaseSubscriber<ByteBuffer> {
        private ByteBuffer filling;
        private int fillingBuffers;

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(DEMAND);
        }

        @Override
        protected void hookOnNext(ByteBuffer value) {
            fillingBuffers++;
            while (value.hasRemaining()) {
                if (filling == null) {
                    filling = ByteBuffer.allocate(Math.max(BATCH, value.remaining()));
                }
                int n = Math.min(filling.remaining(), value.remaining());
                ByteBuffer slice = value.duplicate();
                slice.limit(slice.position() + n);
                filling.put(slice);
                value.position(value.position() + n);
                if (!filling.hasRemaining()) {
                    handOver();
                }
            }
        }

        @Override
        protected void hookOnError(Throwable failure) {
            handOver();
            queue.offer(failure);
        }

        @Override
        protected void hookOnComplete() {
            handOver();
            queue.offer(END);
        }

        private void handOver() {
            if (filling != null && filling.position() > 0) {
                filling.flip();
                // a network buffer split over two batches counts in the first only
                queue.offer(new Batch(filling, fillingBuffers));
                fillingBuffers = 0;
            } else if (fillingBuffers > 0) {
                request(fillingBuffers); // empty network buffers: nothing to hand over, demand back
                fillingBuffers = 0;
            }
            filling = null;
        }

        void more(int n) {
            if (n > 0) {
                request(n);
            }
        }
    }
}
