package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatingStorageDriverTest {

    private final MapDriver inner = new MapDriver() {
        @Override
        public FileWriter writer(String path, boolean append) {
            return new CountingWriter(path);
        }
    };
    private final StorageDriver driver = StorageDrivers.validating(inner);

    interface Call {
        void run(StorageDriver d, String path) throws IOException;
    }

    private static final List<Call> EVERY_METHOD = List.of(
            StorageDriver::getContent,
            (d, p) -> d.putContent(p, new byte[1]),
            (d, p) -> d.reader(p, 0),
            (d, p) -> d.writer(p, false),
            StorageDriver::stat,
            StorageDriver::list,
            (d, p) -> d.move(p, "/ok"),
            (d, p) -> d.move("/ok", p),
            StorageDriver::delete,
            (d, p) -> d.redirectUrl(p, RedirectRequest.get(Duration.ofMinutes(1))),
            (d, p) -> d.walk(p, e -> WalkAction.CONTINUE));

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "/a//b", "/a/", "/a b", "/a/../b", "/ü"})
    void invalidPathOnEveryMethodNeverReachesTheDriver(String path) {
        for (Call call : EVERY_METHOD) {
            assertThatThrownBy(() -> call.run(driver, path))
                    .isInstanceOf(InvalidPathException.class)
                    .satisfies(e -> assertThat(((StorageDriverException) e).path()).isEqualTo(path));
        }
        assertThat(inner.calls).isEmpty();
    }

    @Test
    void rootIsAcceptedByListAndWalkOnly() throws IOException {
        assertThat(driver.list("/")).isEmpty();
        driver.walk("/", e -> WalkAction.CONTINUE);
        int index = 0;
        for (Call call : EVERY_METHOD) {
            if (index != 5 && index != 10) {
                assertThatThrownBy(() -> call.run(driver, "/")).as("call %d", index).isInstanceOf(InvalidPathException.class);
            }
            index++;
        }
    }

    @Test
    void negativeOffsetIsRefusedBeforeTheDriver() {
        assertThatThrownBy(() -> driver.reader("/a", -1))
                .isInstanceOf(InvalidOffsetException.class)
                .hasMessage("map: invalid offset -1: /a")
                .satisfies(e -> assertThat(((InvalidOffsetException) e).offset()).isEqualTo(-1));
        assertThat(inner.calls("reader")).isZero();
    }

    @Test
    void exceptionsLeaveStampedWithTheDriverName() {
        assertThatThrownBy(() -> driver.getContent("/missing"))
                .isInstanceOf(PathNotFoundException.class)
                .hasMessage("map: path not found: /missing")
                .satisfies(e -> assertThat(((StorageDriverException) e).driverName()).isEqualTo("map"));
    }

    @Test
    void foreignExceptionsAreWrappedWithTheirCause() {
        IllegalStateException boom = new IllegalStateException("backend exploded");
        inner.failNext = boom;
        assertThatThrownBy(() -> driver.stat("/a"))
                .isExactlyInstanceOf(StorageDriverException.class)
                .hasCause(boom)
                .hasMessageContaining("map: ")
                .hasMessageContaining("backend exploded")
                .hasMessageEndingWith(": /a");
    }

    @Test
    void aVisitorsOwnExceptionPassesUnchanged() throws IOException {
        driver.putContent("/d/f", new byte[1]);
        IOException mine = new IOException("visitor says no");
        assertThatThrownBy(() -> driver.walk("/", e -> {
            throw mine;
        })).isSameAs(mine);
    }

    @Test
    void writerRefusesEveryCallAfterItEndsWithTheDriverNameStamped() throws IOException {
        FileWriter committed = driver.writer("/w", false);
        committed.write(ByteBuffer.wrap(new byte[3]));
        committed.commit();
        assertThatThrownBy(() -> committed.write(ByteBuffer.wrap(new byte[1])))
                .isInstanceOf(StorageDriverException.class)
                .hasMessage("map: write on a writer that was already committed: /w");
        assertThatThrownBy(committed::commit).hasMessageContaining("already committed");
        committed.close(); // no-op

        FileWriter cancelled = driver.writer("/w", false);
        cancelled.cancel();
        assertThatThrownBy(() -> cancelled.write(ByteBuffer.wrap(new byte[1]))).hasMessageContaining("already cancelled");

        FileWriter closed = driver.writer("/w", false);
        closed.close();
        assertThat(closed.isOpen()).isFalse();
        assertThatThrownBy(() -> closed.write(ByteBuffer.wrap(new byte[1]))).hasMessageContaining("already closed");
        assertThatThrownBy(closed::commit).hasMessageContaining("already closed");
    }

    @Test
    void readerExceptionsAreStampedToo() throws IOException {
        StorageDriver failing = StorageDrivers.validating(new MapDriver() {
            @Override
            public synchronized InputStream reader(String path, long offset) {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        throw new IOException("connection reset");
                    }
                };
            }
        });
        InputStream in = failing.reader("/a", 0);
        assertThatThrownBy(in::read).isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("map: ").hasMessageContaining("connection reset").hasMessageEndingWith("/a");
    }

    @Test
    void aReaderThatIsAlsoAChannelStaysOneAndItsFailuresAreStamped() throws IOException {
        byte[] content = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        StorageDriver channels = StorageDrivers.validating(new MapDriver() {
            @Override
            public synchronized InputStream reader(String path, long offset) throws IOException {
                return new ChannelStream(super.reader(path, offset).readAllBytes());
            }
        });
        channels.putContent("/a", content);

        InputStream in = channels.reader("/a", 2);
        assertThat(in).isInstanceOf(ReadableByteChannel.class);
        ByteBuffer direct = ByteBuffer.allocateDirect(3);
        assertThat(((ReadableByteChannel) in).read(direct)).isEqualTo(3);
        assertThat(direct.flip()).isEqualTo(ByteBuffer.wrap(new byte[] {3, 4, 5}));
        assertThat(in.read()).as("the stream goes on where the channel stopped").isEqualTo(6);
        in.close();
        assertThat(((ReadableByteChannel) in).isOpen()).isFalse();
        assertThatThrownBy(() -> ((ReadableByteChannel) in).read(ByteBuffer.allocate(1)))
                .isInstanceOf(StorageDriverException.class).hasMessageEndingWith("/a");
        driver.putContent("/a", content);
        assertThat(driver.reader("/a", 0)).as("a plain stream is not made a channel").isNotInstanceOf(ReadableByteChannel.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aReaderThatTransfersStaysOneChannelOrNotAndOnlyTheDriversFailuresAreStamped(boolean alsoAChannel) throws IOException {
        byte[] content = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        StorageDriver transferring = StorageDrivers.validating(new MapDriver() {
            @Override
            public synchronized InputStream reader(String path, long offset) throws IOException {
                byte[] bytes = super.reader(path, offset).readAllBytes();
                return alsoAChannel ? new ChannelStream(bytes) : new TransferStream(bytes);
            }
        });
        transferring.putContent("/a", content);

        InputStream in = transferring.reader("/a", 2);
        assertThat(in).isInstanceOf(TransferableStream.class);
        assertThat(in instanceof ReadableByteChannel).isEqualTo(alsoAChannel);
        TransferableStream stream = (TransferableStream) in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(stream.transferTo(3, Channels.newChannel(out))).isEqualTo(3);
        assertThat(out.toByteArray()).containsExactly(3, 4, 5);
        assertThat(in.read()).as("the stream goes on where the transfer stopped").isEqualTo(6);
        IOException gone = new IOException("the client went away");
        WritableByteChannel failing = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                throw gone;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
        assertThatThrownBy(() -> stream.transferTo(2, failing)).as("the target's failure is not the driver's").isSameAs(gone);
        assertThatThrownBy(() -> stream.transferTo(-1, Channels.newChannel(out)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1").hasMessageEndingWith("/a");
        in.close();
        assertThatThrownBy(() -> stream.transferTo(1, Channels.newChannel(out)))
                .isInstanceOf(StorageDriverException.class).hasMessageContaining("stream closed").hasMessageEndingWith("/a");
        driver.putContent("/a", content);
        assertThat(driver.reader("/a", 0)).as("a plain stream is not made transferable").isNotInstanceOf(TransferableStream.class);
    }

    /** Bytes as a stream that sends them to a channel itself. */
    private static class TransferStream extends java.io.ByteArrayInputStream implements TransferableStream {
        boolean open = true;

        TransferStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized long transferTo(long count, WritableByteChannel target) throws IOException {
            if (!open) {
                throw new IOException("stream closed");
            }
            int start = pos;
            ByteBuffer bytes = ByteBuffer.wrap(buf, pos, (int) Math.min(count, this.count - pos));
            try {
                while (bytes.hasRemaining()) {
                    target.write(bytes);
                }
            } finally {
                pos = bytes.position();
            }
            return pos - start;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /** Bytes as a stream that is also a channel over the same position (and transfers). */
    private static final class ChannelStream extends TransferStream implements ReadableByteChannel {
        ChannelStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(ByteBuffer dst) throws IOException {
            if (!open) {
                throw new java.nio.channels.ClosedChannelException();
            }
            if (pos == count) {
                return -1;
            }
            int n = Math.min(dst.remaining(), count - pos);
            dst.put(buf, pos, n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }

    @Test
    void wrappingIsIdempotent() {
        assertThat(StorageDrivers.validating(driver)).isSameAs(driver);
    }

    /** A writer whose backend keeps nothing; its state rules are the base's. */
    private static final class CountingWriter extends AbstractFileWriter {
        CountingWriter(String path) {
            super(path, 0);
        }

        @Override
        protected void implWrite(ByteBuffer src) {
            src.position(src.limit());
        }

        @Override
        protected void implClose() {}

        @Override
        protected void implCommit() {}

        @Override
        protected void implCancel() {}
    }

    @Test
    void closeTwiceClosesTheDriverOnceAndEveryCallAfterItSaysTheDriverIsClosed() throws IOException {
        driver.close();
        driver.close();
        assertThat(inner.calls("close")).isLessThanOrEqualTo(1);
        assertThat(inner.closed).isTrue();
        inner.calls.clear();
        for (Call call : EVERY_METHOD) {
            assertThatThrownBy(() -> call.run(driver, "/a"))
                    .isExactlyInstanceOf(StorageDriverException.class)
                    .hasMessageContaining("closed");
        }
        assertThat(inner.calls).isEmpty();
    }

    @Test
    void putContentPastMaxFileSizeIsRefusedNamingTheLimitBeforeTheDriver() {
        MapDriver limited = new MapDriver() {
            @Override
            public Capabilities capabilities() {
                return Capabilities.basic().withMaxFileSize(4);
            }
        };
        StorageDriver d = StorageDrivers.validating(limited);
        assertThatThrownBy(() -> d.putContent("/a", new byte[5]))
                .isExactlyInstanceOf(StorageDriverException.class)
                .hasMessageContaining("maxFileSize 4");
        assertThat(limited.calls("putContent")).isZero();
    }
}
