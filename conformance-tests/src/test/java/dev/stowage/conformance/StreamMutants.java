package dev.stowage.conformance;

import dev.stowage.conformance.Mutants.Broken;
import dev.stowage.conformance.Mutants.ForwardingWriter;
import dev.stowage.conformance.Mutants.Mutant;
import dev.stowage.driver.FileWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The broken drivers that only the stream cases catch (see {@link Mutants}). */
final class StreamMutants {

    private StreamMutants() {}

    static List<Mutant> all() {
        return List.of(
                writing("writer-ignores-array-offset", "write copies src.array() from src.position(), forgetting arrayOffset(), so a slice writes the bytes before it",
                        delegate -> new ForwardingWriter(delegate) {
                            @Override
                            public int write(ByteBuffer src) throws IOException {
                                if (!src.hasArray()) {
                                    return delegate.write(src);
                                }
                                int n = src.remaining();
                                delegate.write(ByteBuffer.wrap(src.array(), src.position(), n));
                                src.position(src.limit());
                                return n;
                            }
                        }),
                writing("writer-needs-array", "write reads src.array(), so direct and read-only buffers fail",
                        delegate -> new ForwardingWriter(delegate) {
                            @Override
                            public int write(ByteBuffer src) throws IOException {
                                int n = src.remaining();
                                delegate.write(ByteBuffer.wrap(src.array(), src.arrayOffset() + src.position(), n));
                                src.position(src.limit());
                                return n;
                            }
                        }),
                writing("writer-empty-write-ends", "an empty write is taken for the end of the data and closes the writer",
                        delegate -> new ForwardingWriter(delegate) {
                            @Override
                            public int write(ByteBuffer src) throws IOException {
                                if (!src.hasRemaining()) {
                                    delegate.close();
                                    return 0;
                                }
                                return delegate.write(src);
                            }
                        }),
                writing("writer-returns-total-size", "write returns the writer's size so far, not the bytes it took",
                        delegate -> new ForwardingWriter(delegate) {
                            @Override
                            public int write(ByteBuffer src) throws IOException {
                                delegate.write(src);
                                return (int) delegate.size();
                            }
                        }),
                writing("writer-keeps-position", "write copies through src.duplicate() and never advances src's position",
                        delegate -> new ForwardingWriter(delegate) {
                            @Override
                            public int write(ByteBuffer src) throws IOException {
                                return delegate.write(src.duplicate());
                            }
                        }),
                reading("read-signed-byte", "read() returns the byte as signed, so 0xFF reads as -1 (the end)", (in, offset) -> new Positioned(in, offset) {
                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0];
                    }
                }),
                reading("bulk-read-ignores-off", "read(b, off, len) fills b from index 0", (in, offset) -> new Positioned(in, offset) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        byte[] part = new byte[len];
                        int n = super.read(part, 0, len);
                        if (n > 0) {
                            System.arraycopy(part, 0, b, 0, n);
                        }
                        return n;
                    }
                }),
                reading("skip-claims-all", "skip(n) returns n even when fewer bytes were left", (in, offset) -> new Positioned(in, offset) {
                    @Override
                    public long skip(long n) throws IOException {
                        super.skip(n);
                        return n;
                    }
                }),
                reading("available-whole-file", "available() returns the file's size, not what is left from the position",
                        (in, offset) -> new Positioned(in, offset) {
                            private final long fileSize = offset + remainingAtStart();

                            @Override
                            public int available() {
                                return (int) Math.min(Integer.MAX_VALUE, fileSize);
                            }
                        }),
                reading("channel-read-ignores-buffer-position", "the stream is also a channel whose read(ByteBuffer) fills a heap buffer from its index 0, not from its position",
                        (in, offset) -> new ReferenceDriver.ChannelStream(in) {
                            @Override
                            public int read(ByteBuffer dst) throws IOException {
                                if (!dst.hasArray()) {
                                    return super.read(dst);
                                }
                                int n = in.read(dst.array(), 0, dst.remaining());
                                if (n > 0) {
                                    dst.position(dst.position() + n);
                                }
                                return n;
                            }
                        }),
                reading("transfer-drops-untaken-bytes", "transferTo reads a chunk, then writes it; when the target fails, the bytes of the chunk it never took are gone from the stream",
                        (in, offset) -> new ReferenceDriver.ChannelStream(in) {
                            @Override
                            public long transferTo(long count, WritableByteChannel target) throws IOException {
                                byte[] chunk = new byte[TRANSFER_CHUNK];
                                long sent = 0;
                                int n;
                                while (sent < count && (n = in.read(chunk, 0, (int) Math.min(chunk.length, count - sent))) >= 0) {
                                    ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, n);
                                    while (bytes.hasRemaining()) {
                                        target.write(bytes);
                                    }
                                    sent += n;
                                }
                                return sent;
                            }
                        }),
                reading("transfer-ignores-short-writes", "transferTo writes each 1 MiB chunk once and counts it whole, though the target (like a socket) may take less",
                        (in, offset) -> new ReferenceDriver.ChannelStream(in) {
                            @Override
                            public long transferTo(long count, WritableByteChannel target) throws IOException {
                                byte[] chunk = new byte[1 << 20];
                                long sent = 0;
                                int n;
                                while (sent < count && (n = in.read(chunk, 0, (int) Math.min(chunk.length, count - sent))) >= 0) {
                                    target.write(ByteBuffer.wrap(chunk, 0, n));
                                    sent += n;
                                }
                                return sent;
                            }
                        }),
                reading("drops-byte-at-64KiB-block", "a stream refilled in 64 KiB blocks skips the first byte of each block after the first",
                        (in, offset) -> new Positioned(in, offset) {
                            @Override
                            public int read(byte[] b, int off, int len) throws IOException {
                                if (position > 0 && position % (64 << 10) == 0) {
                                    super.skip(1);
                                }
                                long toBoundary = (64 << 10) - position % (64 << 10);
                                return super.read(b, off, (int) Math.min(len, toBoundary));
                            }

                            @Override
                            public int read() throws IOException {
                                byte[] one = new byte[1];
                                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                            }
                        }),
                reading("repeats-byte-at-1MiB-block", "a stream that reads in 1 MiB ranges starts each range after the first one byte early",
                        (in, offset) -> new Positioned(in, offset) {
                            private boolean repeated;

                            @Override
                            public int read(byte[] b, int off, int len) throws IOException {
                                if (position > 0 && position % (1 << 20) == 0 && !repeated && len > 0) {
                                    repeated = true;
                                    b[off] = last;
                                    return 1;
                                }
                                long toBoundary = (1 << 20) - position % (1 << 20);
                                int n = super.read(b, off, (int) Math.min(len, toBoundary));
                                if (n > 0) {
                                    repeated = false;
                                    last = b[off + n - 1];
                                }
                                return n;
                            }

                            @Override
                            public int read() throws IOException {
                                byte[] one = new byte[1];
                                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                            }
                        }),
                reading("second-close-throws", "close() of a closed stream throws", (in, offset) -> new Positioned(in, offset) {
                    private boolean closed;

                    @Override
                    public void close() throws IOException {
                        if (closed) {
                            throw new IOException("stream already closed");
                        }
                        closed = true;
                        super.close();
                    }
                }),
                new Mutant("getContent-first-4MiB", "getContent reads one 4 MiB buffer and returns it, truncating larger files", () -> new Broken() {
                    @Override
                    public byte[] getContent(String path) throws IOException {
                        byte[] all = super.getContent(path);
                        return all.length <= (4 << 20) ? all : Arrays.copyOf(all, 4 << 20);
                    }
                }));
    }

    /** A mutant whose writers are wrapped by {@code broken}. */
    private static Mutant writing(String name, String bug, Function<FileWriter, FileWriter> broken) {
        return new Mutant(name, bug, () -> new Broken() {
            @Override
            public FileWriter writer(String path, boolean append) throws IOException {
                return broken.apply(super.writer(path, append));
            }
        });
    }

    /** A mutant whose reader streams are wrapped by {@code broken}. */
    private static Mutant reading(String name, String bug, BiFunction<InputStream, Long, InputStream> broken) {
        return new Mutant(name, bug, () -> new Broken() {
            @Override
            public InputStream reader(String path, long offset) throws IOException {
                return broken.apply(super.reader(path, offset), offset);
            }
        });
    }

    /**
     * A stream that forwards every call and keeps its position in the file (the reader's offset
     * plus the bytes consumed), so that a mutant can act at block boundaries of the file.
     */
    static class Positioned extends FilterInputStream {
        long position;
        byte last;

        Positioned(InputStream in, long offset) {
            super(in);
            this.position = offset;
        }

        int remainingAtStart() {
            try {
                return in.available();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            position += skipped;
            return skipped;
        }
    }
}
