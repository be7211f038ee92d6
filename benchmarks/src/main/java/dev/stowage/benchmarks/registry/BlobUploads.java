package dev.stowage.benchmarks.registry;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestAlgorithm;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.blob.BlobStore;
import dev.stowage.registry.blob.BlobWriter;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.upload.ResumableSha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The four measured uploads on one filesystem-driver root, shared by {@link BlobUploadBenchmark}
 * and {@link BlobUploadInterleaved}: the registry's blob layers and the baseline (the driver's own
 * writer, a JDK {@link MessageDigest} SHA-256 and a commit), each as one whole-blob request and as
 * one request per 16 MiB followed by a committing request. All write the same bytes (16 MiB of
 * random bytes, repeated) from 1 MiB heap buffers.
 */
final class BlobUploads implements AutoCloseable {

    static final String OPENS = "--add-opens=java.base/sun.security.provider=ALL-UNNAMED";
    static final String PORTABLE = "-Dstowage.registry.sha256=portable";
    static final int BUFFER = 1 << 20;
    static final int REQUEST = 16 << 20;
    static final String BASELINE_PATH = "/baseline/blob";
    static final RepositoryName REPOSITORY = new RepositoryName("bench/upload");

    final long bytes;
    private final Path base;
    private final StorageDriver driver;
    private final Registry registry;
    private final BlobStore blobs;
    /** 16 MiB of random bytes; the blob is these, repeated. */
    private final byte[] source;
    private final Digest digest;

    /**
     * Fails unless {@link ResumableSha256} runs on the implementation this JVM was meant to get: the
     * JDK's, or the portable one where {@code -Dstowage.registry.sha256=portable} is set.
     */
    static String checkImplementation() {
        String expected = "portable".equals(System.getProperty("stowage.registry.sha256")) ? "portable" : "jdk";
        if (!ResumableSha256.implementation().equals(expected)) {
            throw new IllegalStateException("ResumableSha256 runs on " + ResumableSha256.implementation()
                    + ", not " + expected + "; does the JVM open java.base/sun.security.provider?");
        }
        return expected;
    }

    static Path benchDirectory() {
        return Path.of(System.getProperty("stowage.bench.dir", System.getProperty("java.io.tmpdir")));
    }

    BlobUploads(long bytes) throws IOException {
        if (bytes <= 0 || bytes % REQUEST != 0) {
            throw new IllegalArgumentException("the blob size must be a positive multiple of 16 MiB, not " + bytes);
        }
        this.bytes = bytes;
        this.base = Files.createTempDirectory(benchDirectory(), "stowage-bench-");
        this.driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", base.toString()));
        this.registry = Registry.builder(driver).build();
        this.blobs = registry.blobs(REPOSITORY);
        this.source = new byte[REQUEST];
        SplittableRandom prng = new SplittableRandom(42);
        for (int i = 0; i < source.length; i++) {
            source[i] = (byte) prng.nextInt(256);
        }
        MessageDigest sha256 = sha256();
        for (long done = 0; done < bytes; done += REQUEST) {
            sha256.update(source);
        }
        this.digest = Digest.of(DigestAlgorithm.SHA256, sha256.digest());
    }

    /**
     * Removes the earlier upload's blob, the repository (links, leftover uploads) and the baseline's
     * file, and makes that durable: the next upload is a fresh one that really moves its data.
     */
    void removeOutputs() throws IOException {
        deleteIfPresent(Layout.blobDirectory(digest));
        deleteIfPresent(Layout.repository(REPOSITORY));
        deleteIfPresent(BASELINE_PATH);
        try (FileChannel directory = FileChannel.open(base, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private void deleteIfPresent(String path) throws IOException {
        try {
            driver.delete(path);
        } catch (PathNotFoundException e) {
            // not written yet
        }
    }

    // ---- one whole-blob request ----

    long baselineWhole() throws IOException {
        MessageDigest hash = sha256();
        FileWriter writer = driver.writer(BASELINE_PATH, false);
        write(writer, hash, 0, bytes);
        check(hash);
        writer.commit();
        return writer.size();
    }

    Descriptor registryWhole() throws IOException {
        try (BlobWriter upload = blobs.create()) {
            write(upload, null, 0, bytes);
            return upload.commit(digest, bytes);
        }
    }

    // ---- one request per 16 MiB, then a committing request (the client's closing PUT) ----

    long baselineChunked() throws IOException {
        MessageDigest hash = sha256(); // kept in memory: a MessageDigest cannot save its state
        for (long offset = 0; offset < bytes; offset += REQUEST) {
            FileWriter writer = driver.writer(BASELINE_PATH, offset > 0);
            write(writer, hash, offset, offset + REQUEST);
            writer.close();
        }
        FileWriter writer = driver.writer(BASELINE_PATH, true);
        check(hash);
        writer.commit();
        return writer.size();
    }

    Descriptor registryChunked() throws IOException {
        String id = null;
        for (long offset = 0; offset < bytes; offset += REQUEST) {
            try (BlobWriter upload = id == null ? blobs.create() : blobs.resume(id)) {
                id = upload.id();
                write(upload, null, offset, offset + REQUEST); // close() saves the hash state
            }
        }
        try (BlobWriter upload = blobs.resume(id)) {
            return upload.commit(digest, bytes);
        }
    }

    /** Writes {@code [from, to)} of the blob in 1 MiB heap buffers, also into {@code hash} if given. */
    private void write(WritableByteChannel out, MessageDigest hash, long from, long to) throws IOException {
        for (long offset = from; offset < to; offset += BUFFER) {
            int start = (int) (offset % REQUEST);
            if (hash != null) {
                hash.update(source, start, BUFFER);
            }
            ByteBuffer buffer = ByteBuffer.wrap(source, start, BUFFER);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    private void check(MessageDigest hash) throws IOException {
        Digest actual = Digest.of(DigestAlgorithm.SHA256, hash.digest());
        if (!actual.equals(digest)) {
            throw new IOException("baseline digest " + actual + ", not " + digest);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        registry.close();
        driver.close();
        try (Stream<Path> paths = Files.walk(base)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
