package dev.stowage.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its answer, as the resource handlers see them: headers and query parameters
 * in, a status, headers and a body out. Each handler ends an exchange with exactly one
 * {@code send…} call; the body is read at most once. Blocking: a handler runs on a thread of the
 * server's pool.
 */
final class Exchange {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Urls urls;
    private final Runnable decorate;
    private final long minDataRate;
    private Fields query;
    private boolean sent;

    /**
     * @param decorate sets the headers every answer carries; run again when an answer is reset
     */
    /**
     * @param decorate sets the headers every answer carries; run again when an answer is reset
     * @param minDataRate the slowest a body may be sent or read, in bytes per second averaged
     *     from the request's start (after a second's grace); 0 for no limit
     */
    Exchange(Request request, Response response, Callback callback, Urls urls, Runnable decorate, long minDataRate) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.urls = urls;
        this.decorate = decorate;
        this.minDataRate = minDataRate;
        decorate.run();
    }

    /**
     * Fails when fewer than {@code minDataRate} bytes a second have moved since {@code start}
     * (when this side began to move them: time the registry itself spent before is not the client's).
     */
    private void checkRate(long bytes, long start, String what) throws ApiException {
        if (minDataRate <= 0) {
            return;
        }
        long millis = org.eclipse.jetty.util.NanoTime.millisSince(start);
        if (millis > 1000 && bytes * 1000 < minDataRate * millis) {
            throw new ApiException(ApiErrorCode.REQUEST_TIMEOUT, what + " at " + (bytes * 1000 / millis)
                    + " bytes a second, below the " + minDataRate + " this registry waits for");
        }
    }

    String method() {
        return request.getMethod();
    }

    /** The request's path as sent (not decoded), without the query. */
    String path() {
        return request.getHttpURI().getPath();
    }

    boolean isHead() {
        return "HEAD".equals(request.getMethod());
    }

    /** The value of a request header, if sent. */
    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** Every value of a request header, comma lists split. */
    java.util.List<String> headerValues(String name) {
        return request.getHeaders().getCSV(name, false);
    }

    /** The request's declared body length, or -1 when not declared. */
    long contentLength() {
        return request.getLength();
    }

    /** The first value of a query parameter, if present (possibly empty). */
    Optional<String> query(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        Fields.Field field = query.get(name);
        return field == null ? Optional.empty() : Optional.ofNullable(field.getValue());
    }

    /** Builds the URLs of this registry as this request reaches it. */
    Urls urls() {
        return urls;
    }

    /** Sets a response header. */
    Exchange header(String name, String value) {
        response.getHeaders().put(name, value);
        return this;
    }

    /** Adds a response header value, keeping earlier values of the same header. */
    Exchange addHeader(String name, String value) {
        response.getHeaders().add(name, value);
        return this;
    }

    Exchange headers(Map<String, String> values) {
        values.forEach(this::header);
        return this;
    }

    /**
     * Copies the whole request body to {@code target} as it arrives, without buffering it.
     *
     * @return the number of bytes copied
     * @throws IOException if the client's body fails (a dropped connection) or the target does;
     *     what was copied before stays copied
     */
    long copyBodyTo(WritableByteChannel target) throws IOException, ApiException {
        long copied = 0;
        long start = System.nanoTime();
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                try (Blocker.Runnable demand = Blocker.runnable()) {
                    request.demand(demand);
                    demand.block();
                }
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                throw failure instanceof IOException io ? io : new IOException("request body failed", failure);
            }
            checkRate(copied, start, "the request body came");
            try {
                ByteBuffer buffer = chunk.getByteBuffer();
                copied += buffer.remaining();
                while (buffer.hasRemaining()) {
                    target.write(buffer);
                }
            } finally {
                chunk.release();
            }
            if (chunk.isLast()) {
                return copied;
            }
        }
    }

    /**
     * The whole request body, which must be at most {@code limit} bytes.
     *
     * <p>A longer body is read on and thrown away up to {@link #DRAIN} more bytes, so that a
     * client still sending it can read the refusal; past that the connection is closed after
     * the answer.
     *
     * @return the body, or null when it is longer than {@code limit}
     */
    byte[] readBody(long limit) throws IOException, ApiException {
        long declared = request.getLength();
        if (declared > limit) {
            drain();
            return null;
        }
        BoundedSink sink = new BoundedSink(limit);
        try {
            copyBodyTo(sink);
        } catch (BodyTooLargeException e) {
            drain();
            return null;
        }
        return sink.bytes();
    }

    /** How much of a refused body is read and thrown away before the answer. */
    static final long DRAIN = 16L << 20;

    private void drain() {
        try {
            copyBodyTo(new Discard());
        } catch (IOException | ApiException e) {
            // more than DRAIN, or the client went away: the connection closes after the answer
        }
    }

    /**
     * Reads and throws away what has arrived of the request body, without waiting for more (up to
     * {@link #DRAIN} bytes).
     *
     * @return whether the body has ended: if not, the connection cannot serve another request
     */
    boolean discardArrivedBody() {
        long seen = 0;
        while (seen <= DRAIN) {
            Content.Chunk chunk = request.read();
            if (chunk == null || Content.Chunk.isFailure(chunk)) {
                return false;
            }
            seen += chunk.remaining();
            chunk.release();
            if (chunk.isLast()) {
                return true;
            }
        }
        return false;
    }

    /** Throws bytes away, up to {@link #DRAIN}. */
    private static final class Discard implements WritableByteChannel {
        private long seen;

        @Override
        public int write(ByteBuffer source) throws BodyTooLargeException {
            int n = source.remaining();
            seen += n;
            if (seen > DRAIN) {
                throw new BodyTooLargeException();
            }
            source.position(source.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    /** Ends the exchange with a status and no body. */
    void send(int status) {
        finish(status, null, null);
    }

    /** Ends the exchange with a status and the headers set so far, which describe a body not sent ({@code HEAD}). */
    void sendHeadersOnly(int status) {
        sent = true;
        response.setStatus(status);
        callback.succeeded();
    }

    /** Ends the exchange with a status and a body of the given media type ({@code HEAD}: headers only). */
    void send(int status, String contentType, byte[] body) {
        finish(status, contentType, body);
    }

    /**
     * Ends the exchange with a body streamed by {@code writer}; the status and the
     * {@code Content-Length} are set by the caller.
     *
     * @throws IOException if the body fails before any of it was sent: the answer is reset, for
     *     an error to be sent in its place; a failure after that aborts the answer instead
     */
    void stream(int status, BodyWriter writer) throws IOException {
        response.setStatus(status);
        OutputStream out = new AnswerBody();
        try {
            writer.writeTo(out);
            out.close();
        } catch (IOException | RuntimeException e) {
            if (!response.isCommitted()) {
                response.reset();
                decorate.run();
                throw e;
            }
            sent = true;
            callback.failed(e);
            return;
        }
        sent = true;
        callback.succeeded();
    }

    /** Whether the answer was begun, so that an error can no longer be sent in its place. */
    boolean committed() {
        return sent || response.isCommitted();
    }

    /** Fails the exchange without an answer (the connection is closed). */
    void abort(Throwable failure) {
        sent = true;
        callback.failed(failure);
    }

    private void finish(int status, String contentType, byte[] body) {
        sent = true;
        response.setStatus(status);
        if (body == null) {
            if (status != 204 && status != 304) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            }
            callback.succeeded();
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (isHead()) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    /**
     * The most bytes of a heap buffer one write to the connection carries: 32 KiB, as the Go
     * registry's copy loop writes. The JDK sends a heap buffer through a temporary direct buffer
     * of the write's size that it keeps for the thread, so this also bounds what each server
     * thread holds that way.
     */
    static final int HEAP_WRITE_PIECE = 32 << 10;

    /**
     * The most bytes of a direct buffer (a blob's file mapped into memory, say) one write to the
     * connection carries: 1 MiB. Measured on a 128 MiB blob sent to curl over loopback from the
     * mapped file (docs/benchmarks.md; mappings left to the collector, so only the write size
     * differed): 46–58 ms in 1 MiB writes, 70 ms in 32 KiB ones, 63–76 ms in 4 and 8 MiB ones.
     */
    static final int DIRECT_WRITE_PIECE = 1 << 20;

    /**
     * An answer's body, written to the connection as it comes, in pieces of at most
     * {@link #HEAP_WRITE_PIECE} or {@link #DIRECT_WRITE_PIECE} bytes: each write blocks until the
     * connection took it. Also a {@link WritableByteChannel}, so that a body read into direct
     * buffers, or mapped, goes to the socket without a copy onto the heap. Fails once the client
     * has read it slower than the minimum data rate, checked before each piece.
     */
    private final class AnswerBody extends OutputStream implements WritableByteChannel {
        private final Blocker.Shared blocking = new Blocker.Shared();
        private final long start = System.nanoTime();
        private long written;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            write(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            if (closed) {
                throw new java.nio.channels.ClosedChannelException();
            }
            int n = source.remaining();
            int end = source.limit();
            int piece = source.isDirect() ? DIRECT_WRITE_PIECE : HEAP_WRITE_PIECE;
            while (source.position() < end) {
                try {
                    checkRate(written, start, "the answer was read");
                } catch (ApiException e) {
                    throw new IOException(e.getMessage(), e);
                }
                int pieceEnd = (int) Math.min(end, (long) source.position() + piece);
                int before = source.position();
                send(false, source.limit(pieceEnd));
                source.limit(end).position(pieceEnd); // the connection took the piece
                written += pieceEnd - before;
            }
            return n;
        }

        @Override
        public void flush() throws IOException {
            if (!closed) {
                send(false, ByteBuffer.allocate(0));
            }
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                send(true, ByteBuffer.allocate(0));
            }
        }

        private void send(boolean last, ByteBuffer buffer) throws IOException {
            try (Blocker.Callback done = blocking.callback()) {
                response.write(last, buffer, done);
                done.block();
            }
        }
    }

    /** Writes a streamed body. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The body is longer than the reader's limit; reading stops there. */
    private static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Collects at most {@code limit} bytes and notes when more came. The bytes go into blocks of
     * {@link #BLOCK} bytes, joined once at the end: a body refused at the limit never needed more
     * than the limit, nor one large array (growing one by doubling held 1.5 times the limit at
     * once, in arrays the collector must place whole).
     */
    private static final class BoundedSink implements WritableByteChannel {
        private static final int BLOCK = 64 << 10;
        private final long limit;
        private final java.util.List<byte[]> blocks = new java.util.ArrayList<>();
        private int size;

        BoundedSink(long limit) {
            this.limit = limit;
        }

        @Override
        public int write(ByteBuffer source) throws BodyTooLargeException {
            int n = source.remaining();
            if (size + (long) n > limit) {
                throw new BodyTooLargeException();
            }
            while (source.hasRemaining()) {
                int used = size % BLOCK;
                if (used == 0) {
                    blocks.add(new byte[BLOCK]);
                }
                int k = Math.min(source.remaining(), BLOCK - used);
                source.get(blocks.get(blocks.size() - 1), used, k);
                size += k;
            }
            return n;
        }

        byte[] bytes() {
            byte[] all = new byte[size];
            for (int i = 0, at = 0; at < size; i++, at += BLOCK) {
                System.arraycopy(blocks.get(i), 0, all, at, Math.min(BLOCK, size - at));
            }
            return all;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
