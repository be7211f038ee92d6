package dev.stowage.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.TransferableStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Java I/O contract: writers take any {@code ByteBuffer}, {@code reader} streams keep the {@code InputStream} contract across block boundaries, files past 4 GiB. */
abstract class StreamCases extends SemanticsCases {

    /** The block sizes Java storage code commonly reads, buffers and uploads in. */
    static final int[] BLOCKS = {4 << 10, 64 << 10, 1 << 20, 5 << 20, 8 << 20};

    /** One kind of {@code ByteBuffer} a caller may hand a writer, made around the bytes to write. */
    private record BufferKind(String name, Function<byte[], ByteBuffer> make) {}

    private static final List<BufferKind> BUFFER_KINDS = List.of(
            new BufferKind("heap buffer (wrap)", ByteBuffer::wrap),
            new BufferKind("heap buffer with position 17 and a limit before the array's end",
                    bytes -> ByteBuffer.wrap(padded(bytes, 17, 9), 17, bytes.length)),
            new BufferKind("slice with arrayOffset 23 and position 5",
                    bytes -> ByteBuffer.wrap(padded(bytes, 28, 7)).position(23).slice().position(5).limit(5 + bytes.length)),
            new BufferKind("direct buffer with position 3", bytes -> {
                ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 11);
                direct.put(padded(bytes, 3, 8)).flip();
                return direct.position(3).limit(3 + bytes.length);
            }),
            new BufferKind("read-only heap buffer with position 4",
                    bytes -> ByteBuffer.wrap(padded(bytes, 4, 4), 4, bytes.length).asReadOnlyBuffer()),
            new BufferKind("read-only direct buffer", bytes -> {
                ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
                direct.put(bytes).flip();
                return direct.asReadOnlyBuffer();
            }),
            new BufferKind("single byte", ByteBuffer::wrap));

    /** {@code bytes} with {@code before} and {@code after} bytes of 0x5A around them, which must never be written. */
    private static byte[] padded(byte[] bytes, int before, int after) {
        byte[] all = new byte[before + bytes.length + after];
        Arrays.fill(all, (byte) 0x5A);
        System.arraycopy(bytes, 0, all, before, bytes.length);
        return all;
    }

    @Test
    @DisplayName("FileWriter.write takes any ByteBuffer (heap, direct, read-only, sliced, with a position or array offset); it returns what it took and advances the position by as much; an empty buffer is a no-op, not an end")
    void writerTakesAnyByteBuffer() throws Exception {
        String path = "/" + segment() + "/" + segment();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<ByteBuffer> empties = List.of(ByteBuffer.allocate(0), ByteBuffer.allocateDirect(0),
                ByteBuffer.wrap(new byte[] {1, 2, 3}, 2, 0), ByteBuffer.allocate(8).asReadOnlyBuffer().position(8));
        try (FileWriter writer = driver.writer(path, false)) {
            for (int i = 0; i < BUFFER_KINDS.size(); i++) {
                BufferKind kind = BUFFER_KINDS.get(i);
                byte[] piece = Data.random(random, kind.name().equals("single byte") ? 1 : 200 + random.nextInt(2000));
                ByteBuffer buffer = kind.make().apply(piece);
                int limit = buffer.limit();
                Data.writeWhole(writer, buffer);
                assertEquals(limit, buffer.limit(), "FileWriter.write(" + kind.name() + ") changed the buffer's limit");
                expected.writeBytes(piece);
                assertEquals(expected.size(), writer.size(), "size() after writing a " + kind.name() + " to " + path);

                ByteBuffer empty = empties.get(i % empties.size());
                int position = empty.position();
                int taken = writer.write(empty);
                assertEquals(0, taken, "FileWriter.write(empty buffer) to " + path + " returned");
                assertEquals(position, empty.position(), "position of an empty buffer after FileWriter.write");
                assertTrue(writer.isOpen(), "FileWriter.write(empty buffer) to " + path + " ended the writer: isOpen() is false");
                assertEquals(expected.size(), writer.size(), "size() after an empty write to " + path);
            }
            writer.commit();
        }
        assertContent(driver, path, expected.toByteArray());
    }

    @Test
    @DisplayName("reader streams keep the InputStream contract: read() gives 0-255 and -1 at the end, bulk read honours its offset, readNBytes, skip returns what it skipped, available never promises more than is left, transferTo, close twice")
    void readerKeepsTheInputStreamContract() throws Exception {
        String path = "/" + segment() + "/" + segment();
        byte[] content = Data.random(random, 20_000);
        content[0] = (byte) 0xFF;
        content[1] = (byte) 0x80;
        content[2] = 0;
        content[3] = 0x7F;
        driver.putContent(path, content);
        Cursor c = new Cursor(path, 0, content);
        InputStream in = driver.reader(path, 0);
        try {
            for (int i = 0; i < 4; i++) {
                c.readOne(in);
            }
            c.checkAvailable(in);
            byte[] target = new byte[100];
            Arrays.fill(target, (byte) 0x5A);
            int n = in.read(target, 10, 50);
            if (n < 1 || n > 50) {
                fail(c.call("read(b, 10, 50)") + " returned " + n + ", expected 1 to 50 bytes");
            }
            c.expect("read(b, 10, 50)", Arrays.copyOfRange(target, 10, 10 + n), n);
            for (int i = 0; i < target.length; i++) {
                if ((i < 10 || i >= 10 + n) && target[i] != 0x5A) {
                    fail(c.call("read(b, 10, 50)") + " returned " + n + " but changed b[" + i + "], outside b[10.." + (10 + n) + ")");
                }
            }
            assertEquals(0, in.read(target, 5, 0), c.call("read(b, 5, 0)") + " must read nothing");
            c.expect("readNBytes(3000)", in.readNBytes(3000), 3000);
            c.skip(in, 1000);
            c.readOne(in);
            in.skipNBytes(2500);
            c.at += 2500;
            c.readOne(in);
            c.checkAvailable(in);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            long transferred = in.transferTo(rest);
            c.expect("transferTo", rest.toByteArray(), content.length - c.at);
            assertEquals(rest.size(), transferred, c.call("transferTo") + " returned");
            assertEquals(-1, in.read(), c.call("read()") + " at the end");
            assertEquals(-1, in.read(target, 0, 10), c.call("read(b, 0, 10)") + " at the end");
            c.checkAvailable(in);
            c.skip(in, 10);
        } finally {
            in.close();
        }
        in.close(); // a second close does nothing

        Cursor nearEnd = new Cursor(path, content.length - 10, content);
        try (InputStream tail = driver.reader(path, nearEnd.at)) {
            nearEnd.checkAvailable(tail);
            nearEnd.skip(tail, 100);
            nearEnd.checkAvailable(tail);
            if (nearEnd.at < content.length) {
                nearEnd.readOne(tail);
            }
        }
    }

    @Test
    @DisplayName("a reader stream that is also a ReadableByteChannel reads the same bytes through it, into direct and heap buffers, mixed with stream reads, and gives -1 at the end (skipped for drivers whose streams are not channels)")
    void aReaderThatIsAChannelReadsTheSameBytesBothWays() throws Exception {
        String path = "/" + segment() + "/" + segment();
        byte[] content = Data.random(random, 300_000);
        driver.putContent(path, content);
        Cursor c = new Cursor(path, 7, content);
        try (InputStream in = driver.reader(path, c.at)) {
            assumeTrue(in instanceof ReadableByteChannel, "the driver's reader streams are not channels");
            ReadableByteChannel channel = (ReadableByteChannel) in;
            assertTrue(channel.isOpen(), c.call("isOpen()") + " before close");
            c.expect("read(direct buffer)", readFully(channel, ByteBuffer.allocateDirect(100_000)), 100_000);
            c.readOne(in);
            c.expect("readNBytes(5)", in.readNBytes(5), 5);
            ByteBuffer heap = ByteBuffer.allocate(50_000).position(1_000); // a buffer with a position
            c.expect("read(heap buffer at position 1000)", readFully(channel, heap), 49_000);
            c.expect("read(direct buffer) to the end", readFully(channel, ByteBuffer.allocateDirect(content.length)),
                    content.length - c.at);
            assertEquals(-1, channel.read(ByteBuffer.allocateDirect(10)), c.call("read(ByteBuffer)") + " at the end");
        }
    }

    @Test
    @DisplayName("a reader stream that is a TransferableStream sends a target the bytes a read would give, across the 8 MiB mark, mixed with reads and skips, stops at the end, and when the target fails part way throws the target's failure and counts what the target took as read (skipped for drivers whose streams do not transfer)")
    void aTransferableReaderSendsTheBytesAReadWould() throws Exception {
        String path = "/" + segment() + "/" + segment();
        byte[] content = Data.random(random, (int) Math.min((8 << 20) + 300_007, driver.capabilities().maxFileSize()));
        driver.putContent(path, content);
        Cursor c = new Cursor(path, 5, content);
        try (InputStream in = driver.reader(path, c.at)) {
            assumeTrue(in instanceof TransferableStream, "the driver's reader streams do not transfer");
            TransferableStream stream = (TransferableStream) in;
            assertThrows(IllegalArgumentException.class, () -> stream.transferTo(-1, new Target(Long.MAX_VALUE)),
                    c.call("transferTo(-1)"));
            c.expect("transferTo(0)", transfer(stream, 0, c), 0);
            c.expect("transferTo(100000)", transfer(stream, 100_000, c), 100_000);
            c.readOne(in);
            c.skip(in, 1_000);
            int far = Math.max(0, Math.min(8 << 20, content.length - c.at - 100_000));
            c.expect("transferTo(" + far + ")", transfer(stream, far, c), far);
            Target failing = new Target(50_000);
            IOException thrown = assertThrows(IOException.class, () -> stream.transferTo(content.length, failing),
                    c.call("transferTo to a target that fails"));
            assertSame(failing.failure, thrown, c.call("transferTo") + " must throw what the failing target threw");
            c.expect("transferTo to a target that failed after taking " + failing.taken.size() + " bytes",
                    failing.taken.toByteArray(), failing.taken.size());
            c.expect("readNBytes(10) after the failed transfer", in.readNBytes(10), 10);
            c.expect("transferTo(Long.MAX_VALUE)", transfer(stream, Long.MAX_VALUE, c), content.length - c.at);
            assertEquals(0, stream.transferTo(10, new Target(Long.MAX_VALUE)), c.call("transferTo(10)") + " at the end");
            assertEquals(-1, in.read(), c.call("read()") + " after transferring to the end");
        }
    }

    /** Transfers {@code count} bytes into a fresh target; the transfer's result must be what the target took. */
    private static byte[] transfer(TransferableStream stream, long count, Cursor c) throws IOException {
        Target target = new Target(Long.MAX_VALUE);
        long sent = stream.transferTo(count, target);
        assertEquals(target.taken.size(), sent, c.call("transferTo(" + count + ")") + " returned a count other than what it wrote");
        return target.taken.toByteArray();
    }

    /**
     * A channel that, like a socket, takes at most 64 KiB per write, and throws once it has taken
     * {@code capacity} bytes.
     */
    private static final class Target implements WritableByteChannel {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        final long capacity;
        IOException failure;

        Target(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (taken.size() >= capacity) {
                failure = new IOException("the target is full after " + taken.size() + " bytes");
                throw failure;
            }
            int n = Math.min(src.remaining(), 64 << 10);
            byte[] bytes = new byte[n];
            src.get(bytes);
            taken.write(bytes, 0, n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    /** Reads until {@code buffer} is full or the channel ends; the bytes read, from the buffer's first position. */
    private static byte[] readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        int first = buffer.position();
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // a read may take less than the buffer holds
        }
        byte[] got = new byte[buffer.position() - first];
        buffer.flip().position(first);
        buffer.get(got);
        return got;
    }

    @Test
    @DisplayName("reader streams read right on and around the common block boundaries (4 KiB, 64 KiB, 1 MiB, 5 MiB, 8 MiB): readers at b-1, b and b+1, read(), bulk reads and skips across the next boundary")
    void readsOnAndAroundBlockBoundaries() throws Exception {
        String path = "/" + segment() + "/" + segment();
        // past the largest boundary, or as far as the driver's declared limit allows (then fewer boundaries)
        byte[] content = Data.random(random, (int) Math.min((8 << 20) + (4 << 10) + 7, driver.capabilities().maxFileSize()));
        int[] blocks = Arrays.stream(BLOCKS).filter(b -> b + (8 << 10) < content.length).toArray();
        for (int b : blocks) {
            content[b - 1] = (byte) 0x80;
            content[b] = (byte) 0xFF;
            content[b + 1] = 0;
        }
        driver.putContent(path, content);
        for (int i = 0; i < blocks.length; i++) {
            int b = blocks[i];
            int next = i + 1 < blocks.length ? blocks[i + 1] : content.length - 3;
            for (int start = b - 1; start <= b + 1; start++) {
                Cursor c = new Cursor(path, start, content);
                try (InputStream in = driver.reader(path, start)) {
                    c.readOne(in);
                    c.checkAvailable(in);
                    c.expect("readNBytes(4100)", in.readNBytes(4100), 4100);
                    // skip to just before the next boundary, then read across it
                    c.skip(in, next - 2 - c.at);
                    c.readOne(in);
                    c.expect("readNBytes(5)", in.readNBytes(5), Math.min(5, content.length - c.at));
                    if (start == b) {
                        c.expect("readAllBytes", in.readAllBytes(), content.length - c.at);
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("getContent returns the whole file at several MiB (past any internal read buffer), never a truncated array")
    void getContentReturnsAWholeFileOfSeveralMiB() throws Exception {
        String path = "/" + segment() + "/" + segment();
        byte[] content = Data.random(random, (5 << 20) + (1 << 19) + 3);
        driver.putContent(path, content);
        byte[] got = driver.getContent(path);
        if (!Arrays.equals(content, got)) {
            fail("getContent(" + path + ") of a file of " + content.length + " bytes gave " + Data.describe(got)
                    + ", expected " + Data.describe(content) + (got.length < content.length ? " (truncated)" : ""));
        }
    }

    /** Where a stream under test stands in a known content, to check each call against it. */
    private static final class Cursor {
        private final String path;
        private final long start;
        private final byte[] content;
        int at;

        Cursor(String path, int start, byte[] content) {
            this.path = path;
            this.start = start;
            this.content = content;
            this.at = start;
        }

        String call(String what) {
            return "reader(" + path + ", " + start + ")." + what + " at byte " + at + " of " + content.length;
        }

        /** One {@code read()}: the next byte as 0-255, or -1 at the end. */
        void readOne(InputStream in) throws IOException {
            int expected = at < content.length ? content[at] & 0xFF : -1;
            int got = in.read();
            assertEquals(expected, got, call("read()"));
            if (got >= 0) {
                at++;
            }
        }

        /** {@code got} must be the next {@code count} bytes of the content. */
        void expect(String what, byte[] got, int count) {
            byte[] expected = Arrays.copyOfRange(content, at, at + count);
            if (!Arrays.equals(expected, got)) {
                int mismatch = Arrays.mismatch(expected, got);
                fail(call(what) + " gave " + got.length + " bytes, expected " + count + "; first difference at byte "
                        + (at + mismatch) + " of the file");
            }
            at += count;
        }

        /**
         * Skips {@code n} bytes (fewer at the end) in as many calls as needed; each return must be
         * what was really skipped, and at the end a skip returns 0. The caller reads on to check
         * that the stream continues at the right byte.
         */
        void skip(InputStream in, long n) throws IOException {
            long left = n;
            int zeros = 0;
            while (left > 0 && at < content.length) {
                long skipped = in.skip(left);
                if (skipped < 0 || skipped > Math.min(left, content.length - at)) {
                    fail(call("skip(" + left + ")") + " returned " + skipped + " with " + (content.length - at)
                            + " bytes left: it must return the bytes it really skipped");
                }
                at += (int) skipped;
                left -= skipped;
                if (skipped == 0 && ++zeros > 3) {
                    // skip may skip nothing; read one byte instead, as InputStream.skipNBytes does
                    readOne(in);
                    left--;
                }
            }
            if (at == content.length) {
                long skipped = in.skip(Math.max(1, left));
                assertEquals(0L, skipped, call("skip(" + Math.max(1, left) + ")") + " at the end");
            }
        }

        /** {@code available()} is never negative and never more than what is left. */
        void checkAvailable(InputStream in) throws IOException {
            int available = in.available();
            if (available < 0 || available > content.length - at) {
                fail(call("available()") + " returned " + available + " with " + (content.length - at)
                        + " bytes left: it must never promise more than can be read");
            }
        }
    }
}
