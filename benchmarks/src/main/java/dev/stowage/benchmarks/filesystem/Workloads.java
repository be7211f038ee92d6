package dev.stowage.benchmarks.filesystem;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The four measured operations on one directory, shared by the JMH benchmark and the interleaved
 * comparison: driver and plain {@link FileChannel} each write {@code bytes} bytes in heap chunks
 * into a fresh file and end with {@code force(true)} (the driver's commit), and each read the very
 * same file (written once through the driver) into a heap array of one chunk.
 */
final class Workloads implements AutoCloseable {

    static final String READ_PATH = "/read/blob";
    static final String WRITE_PATH = "/write/blob";

    final long bytes;
    final Path base;
    final Path plainFile;
    final Path readFile;
    final StorageDriver driver;
    private final ByteBuffer source;
    private final byte[] sink;

    Workloads(Path parent, long bytes, int chunk) throws IOException {
        this.bytes = bytes;
        this.base = Files.createTempDirectory(parent, "stowage-bench-");
        Path root = base.resolve("driver-root");
        this.driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
        this.plainFile = base.resolve("plain.bin");
        this.readFile = root.resolve(READ_PATH.substring(1));
        byte[] random = new byte[chunk];
        SplittableRandom prng = new SplittableRandom(42);
        for (int i = 0; i < random.length; i++) {
            random[i] = (byte) prng.nextInt(256);
        }
        this.source = ByteBuffer.wrap(random);
        this.sink = new byte[chunk];
        writeDriver(READ_PATH);
    }

    /** Removes earlier write outputs and commits that to the journal, outside any timing. */
    void removeWriteOutputs() throws IOException {
        Files.deleteIfExists(plainFile);
        try {
            driver.delete(WRITE_PATH);
        } catch (PathNotFoundException e) {
            // nothing written yet
        }
        try (FileChannel directory = FileChannel.open(base, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    long writeDriver() throws IOException {
        return writeDriver(WRITE_PATH);
    }

    private long writeDriver(String path) throws IOException {
        FileWriter writer = driver.writer(path, false);
        long written = 0;
        while (written < bytes) {
            ByteBuffer chunk = nextChunk(written);
            while (chunk.hasRemaining()) {
                written += writer.write(chunk);
            }
        }
        writer.commit();
        return written;
    }

    long writePlain() throws IOException {
        long written = 0;
        try (FileChannel channel = FileChannel.open(plainFile,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (written < bytes) {
                ByteBuffer chunk = nextChunk(written);
                while (chunk.hasRemaining()) {
                    written += channel.write(chunk);
                }
            }
            channel.force(true);
        }
        return written;
    }

    long readDriver() throws IOException {
        long read = 0;
        long check = 0;
        try (InputStream in = driver.reader(READ_PATH, 0)) {
            int n;
            while ((n = in.read(sink)) >= 0) {
                read += n;
                check += sink[0];
            }
        }
        return requireAll(read) + check;
    }

    long readPlain() throws IOException {
        long read = 0;
        long check = 0;
        ByteBuffer buffer = ByteBuffer.wrap(sink);
        try (FileChannel channel = FileChannel.open(readFile, StandardOpenOption.READ)) {
            int n;
            while ((n = channel.read(buffer.clear())) >= 0) {
                read += n;
                check += sink[0];
            }
        }
        return requireAll(read) + check;
    }

    private ByteBuffer nextChunk(long written) {
        int n = (int) Math.min(source.capacity(), bytes - written);
        return source.duplicate().clear().limit(n);
    }

    private long requireAll(long read) {
        if (read != bytes) {
            throw new IllegalStateException("read " + read + " bytes of " + bytes);
        }
        return read;
    }

    @Override
    public void close() throws IOException {
        driver.close();
        try (Stream<Path> all = Files.walk(base)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
