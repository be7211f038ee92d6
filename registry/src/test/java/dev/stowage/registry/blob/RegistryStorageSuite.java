package dev.stowage.registry.blob;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.ForwardingFileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.BlobUploadInvalidException;
import dev.stowage.registry.BlobUploadUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestAlgorithm;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.ErrorCode;
import dev.stowage.registry.OperationUnsupportedException;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.SizeInvalidException;
import dev.stowage.registry.cache.BlobDescriptorCache;
import dev.stowage.registry.cache.InMemoryBlobDescriptorCache;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.upload.ResumableSha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's blob layers on one driver. Each driver module's backend gets a subclass; every
 * case gets a fresh, empty store.
 */
public abstract class RegistryStorageSuite {

    protected static final RepositoryName REPO = new RepositoryName("library/app");
    protected static final RepositoryName OTHER = new RepositoryName("team/other-app");

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private StorageDriver backend;
    protected CountingDriver driver;
    protected Registry registry;

    /** A new driver over a fresh, empty store. */
    protected abstract StorageDriver newDriver() throws Exception;

    /**
     * A second driver over the same store as {@code driver}, as another process would open it.
     * The in-memory driver has no other process and returns {@code driver} itself.
     */
    protected abstract StorageDriver sameStore(StorageDriver driver) throws Exception;

    /** A descriptor cache for the cache cases; in memory unless a subclass says otherwise. */
    protected BlobDescriptorCache newCache() throws Exception {
        return new InMemoryBlobDescriptorCache(10_000);
    }

    @BeforeEach
    void openStore() throws Exception {
        backend = newDriver();
        toClose.add(backend);
        driver = new CountingDriver(backend);
        registry = open(driver, BlobDescriptorCache.none(), RegistryOptions.defaults().withDeleteEnabled(true));
    }

    @AfterEach
    void closeStore() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /**
     * A registry whose uploads hold no more than the buffer size in memory, so that the cases
     * reach writer sessions past the buffer on every driver; what an object store holds whole
     * beyond it (up to a part, from the held memory) has cases of its own, on {@link #holding()}.
     */
    protected Registry open(StorageDriver on, BlobDescriptorCache cache, RegistryOptions options) {
        return closedAfter(Registry.builder(on).cache(cache).options(options).heldUploadMemory(0).build());
    }

    /** A registry over the counted driver with the default held memory. */
    private Registry holding() {
        return closedAfter(Registry.builder(driver).build());
    }

    /** A registry over the counted driver whose uploads may hold {@code bytes} beyond the buffer size. */
    private Registry holding(long bytes) {
        return closedAfter(Registry.builder(driver).heldUploadMemory(bytes).build());
    }

    private Registry closedAfter(Registry registry) {
        toClose.add(registry);
        return registry;
    }

    /** A registry as another process sharing the store would open it: its own driver and upload claims. */
    private Registry anotherProcess() throws Exception {
        StorageDriver other = sameStore(backend);
        if (other != backend) {
            toClose.add(other);
        }
        return open(other, BlobDescriptorCache.none(), RegistryOptions.defaults());
    }

    /**
     * Waits (up to ten seconds) until {@code repository} has no upload left: a completed upload's
     * files are removed in the background after its commit returns.
     */
    protected void awaitNoUploads(RepositoryName repository) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                List<String> left = backend.list(Layout.uploads(repository));
                if (System.nanoTime() > deadline) {
                    assertThat(left).as("uploads of %s left 10 s after their commits", repository).isEmpty();
                }
                Thread.sleep(10);
            } catch (PathNotFoundException e) {
                return;
            }
        }
    }

    protected static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static Descriptor upload(BlobStore blobs, byte[] content) throws IOException {
        try (BlobWriter writer = blobs.create()) {
            writer.write(ByteBuffer.wrap(content));
            return writer.commit(Digest.sha256(content));
        }
    }

    private static byte[] read(SeekableByteChannel channel) throws IOException {
        try (channel) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toByteArray();
        }
    }

    /** The body of an answer, written once to a plain stream and once to one that is also a channel: the same bytes. */
    protected static byte[] body(BlobResponse response) throws IOException {
        BlobResponse.Body body = ((BlobResponse.Content) response).body().orElseThrow();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        body.writeTo(plain);
        ChannelSink channel = new ChannelSink();
        body.writeTo(channel);
        assertThat(channel.toByteArray()).as("the body written to a stream that is also a channel").isEqualTo(plain.toByteArray());
        assertThat(plain.size()).as("the body's stated length").isEqualTo(body.length());
        return plain.toByteArray();
    }

    /** An answer's stream that is also a channel, as the server's is; counts the direct buffers written to it. */
    protected static final class ChannelSink extends ByteArrayOutputStream implements java.nio.channels.WritableByteChannel {
        /** The capacity of each buffer written. */
        final List<Integer> capacities = new ArrayList<>();
        int directWrites;
        int heapWrites;

        @Override
        public int write(ByteBuffer source) {
            capacities.add(source.capacity());
            if (source.isDirect()) {
                directWrites++;
            } else {
                heapWrites++;
            }
            int n = source.remaining();
            byte[] b = new byte[n];
            source.get(b);
            write(b, 0, n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    // ---- uploads --------------------------------------------------------------------------

    @Test
    void uploadInOneRequestLandsInTheGoLayout() throws Exception {
        byte[] content = random(300_000, 1);
        Digest digest = Digest.sha256(content);
        Descriptor stored = upload(registry.blobs(REPO), content);

        assertThat(stored).isEqualTo(Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, digest, content.length));
        assertThat(backend.getContent(Layout.blobData(digest))).isEqualTo(content);
        assertThat(new String(backend.getContent(Layout.layerLink(REPO, digest)), US_ASCII)).isEqualTo(digest.toString());
        awaitNoUploads(REPO);
        assertThat(read(registry.blobs(REPO).open(digest))).isEqualTo(content);
        assertThat(registry.blobs().stat(digest).size()).isEqualTo(content.length);
    }

    @Test
    void aBlobThatFitsTheBufferAndComesInOneRequestGoesStraightToItsPath() throws Exception {
        int limit = RegistryOptions.defaults().bufferSize();
        byte[] small = random(limit, 15);
        driver.reset();
        Descriptor stored = upload(registry.blobs(REPO), small);
        assertThat(driver.writers.get()).as("writer() calls for a blob of the buffer's size").isZero();
        assertThat(driver.readers.get()).as("reader() calls").isZero();
        assertThat(backend.getContent(Layout.blobData(stored.digest()))).isEqualTo(small);
        awaitNoUploads(REPO);

        byte[] larger = random(limit + 1, 16);
        driver.reset();
        try (BlobWriter writer = registry.blobs(REPO).create()) {
            writer.write(ByteBuffer.wrap(larger, 0, 1_000));
            writer.write(ByteBuffer.wrap(larger, 1_000, larger.length - 1_000));
            assertThat(writer.size()).isEqualTo(larger.length);
            stored = writer.commit(Digest.sha256(larger));
        }
        assertThat(driver.writers.get()).as("writer() calls for a blob one byte larger").isEqualTo(1);
        assertThat(backend.getContent(Layout.blobData(stored.digest()))).isEqualTo(larger);
        awaitNoUploads(REPO);
    }

    @Test
    void aRequestThatEndsWithoutACommitLeavesItsHeldBytesInStorage() throws Exception {
        byte[] content = random(50_000, 17);
        driver.reset();
        String id = begin(registry.blobs(REPO), content, 20_000);
        if (backend.capabilities().appendToCommitted()) {
            // kept in the driver's writer session, with the hash state of its 20,000 bytes
            assertThat(driver.writers.get()).as("writer() calls").isEqualTo(1);
            try (FileWriter stored = backend.writer(Layout.uploadData(REPO, id), true)) {
                assertThat(stored.size()).as("the upload's data in the driver").isEqualTo(20_000);
            }
            assertThat(backend.getContent(Layout.uploadHashState(REPO, id, "sha256", 20_000))).hasSize(108);
        } else {
            // an object store keeps them as one whole file: no writer session, no hash state
            assertThat(driver.writers.get()).as("writer() calls").isZero();
            assertThat(backend.getContent(Layout.uploadData(REPO, id))).isEqualTo(Arrays.copyOf(content, 20_000));
            assertThatThrownBy(() -> backend.stat(Layout.uploadHashState(REPO, id, "sha256", 20_000)))
                    .isInstanceOf(PathNotFoundException.class);
        }
        try (BlobWriter second = anotherProcess().blobs(REPO).resume(id)) {
            assertThat(second.size()).isEqualTo(20_000);
            second.write(ByteBuffer.wrap(content, 20_000, 30_000));
            second.commit(Digest.sha256(content), content.length);
        }
        assertThat(registry.blobs(REPO).get(Digest.sha256(content))).isEqualTo(content);
    }

    @Test
    void aSmallUploadVouchedForWithItsSizeIsReadStraightBackWhereItIsKeptWhole() throws Exception {
        byte[] content = random(30_000, 23);
        BlobStore blobs = registry.blobs(REPO);
        BlobWriter first = blobs.create();
        first.write(ByteBuffer.wrap(content, 0, 10_000));
        first.close();
        driver.reset();
        Descriptor stored;
        try (BlobWriter second = blobs.resume(first.id(), first.startedAt(), 10_000)) {
            assertThat(second.size()).isEqualTo(10_000);
            assertThat(second.startedAt()).isEqualTo(first.startedAt());
            if (!backend.capabilities().appendToCommitted()) {
                // one read of the whole data: no startedat, no writer session, no hash state
                assertThat(driver.readers.get()).as("reader() calls").isEqualTo(1);
                assertThat(driver.contents.get()).as("getContent() calls").isZero();
                assertThat(driver.writers.get()).as("writer() calls").isZero();
            }
            second.write(ByteBuffer.wrap(content, 10_000, 20_000));
            stored = second.commit(Digest.sha256(content), content.length);
        }
        assertThat(backend.getContent(Layout.blobData(stored.digest()))).isEqualTo(content);
        awaitNoUploads(REPO);
        // the token of a completed upload: unknown here, and in a process that never saw it
        assertThatThrownBy(() -> blobs.resume(first.id(), first.startedAt(), 10_000))
                .isInstanceOf(BlobUploadUnknownException.class);
        assertThatThrownBy(() -> anotherProcess().blobs(REPO).resume(first.id(), first.startedAt(), 10_000))
                .isInstanceOf(BlobUploadUnknownException.class);
    }

    @Test
    void anUploadVouchedToHoldBytesThatStorageHasNoTraceOfIsUnknown() throws Exception {
        String id = UUID.randomUUID().toString();
        Instant startedAt = Instant.parse("2026-12-01T10:00:00Z");
        assertThatThrownBy(() -> registry.blobs(REPO).resume(id, startedAt, 5)).isInstanceOf(BlobUploadUnknownException.class);
        assertThatThrownBy(() -> registry.blobs(REPO).resume(id, startedAt, 500_000))
                .isInstanceOf(BlobUploadUnknownException.class);
        // said to be empty, it has never held bytes: it continues empty
        try (BlobWriter empty = registry.blobs(REPO).resume(id, startedAt, 0)) {
            assertThat(empty.size()).isZero();
        }
    }

    @Test
    void anUploadKeptInSmallRequestsGrowsPastTheBufferAcrossProcessesAndCommitsWhole() throws Exception {
        int limit = RegistryOptions.defaults().bufferSize();
        byte[] content = random(3 * limit, 21);
        BlobStore blobs = registry.blobs(REPO);
        String id = begin(blobs, content, 10_000);
        try (BlobWriter second = blobs.resume(id)) { // still within the buffer: kept whole again
            assertThat(second.size()).isEqualTo(10_000);
            second.write(ByteBuffer.wrap(content, 10_000, 10_000));
        }
        try (BlobWriter third = anotherProcess().blobs(REPO).resume(id)) { // outgrows it: a writer session
            assertThat(third.size()).isEqualTo(20_000);
            third.write(ByteBuffer.wrap(content, 20_000, 2 * limit - 20_000));
        }
        // the session, not the whole file an earlier request kept, is what the upload continues from
        Descriptor stored;
        try (BlobWriter fourth = blobs.resume(id)) {
            assertThat(fourth.size()).isEqualTo(2 * limit);
            fourth.write(ByteBuffer.wrap(content, 2 * limit, limit));
            stored = fourth.commit(Digest.sha256(content), content.length);
        }
        assertThat(backend.getContent(Layout.blobData(stored.digest()))).isEqualTo(content);
        awaitNoUploads(REPO);
    }

    @Test
    void heldBytesTheDriverTakesOnlyInPartAreKeptAsFarAsItTookThemAndItsWriterIsClosed() throws Exception {
        // a driver whose writers take 64 KiB and then fail, as one out of buffer memory does
        List<FileWriter> opened = new ArrayList<>();
        StorageDriver refusing = new dev.stowage.driver.ForwardingStorageDriver(backend) {
            @Override
            public FileWriter writer(String path, boolean append) throws IOException {
                FileWriter writer = super.writer(path, append);
                opened.add(writer);
                return new ForwardingFileWriter(writer) {
                    @Override
                    public int write(ByteBuffer src) throws IOException {
                        if (writer.size() + src.remaining() > 64 << 10) {
                            throw new IOException("out of buffer memory (test)");
                        }
                        return super.write(src);
                    }
                };
            }

            @Override
            public void close() {
                // the suite closes the backend
            }
        };
        byte[] content = random(100_000, 19);
        BlobWriter first = open(refusing, BlobDescriptorCache.none(), RegistryOptions.defaults()).blobs(REPO).create();
        String id = first.id();
        first.write(ByteBuffer.wrap(content)); // held: below the buffer size
        if (!backend.capabilities().appendToCommitted()) {
            // an object store keeps held bytes whole, without a writer: nothing for the refusal to cut
            first.close();
            assertThat(opened).isEmpty();
            try (BlobWriter second = registry.blobs(REPO).resume(id)) {
                assertThat(second.size()).isEqualTo(content.length);
                second.commit(Digest.sha256(content), content.length);
            }
            assertThat(registry.blobs(REPO).get(Digest.sha256(content))).isEqualTo(content);
            return;
        }
        assertThatThrownBy(first::close).hasMessageContaining("out of buffer memory");
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).isOpen()).as("the driver's writer after the failed close").isFalse();
        // what the driver took is kept, with a hash state true to it, and the upload goes on from there
        try (BlobWriter second = registry.blobs(REPO).resume(id)) {
            assertThat(second.size()).isEqualTo(64 << 10);
            second.write(ByteBuffer.wrap(content, 64 << 10, content.length - (64 << 10)));
            second.commit(Digest.sha256(content), content.length);
        }
        assertThat(registry.blobs(REPO).get(Digest.sha256(content))).isEqualTo(content);
    }

    @Test
    void aSmallResumedUploadIsPutFromTheBytesReadBackOrMovedWhenItsWriterIsExclusive() throws Exception {
        byte[] content = random(30_000, 18);
        BlobStore blobs = registry.blobs(REPO);
        String id = begin(blobs, content, 10_000);
        driver.reset();
        Descriptor stored;
        try (BlobWriter second = blobs.resume(id)) {
            second.write(ByteBuffer.wrap(content, 10_000, 20_000));
            stored = second.commit(Digest.sha256(content), content.length);
        }
        // a driver that appends to committed content (here: whose writers are exclusive too) continued
        // the data in its writer and moves it; an object store read the whole kept bytes back once, on
        // resuming, and those very bytes are put at the blob's path
        boolean appends = backend.capabilities().appendToCommitted();
        assertThat(driver.moves.get()).as("move() calls").isEqualTo(appends ? 1 : 0);
        assertThat(driver.readers.get()).as("reader() calls").isEqualTo(appends ? 0 : 1);
        assertThat(backend.getContent(Layout.blobData(stored.digest()))).isEqualTo(content);
        awaitNoUploads(REPO);
    }

    @Test
    void aSmallWriterSessionOfAnEarlierVersionIsReadBackOnCommitWhenWritersAreNotExclusive() throws Exception {
        // what an upload in progress during an upgrade left: its first 10,000 bytes in a writer
        // session, whatever the driver (earlier versions kept every request's bytes so)
        byte[] content = random(30_000, 22);
        String id = UUID.randomUUID().toString();
        backend.putContent(Layout.uploadStartedAt(REPO, id), "2026-12-01T10:00:00Z".getBytes(US_ASCII));
        try (FileWriter session = backend.writer(Layout.uploadData(REPO, id), false)) {
            session.write(ByteBuffer.wrap(content, 0, 10_000));
        }
        ResumableSha256 hash = ResumableSha256.create();
        hash.update(content, 0, 10_000);
        backend.putContent(Layout.uploadHashState(REPO, id, "sha256", 10_000), hash.marshalBinary());
        driver.reset();
        Descriptor stored;
        try (BlobWriter second = registry.blobs(REPO).resume(id)) {
            assertThat(second.size()).isEqualTo(10_000);
            second.write(ByteBuffer.wrap(content, 10_000, 20_000));
            stored = second.commit(Digest.sha256(content), content.length);
        }
        // exclusive writers need no read-back and the data is moved; the others read it back
        // (whole, it is small: no reader) and put those very bytes at the blob's path
        boolean exclusive = backend.capabilities().exclusiveWriters();
        assertThat(driver.moves.get()).as("move() calls").isEqualTo(exclusive ? 1 : 0);
        assertThat(driver.readers.get()).as("reader() calls").isZero();
        assertThat(backend.getContent(Layout.blobData(stored.digest()))).isEqualTo(content);
        awaitNoUploads(REPO);
    }

    @Test
    void uploadResumesAcrossRequestsWithoutReadingBack() throws Exception {
        byte[] content = random(1_000_000, 2);
        BlobStore blobs = registry.blobs(REPO);
        String id = begin(blobs, content, 223_457); // more than the buffer holds: a writer session
        assertThat(backend.getContent(Layout.uploadHashState(REPO, id, "sha256", 223_457))).hasSize(108);
        String startedAt = new String(backend.getContent(Layout.uploadStartedAt(REPO, id)), US_ASCII);
        assertThat(startedAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        driver.reset();
        try (BlobWriter second = blobs.resume(id)) {
            assertThat(second.size()).isEqualTo(223_457);
            assertThat(second.startedAt().toString()).isEqualTo(startedAt);
            second.write(ByteBuffer.wrap(content, 223_457, 500_000));
        }
        Descriptor stored;
        try (BlobWriter third = blobs.resume(id)) {
            assertThat(third.size()).isEqualTo(723_457);
            third.write(ByteBuffer.wrap(content, 723_457, content.length - 723_457));
            assertThat(driver.readers.get()).as("reader() calls while resuming").isZero();
            stored = third.commit(Digest.sha256(content), content.length);
        }
        // a driver that cannot hold an upload against other processes has it read back once on
        // commit, unless it tags its sessions: then every request found the session as the one
        // before left it, and the saved hash state describes it
        assertThat(driver.readers.get()).as("reader() calls on commit")
                .isEqualTo(backend.capabilities().exclusiveWriters() || tagsSessions() ? 0 : 1);
        assertThat(stored.digest()).isEqualTo(Digest.sha256(content));
        assertThat(read(blobs.open(stored))).isEqualTo(content);
    }

    @Test
    void anUploadContinuedElsewhereAfterItsStateWasSavedIsNeverCommittedUnderTheDigestOfBytesItDoesNotHold()
            throws Exception {
        byte[] start = random(200_000, 90);
        byte[] ours = random(300_000, 91);
        byte[] theirs = random(300_000, 92);
        BlobStore blobs = registry.blobs(REPO);
        String id = begin(blobs, start, start.length); // past the buffer: a writer session
        BlobWriter first = blobs.resume(id);
        if (backend.capabilities().exclusiveWriters()) {
            // nothing else may continue it while it is open
            assertThatThrownBy(() -> backend.writer(Layout.uploadData(REPO, id), true)).isInstanceOf(IOException.class);
            first.cancel();
            return;
        }
        // another process continues the session too, and closes it after this one, having had no
        // time to save its hash state: the state saved last may describe bytes the data no longer
        // holds (on S3 it does: the tail closed last is theirs)
        FileWriter other = backend.writer(Layout.uploadData(REPO, id), true);
        first.write(ByteBuffer.wrap(ours));
        first.close();
        other.write(ByteBuffer.wrap(theirs));
        other.close();
        byte[] claimedBytes = concat(start, ours);
        Digest claimed = Digest.sha256(claimedBytes);
        try (BlobWriter put = anotherProcess().blobs(REPO).resume(id)) {
            assertThat(put.size()).isEqualTo(500_000);
            try {
                put.commit(claimed, 500_000);
                // committed: only if the data held exactly the bytes claimed (a driver may continue
                // this process's bytes rather than the other's)
                assertThat(backend.getContent(Layout.blobData(claimed))).isEqualTo(claimedBytes);
            } catch (BlobUploadInvalidException refused) {
                assertThat(refused).hasMessageContaining("written by another request at the same time");
                assertThatThrownBy(() -> backend.stat(Layout.blobData(claimed))).isInstanceOf(PathNotFoundException.class);
            }
        }
    }

    /** Whether the driver's writers tag their sessions ({@link FileWriter#sessionTag()}). */
    private boolean tagsSessions() throws IOException {
        String probe = "/probe-" + UUID.randomUUID();
        FileWriter writer = backend.writer(probe, false);
        writer.write(ByteBuffer.wrap(new byte[] {1}));
        writer.close();
        boolean tagged = writer.sessionTag().isPresent();
        backend.writer(probe, true).cancel();
        return tagged;
    }

    @Test
    void uploadResumesInAnotherRegistryOnTheSameStore() throws Exception {
        byte[] content = random(200_000, 3);
        String id = begin(registry.blobs(REPO), content, 70_000);
        Registry second = anotherProcess();
        try (BlobWriter writer = second.blobs(REPO).resume(id)) {
            assertThat(writer.size()).isEqualTo(70_000);
            writer.write(ByteBuffer.wrap(content, 70_000, content.length - 70_000));
            writer.commit(Digest.sha256(content));
        }
        assertThat(registry.blobs(REPO).get(Digest.sha256(content))).isEqualTo(content);
    }

    @Test
    void writerTakesDirectAndSlicedBuffersInManyChunks() throws Exception {
        byte[] content = random(150_001, 4);
        Descriptor stored;
        try (BlobWriter writer = registry.blobs(REPO).create()) {
            for (int off = 0; off < content.length; off += 7_777) {
                int n = Math.min(7_777, content.length - off);
                ByteBuffer chunk = (off / 7_777) % 2 == 0 ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n + 3).position(3).slice();
                chunk.put(content, off, n).flip();
                assertThat(writer.write(chunk)).isEqualTo(n);
                assertThat(chunk.hasRemaining()).isFalse();
            }
            assertThat(writer.size()).isEqualTo(content.length);
            stored = writer.commit(Digest.sha256(content));
        }
        assertThat(read(registry.blobs(REPO).open(stored))).isEqualTo(content);
    }

    @Test
    void aCommittedUploadIsUnknownAtOnceAndItsFilesAreGoneWhenTheRegistryCloses() throws Exception {
        BlobStore blobs = registry.blobs(REPO);
        int buffer = RegistryOptions.defaults().bufferSize();
        List<String> ids = new ArrayList<>();
        driver.holdDeletes(); // the removals wait, so the upload's files are still there below
        // one held in memory and put at the blob's path, one with upload data moved there
        for (byte[] content : List.of(random(1000, 21), random(2 * buffer + 5, 22))) {
            BlobWriter writer = blobs.create();
            writer.write(ByteBuffer.wrap(content));
            writer.commit(Digest.sha256(content)); // returns although its removal is held
            ids.add(writer.id());
            if (content.length > buffer) {
                assertThat(backend.list(Layout.upload(REPO, writer.id()))).contains(Layout.uploadStartedAt(REPO, writer.id()));
            } else { // never stored
                assertThatThrownBy(() -> backend.list(Layout.upload(REPO, writer.id()))).isInstanceOf(PathNotFoundException.class);
            }
            assertThatThrownBy(() -> blobs.resume(writer.id())).isInstanceOf(BlobUploadUnknownException.class)
                    .hasMessageContaining(writer.id());
            assertThatThrownBy(() -> blobs.resumeFromStart(writer.id(), writer.startedAt()))
                    .isInstanceOf(BlobUploadUnknownException.class);
            assertThat(blobs.stat(Digest.sha256(content)).size()).isEqualTo(content.length);
        }
        driver.releaseDeletes();
        registry.close();
        for (String id : ids) {
            assertThatThrownBy(() -> backend.list(Layout.upload(REPO, id))).as("the files of upload %s", id)
                    .isInstanceOf(PathNotFoundException.class);
            assertThatThrownBy(() -> anotherProcess().blobs(REPO).resume(id)).isInstanceOf(BlobUploadUnknownException.class);
        }
    }

    @Test
    void wrongDigestOnCommitIsTypedAndCancelsTheUpload() throws Exception {
        byte[] content = random(10_000, 5);
        BlobStore blobs = registry.blobs(REPO);
        BlobWriter writer = blobs.create();
        writer.write(ByteBuffer.wrap(content));
        Digest wrong = Digest.sha256("other".getBytes(US_ASCII));
        assertThatThrownBy(() -> writer.commit(wrong))
                .isInstanceOf(DigestInvalidException.class)
                .hasMessageContaining(wrong.toString()).hasMessageContaining(Digest.sha256(content).toString())
                .extracting(e -> ((DigestInvalidException) e).code()).isEqualTo(ErrorCode.DIGEST_INVALID);
        assertThat(writer.isOpen()).isFalse();
        assertThatThrownBy(() -> blobs.resume(writer.id())).isInstanceOf(BlobUploadUnknownException.class);
        assertThatThrownBy(() -> backend.list(Layout.upload(REPO, writer.id()))).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> blobs.stat(wrong)).isInstanceOf(BlobUnknownException.class);
        assertThatThrownBy(() -> registry.blobs().stat(Digest.sha256(content))).isInstanceOf(BlobUnknownException.class);
    }

    @Test
    void wrongSizeOnCommitIsTypedAndCancelsTheUpload() throws Exception {
        byte[] content = random(10_000, 6);
        BlobStore blobs = registry.blobs(REPO);
        BlobWriter writer = blobs.create();
        writer.write(ByteBuffer.wrap(content));
        assertThatThrownBy(() -> writer.commit(Digest.sha256(content), 9_999))
                .isInstanceOf(SizeInvalidException.class).hasMessageContaining("9999");
        assertThatThrownBy(() -> blobs.resume(writer.id())).isInstanceOf(BlobUploadUnknownException.class);
        assertThatThrownBy(() -> blobs.stat(Digest.sha256(content))).isInstanceOf(BlobUnknownException.class);
    }

    @Test
    void sha512CommitIsVerifiedAndLinkedUnderBothDigests() throws Exception {
        byte[] content = random(40_000, 7);
        Digest sha512 = Digest.compute(DigestAlgorithm.SHA512, content);
        BlobStore blobs = registry.blobs(REPO);
        Descriptor stored;
        try (BlobWriter writer = blobs.create()) {
            writer.write(ByteBuffer.wrap(content));
            stored = writer.commit(sha512);
        }
        assertThat(stored.digest()).isEqualTo(Digest.sha256(content));
        assertThat(blobs.stat(sha512).digest()).isEqualTo(Digest.sha256(content));
        assertThat(new String(backend.getContent(Layout.layerLink(REPO, sha512)), US_ASCII)).isEqualTo(stored.digest().toString());
        assertThat(blobs.get(sha512)).isEqualTo(content);

        BlobWriter bad = blobs.create();
        bad.write(ByteBuffer.wrap(content, 1, 100));
        assertThatThrownBy(() -> bad.commit(sha512)).isInstanceOf(DigestInvalidException.class);
        assertThatThrownBy(() -> blobs.resume(bad.id())).isInstanceOf(BlobUploadUnknownException.class);
    }

    @Test
    void emptyBlobUploads() throws Exception {
        Descriptor stored = upload(registry.blobs(REPO), new byte[0]);
        assertThat(stored.size()).isZero();
        assertThat(registry.blobs(REPO).get(stored.digest())).isEmpty();
    }

    /** Begins an upload with the first {@code length} bytes of {@code content} and closes it, as a PATCH does; returns its id. */
    private static String begin(BlobStore blobs, byte[] content, int length) throws IOException {
        try (BlobWriter first = blobs.create()) {
            first.write(ByteBuffer.wrap(content, 0, length));
            return first.id();
        }
    }

    /** Begins an upload and closes it without a byte, as a POST does; returns the closed writer (its id and start). */
    private static BlobWriter begin(BlobStore blobs) throws IOException {
        try (BlobWriter begun = blobs.create()) {
            assertThat(begun.size()).isZero();
            return begun;
        }
    }

    @Test
    void anUploadBegunAndNeverWrittenLeavesNothingAndResumesEmptyWhenVouchedFor() throws Exception {
        BlobStore blobs = registry.blobs(REPO);
        BlobWriter begun = begin(blobs);
        String id = begun.id();
        // nothing to purge for a client that gives up here: no startedat, no writer session (on S3, no multipart upload)
        assertThatThrownBy(() -> backend.list(Layout.upload(REPO, id))).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> backend.writer(Layout.uploadData(REPO, id), true)).isInstanceOf(PathNotFoundException.class);
        // storage alone does not know it; the caller's word (the client's signed token) does
        assertThatThrownBy(() -> blobs.resume(id)).isInstanceOf(BlobUploadUnknownException.class);

        byte[] content = random(40_000, 12);
        // a Go registry's token carries nanoseconds; startedat holds whole seconds
        try (BlobWriter resumed = blobs.resume(id, begun.startedAt().plusNanos(123_456_789), 0)) {
            assertThat(resumed.size()).isZero();
            assertThat(resumed.startedAt()).isEqualTo(begun.startedAt());
            resumed.write(ByteBuffer.wrap(content, 0, 15_000));
        }
        // its first bytes stored it, start time first (what the purger dates it by)
        assertThat(new String(backend.getContent(Layout.uploadStartedAt(REPO, id)), US_ASCII))
                .isEqualTo(begun.startedAt().toString());
        try (BlobWriter again = blobs.resume(id)) {
            assertThat(again.size()).isEqualTo(15_000);
            again.write(ByteBuffer.wrap(content, 15_000, content.length - 15_000));
            again.commit(Digest.sha256(content), content.length);
        }
        assertThat(blobs.get(Digest.sha256(content))).isEqualTo(content);
        awaitNoUploads(REPO);
    }

    /** Whether an upload told its digest is written where its blob goes: object stores with atomic commits. */
    private boolean writesAtBlob() {
        return backend.capabilities().atomicCommit() && !backend.capabilities().appendToCommitted();
    }

    /** Writes {@code content} in 64 KiB pieces, as a request body arrives. */
    private static void writeInPieces(BlobWriter writer, byte[] content) throws IOException {
        for (int at = 0; at < content.length; at += 64 << 10) {
            writer.write(ByteBuffer.wrap(content, at, Math.min(64 << 10, content.length - at)));
        }
    }

    /**
     * A size past the buffer that an object store holds whole (less than one of its parts), or
     * past the buffer anyway where uploads are not held whole.
     */
    private int pastTheBufferWithinAPart() {
        long part = backend.capabilities().minPartSize();
        int buffer = RegistryOptions.defaults().bufferSize();
        return part > buffer + 1000 ? (int) Math.min(part - 1, 600_000) : 3 * buffer;
    }

    /** Whether an upload of {@link #pastTheBufferWithinAPart()} bytes is held whole. */
    private boolean holdsWithinAPart() {
        return !backend.capabilities().appendToCommitted()
                && backend.capabilities().minPartSize() > RegistryOptions.defaults().bufferSize() + 1000;
    }

    @Test
    void anUploadSmallerThanAPartIsKeptWholeAcrossRequestsOnObjectStoresNeverInAWriterSession() throws Exception {
        byte[] content = random(pastTheBufferWithinAPart(), 51);
        BlobStore blobs = holding().blobs(REPO);
        driver.reset();
        BlobWriter patch = blobs.create();
        writeInPieces(patch, content);
        patch.close();
        if (holdsWithinAPart()) {
            assertThat(driver.writers.get()).as("writer() calls of the PATCH").isZero();
            assertThat(backend.getContent(Layout.uploadData(REPO, patch.id()))).isEqualTo(content);
        }
        driver.reset();
        Descriptor stored;
        try (BlobWriter put = blobs.resume(patch.id(), patch.startedAt(), content.length)) {
            assertThat(put.size()).isEqualTo(content.length);
            stored = put.commit(Digest.sha256(content), content.length);
        }
        if (holdsWithinAPart()) {
            // one read of the whole file, and the bytes put at the blob's path: no session, no move
            assertThat(driver.readers.get()).as("reader() calls of the PUT").isEqualTo(1);
            assertThat(driver.writers.get()).as("writer() calls of the PUT").isZero();
            assertThat(driver.moves.get()).as("move() calls of the PUT").isZero();
        }
        assertThat(backend.getContent(Layout.blobData(stored.digest()))).isEqualTo(content);
        awaitNoUploads(REPO);
    }

    @Test
    void heldMemoryIsGivenBackByEveryEndingAndWhenItIsSpentUploadsOpenAWriterSession() throws Exception {
        int size = pastTheBufferWithinAPart();
        // room for one such upload at a time
        BlobStore blobs = holding(size).blobs(REPO);
        for (int round = 0; round < 3; round++) { // committed, closed then cancelled, cancelled: each gives it back
            byte[] content = random(size, 60 + round);
            driver.reset();
            BlobWriter writer = blobs.create();
            writeInPieces(writer, content);
            if (round == 0) {
                writer.commit(Digest.sha256(content), content.length);
            } else if (round == 1) {
                writer.close();
                blobs.resume(writer.id(), writer.startedAt(), content.length).cancel();
            } else {
                writer.cancel();
            }
            if (holdsWithinAPart()) {
                assertThat(driver.writers.get()).as("writer() calls in round " + round).isZero();
            }
        }
        // while one upload holds the room, another opens a writer session and still completes
        byte[] first = random(size, 70);
        byte[] second = random(size, 71);
        try (BlobWriter holding = blobs.create(); BlobWriter other = blobs.create()) {
            writeInPieces(holding, first);
            driver.reset();
            writeInPieces(other, second);
            if (holdsWithinAPart()) {
                assertThat(driver.writers.get()).as("writer() calls of the upload that found no room").isEqualTo(1);
            }
            other.commit(Digest.sha256(second), second.length);
            holding.commit(Digest.sha256(first), first.length);
        }
        assertThat(blobs.get(Digest.sha256(first))).isEqualTo(first);
        assertThat(blobs.get(Digest.sha256(second))).isEqualTo(second);
        // none at all: the buffer size only
        Registry none = holding(0);
        byte[] third = random(size, 72);
        driver.reset();
        try (BlobWriter writer = none.blobs(OTHER).create()) {
            writeInPieces(writer, third);
            writer.commit(Digest.sha256(third), third.length);
        }
        assertThat(driver.writers.get()).as("writer() calls with no held memory").isEqualTo(1);
        assertThat(none.blobs(OTHER).get(Digest.sha256(third))).isEqualTo(third);
        awaitNoUploads(REPO);
        awaitNoUploads(OTHER);
    }

    @Test
    void anUploadKeptWholeThatLaterFindsNoRoomContinuesFromItsWriterSessionNotTheOlderWholeFile() throws Exception {
        int size = pastTheBufferWithinAPart();
        BlobStore blobs = holding(size).blobs(REPO);
        byte[] content = random(size, 80);
        int first = 10_000;
        int second = size - 1_000;
        BlobWriter patch = blobs.create();
        patch.write(ByteBuffer.wrap(content, 0, first));
        patch.close(); // within the buffer: kept whole where the driver cannot append
        byte[] other = random(size, 81);
        try (BlobWriter holding = blobs.create()) {
            writeInPieces(holding, other); // takes the held memory
            try (BlobWriter next = blobs.resume(patch.id(), patch.startedAt(), first)) {
                assertThat(next.size()).isEqualTo(first);
                writeInPieces(next, Arrays.copyOfRange(content, first, second)); // no room: a writer session
            }
            holding.commit(Digest.sha256(other), other.length);
        }
        // continued by its size, as a client's token vouches: from the session, not the smaller file kept before it
        Descriptor stored;
        try (BlobWriter last = blobs.resume(patch.id(), patch.startedAt(), second)) {
            assertThat(last.size()).isEqualTo(second);
            last.write(ByteBuffer.wrap(content, second, size - second));
            stored = last.commit(Digest.sha256(content), content.length);
        }
        assertThat(backend.getContent(Layout.blobData(stored.digest()))).isEqualTo(content);
        awaitNoUploads(REPO);
    }

    @Test
    void aMonolithicUploadToldItsDigestIsWrittenWhereTheBlobGoesAndPublishedOnlyOnCommit() throws Exception {
        byte[] content = random(3 * RegistryOptions.defaults().bufferSize() + 123, 41);
        Digest digest = Digest.sha256(content);
        BlobStore blobs = registry.blobs(REPO);
        BlobWriter begun = begin(blobs); // the POST
        driver.reset();
        Descriptor stored;
        try (BlobWriter put = blobs.resumeFromStart(begun.id(), begun.startedAt())) { // the PUT with the body
            put.expect(digest);
            writeInPieces(put, content);
            assertThat(put.size()).isEqualTo(content.length);
            if (writesAtBlob()) {
                // nothing published yet, and nothing written as the upload's data
                assertThatThrownBy(() -> backend.stat(Layout.blobData(digest))).isInstanceOf(PathNotFoundException.class);
                assertThatThrownBy(() -> backend.stat(Layout.uploadData(REPO, begun.id())))
                        .isInstanceOf(PathNotFoundException.class);
                assertThat(new String(backend.getContent(Layout.uploadTarget(REPO, begun.id())), US_ASCII))
                        .isEqualTo(digest.toString());
            }
            stored = put.commit(digest, content.length);
        }
        assertThat(stored.digest()).isEqualTo(digest);
        if (writesAtBlob()) {
            // not moved into place, not read back to be verified
            assertThat(driver.moves.get()).as("move() calls").isZero();
            assertThat(driver.readers.get()).as("reader() calls").isZero();
        }
        assertThat(backend.getContent(Layout.blobData(digest))).isEqualTo(content);
        assertThat(registry.blobs(REPO).get(digest)).isEqualTo(content);
        awaitNoUploads(REPO);
        // the same blob once more, through another process: published again, in place, the same bytes
        Registry other = anotherProcess();
        try (BlobWriter again = other.blobs(OTHER).create()) {
            again.expect(digest);
            writeInPieces(again, content);
            assertThat(again.commit(digest, content.length)).isEqualTo(stored);
        }
        assertThat(other.blobs(OTHER).get(digest)).isEqualTo(content);
        awaitNoUploads(OTHER);
    }

    @Test
    void aMonolithicUploadOfABlobAlreadyStoredKeepsNoneOfItsBytesAndWrongBytesLeaveTheBlobAlone() throws Exception {
        byte[] content = random(2 * RegistryOptions.defaults().bufferSize() + 7, 46);
        Digest digest = Digest.sha256(content);
        upload(registry.blobs(OTHER), content);
        awaitNoUploads(OTHER);
        driver.reset();
        try (BlobWriter put = registry.blobs(REPO).create()) {
            put.expect(digest);
            writeInPieces(put, content);
            assertThat(put.commit(digest, content.length).size()).isEqualTo(content.length);
        }
        if (writesAtBlob()) {
            assertThat(driver.writers.get()).as("writer() calls").isZero();
            assertThat(driver.moves.get()).as("move() calls").isZero();
        }
        assertThat(registry.blobs(REPO).get(digest)).isEqualTo(content);
        // other bytes stated as that blob: refused, and the stored blob is as it was
        byte[] forged = content.clone();
        forged[forged.length / 2] ^= 1;
        try (BlobWriter put = registry.blobs(REPO).create()) {
            put.expect(digest);
            writeInPieces(put, forged);
            assertThatThrownBy(() -> put.commit(digest, forged.length)).isInstanceOf(DigestInvalidException.class);
        }
        assertThat(backend.getContent(Layout.blobData(digest))).isEqualTo(content);
        awaitNoUploads(REPO);
    }

    @Test
    void aMonolithicUploadWithTheWrongDigestPublishesNothingAndLeavesNothingBehind() throws Exception {
        byte[] content = random(2 * RegistryOptions.defaults().bufferSize() + 5, 42);
        Digest stated = Digest.sha256(random(10, 43));
        BlobStore blobs = registry.blobs(REPO);
        String id;
        try (BlobWriter put = blobs.create()) {
            id = put.id();
            put.expect(stated);
            writeInPieces(put, content);
            assertThatThrownBy(() -> put.commit(stated, content.length)).isInstanceOf(DigestInvalidException.class)
                    .hasMessageContaining(stated.toString());
        }
        for (Digest digest : List.of(stated, Digest.sha256(content))) {
            assertThatThrownBy(() -> backend.stat(Layout.blobData(digest))).isInstanceOf(PathNotFoundException.class);
            // no writer session left at the blob's path either
            assertThatThrownBy(() -> backend.writer(Layout.blobData(digest), true)).isInstanceOf(PathNotFoundException.class);
        }
        assertThatThrownBy(() -> backend.list(Layout.upload(REPO, id))).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> blobs.resume(id)).isInstanceOf(BlobUploadUnknownException.class);
    }

    @Test
    void aMonolithicRequestCutShortLeavesTheUploadAsItFoundIt() throws Exception {
        int limit = RegistryOptions.defaults().bufferSize();
        byte[] content = random(3 * limit, 44);
        Digest digest = Digest.sha256(content);
        BlobStore blobs = registry.blobs(REPO);
        String id = begin(blobs, content, 10_000); // a PATCH's 10,000 bytes
        try (BlobWriter cut = blobs.resume(id)) { // a PUT whose body stops part way
            cut.expect(digest);
            cut.write(ByteBuffer.wrap(content, 10_000, 2 * limit));
        }
        assertThatThrownBy(() -> backend.stat(Layout.blobData(digest))).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> backend.writer(Layout.blobData(digest), true)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> backend.stat(Layout.uploadTarget(REPO, id))).isInstanceOf(PathNotFoundException.class);
        // where the PATCH's bytes were kept whole (object stores) and commits are atomic, the PUT's
        // went where the blob goes and are dropped; elsewhere they followed the PATCH's as usual
        int kept = writesAtBlob() ? 10_000 : 10_000 + 2 * limit;
        Descriptor stored;
        try (BlobWriter retry = anotherProcess().blobs(REPO).resume(id)) {
            assertThat(retry.size()).as("the upload after a request that was cut short").isEqualTo(kept);
            retry.expect(digest);
            writeInPieces(retry, Arrays.copyOfRange(content, kept, content.length));
            stored = retry.commit(digest, content.length);
        }
        assertThat(backend.getContent(Layout.blobData(stored.digest()))).isEqualTo(content);
        awaitNoUploads(REPO);
    }

    @Test
    void aDigestStatedUpFrontMustBeTheOneCommittedUnder() throws Exception {
        byte[] content = random(2 * RegistryOptions.defaults().bufferSize(), 45);
        Digest digest = Digest.sha256(content);
        try (BlobWriter put = registry.blobs(REPO).create()) {
            put.expect(digest);
            writeInPieces(put, content);
            Digest other = Digest.parse("sha512:" + "ab".repeat(64));
            assertThatThrownBy(() -> put.commit(other)).isInstanceOf(DigestInvalidException.class);
        }
        assertThatThrownBy(() -> backend.stat(Layout.blobData(digest))).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void anUploadContinuedFromItsStartReplacesWhatAnEarlierRequestStored() throws Exception {
        BlobStore blobs = registry.blobs(REPO);
        byte[] lost = random(30_000, 13);
        byte[] content = random(200_000, 14);
        String id;
        Instant startedAt;
        try (BlobWriter first = blobs.create()) {
            id = first.id();
            startedAt = first.startedAt();
            first.write(ByteBuffer.wrap(lost)); // stored, but the client never learned of it
        }
        try (BlobWriter again = blobs.resumeFromStart(id, startedAt)) {
            assertThat(again.size()).isZero();
            again.write(ByteBuffer.wrap(content));
            assertThat(again.size()).isEqualTo(content.length);
            again.commit(Digest.sha256(content), content.length);
        }
        assertThat(blobs.get(Digest.sha256(content))).isEqualTo(content);
        awaitNoUploads(REPO);
    }

    @Test
    void anUploadThatEndedIsUnknownEvenWhenVouchedFor() throws Exception {
        BlobStore blobs = registry.blobs(REPO);
        byte[] content = random(3_000, 15);
        // completed without ever being stored (POST, then a PUT with the whole blob)
        BlobWriter completed = begin(blobs);
        try (BlobWriter put = blobs.resumeFromStart(completed.id(), completed.startedAt())) {
            put.write(ByteBuffer.wrap(content));
            put.commit(Digest.sha256(content));
        }
        // cancelled without ever being stored (POST, then DELETE)
        BlobWriter cancelled = begin(blobs);
        try (BlobWriter delete = blobs.resumeFromStart(cancelled.id(), cancelled.startedAt())) {
            delete.cancel();
        }
        for (BlobWriter ended : List.of(completed, cancelled)) {
            assertThatThrownBy(() -> blobs.resume(ended.id(), ended.startedAt(), 0))
                    .isInstanceOf(BlobUploadUnknownException.class).hasMessageContaining(ended.id());
            assertThatThrownBy(() -> blobs.resumeFromStart(ended.id(), ended.startedAt()))
                    .isInstanceOf(BlobUploadUnknownException.class);
            assertThatThrownBy(() -> blobs.resume(ended.id())).isInstanceOf(BlobUploadUnknownException.class);
        }
        assertThatThrownBy(() -> blobs.resumeFromStart("../../blobs", completed.startedAt()))
                .isInstanceOf(BlobUploadUnknownException.class).hasMessageContaining("UUID");
        assertThat(blobs.get(Digest.sha256(content))).isEqualTo(content);
        assertThatThrownBy(() -> backend.list(Layout.uploads(REPO))).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void anEmptyBlobSentAsAPostAndAnEmptyPutIsStored() throws Exception {
        BlobStore blobs = registry.blobs(REPO);
        BlobWriter begun = begin(blobs);
        Digest empty = Digest.sha256(new byte[0]);
        try (BlobWriter finished = blobs.resumeFromStart(begun.id(), begun.startedAt())) {
            assertThat(finished.commit(empty, 0).size()).isZero();
        }
        assertThat(blobs.get(empty)).isEmpty();
        assertThat(backend.getContent(Layout.blobData(empty))).isEmpty();
        assertThatThrownBy(() -> blobs.resume(begun.id(), begun.startedAt(), 0)).isInstanceOf(BlobUploadUnknownException.class);
    }

    @Test
    void unknownAndMalformedUploadIdsAreUnknown() {
        BlobStore blobs = registry.blobs(REPO);
        assertThatThrownBy(() -> blobs.resume("6f1c4c1e-8a55-4c7d-9d61-3b8f52e1a001"))
                .isInstanceOf(BlobUploadUnknownException.class).hasMessageContaining("library/app");
        assertThatThrownBy(() -> blobs.resume("../../blobs")).isInstanceOf(BlobUploadUnknownException.class)
                .hasMessageContaining("UUID");
    }

    @Test
    void aSecondRequestForAnUploadInUseIsRefused() throws Exception {
        BlobStore blobs = registry.blobs(REPO);
        byte[] content = random(5_000, 8);
        try (BlobWriter writer = blobs.create()) {
            writer.write(ByteBuffer.wrap(content));
            assertThatThrownBy(() -> blobs.resume(writer.id()))
                    .isInstanceOf(BlobUploadInvalidException.class).hasMessageContaining("in use");
            writer.close();
            try (BlobWriter again = blobs.resume(writer.id())) {
                assertThat(again.commit(Digest.sha256(content)).size()).isEqualTo(5_000);
            }
        }
    }

    @Test
    void sameContentUploadedToTwoRepositoriesAtOnceLeavesOneBlob() throws Exception {
        byte[] content = random(2_000_000, 9);
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Descriptor>> results = new ArrayList<>();
            for (RepositoryName name : List.of(REPO, OTHER)) {
                results.add(pool.submit((Callable<Descriptor>) () -> {
                    try (BlobWriter writer = registry.blobs(name).create()) {
                        writer.write(ByteBuffer.wrap(content));
                        barrier.await();
                        return writer.commit(Digest.sha256(content));
                    }
                }));
            }
            for (Future<Descriptor> f : results) {
                assertThat(f.get().digest()).isEqualTo(Digest.sha256(content));
            }
        } finally {
            pool.shutdownNow();
        }
        List<Digest> all = new ArrayList<>();
        registry.blobs().enumerate(all::add);
        assertThat(all).containsExactly(Digest.sha256(content));
        assertThat(registry.blobs(REPO).get(Digest.sha256(content))).isEqualTo(content);
        assertThat(registry.blobs(OTHER).get(Digest.sha256(content))).isEqualTo(content);
    }

    @Test
    void uploadOfContentAlreadyStoredIsDroppedAndLinked() throws Exception {
        byte[] content = random(50_000, 10);
        upload(registry.blobs(REPO), content);
        Descriptor again = upload(registry.blobs(OTHER), content);
        assertThat(again.digest()).isEqualTo(Digest.sha256(content));
        awaitNoUploads(OTHER);
        assertThat(registry.blobs(OTHER).get(again.digest())).isEqualTo(content);
    }

    @Test
    void twoProcessesResumingOneUploadNeverCorruptABlob() throws Exception {
        byte[] start = random(10_000, 30);
        String id;
        try (BlobWriter writer = registry.blobs(REPO).create()) {
            id = writer.id();
            writer.write(ByteBuffer.wrap(start));
        }
        Registry other = anotherProcess();
        byte[] tailA = random(6_000_000, 31);
        byte[] tailB = random(6_000_000, 32);
        BlobWriter a = registry.blobs(REPO).resume(id);
        a.write(ByteBuffer.wrap(tailA, 0, 3_000_000));
        BlobWriter b;
        try {
            b = other.blobs(REPO).resume(id);
        } catch (IOException refused) {
            // the driver refuses a second writer across processes: the first goes on undisturbed
            assertThat(refused).isInstanceOf(BlobUploadInvalidException.class).hasMessageContaining(id);
            System.out.println(backend.name() + ": a second process resuming an upload in use is refused");
            a.write(ByteBuffer.wrap(tailA, 3_000_000, 3_000_000));
            byte[] whole = concat(start, tailA);
            a.commit(Digest.sha256(whole));
            assertThat(read(registry.blobs(REPO).open(Digest.sha256(whole)))).isEqualTo(whole);
            return;
        }
        // the driver lets both write: whatever either commits, every stored blob matches its digest
        System.out.println(backend.name() + ": a second process may resume an upload in use");
        b.write(ByteBuffer.wrap(tailB));
        a.write(ByteBuffer.wrap(tailA, 3_000_000, 3_000_000));
        // both requests end; each saves a hash state for the same offset over different bytes
        a.close();
        b.close();
        for (var client : List.of(Map.entry(registry, concat(start, tailA)), Map.entry(other, concat(start, tailB)))) {
            try (BlobWriter writer = client.getKey().blobs(REPO).resume(id)) {
                writer.commit(Digest.sha256(client.getValue()));
            } catch (IOException refused) {
                // refused on commit (the data does not match the client's bytes): fine, if typed
                assertThat(refused).isInstanceOf(dev.stowage.registry.RegistryException.class);
            }
        }
        List<Digest> stored = new ArrayList<>();
        registry.blobs().enumerate(stored::add);
        for (Digest digest : stored) {
            assertThat(Digest.sha256(read(registry.blobs().open(digest)))).as("content of " + digest).isEqualTo(digest);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    // ---- links, mounts, deletes -----------------------------------------------------------

    @Test
    void aRepositorySeesOnlyBlobsItLinks() throws Exception {
        Descriptor stored = upload(registry.blobs(REPO), random(1_000, 11));
        assertThatThrownBy(() -> registry.blobs(OTHER).stat(stored.digest()))
                .isInstanceOf(BlobUnknownException.class).hasMessageContaining("team/other-app");
        assertThatThrownBy(() -> registry.blobs(OTHER).verify(stored.digest())).isInstanceOf(BlobUnknownException.class);
        assertThatThrownBy(() -> registry.blobs(OTHER).get(stored.digest())).isInstanceOf(BlobUnknownException.class);
        assertThatThrownBy(() -> registry.blobs(OTHER).serve(BlobRequest.get(stored.digest())))
                .isInstanceOf(BlobUnknownException.class);
    }

    @Test
    void mountLinksWithoutCopyingAndNeedsTheSource() throws Exception {
        byte[] content = random(1_000, 12);
        Descriptor stored = upload(registry.blobs(REPO), content);
        assertThat(registry.blobs(OTHER).mount(REPO, stored.digest())).isEqualTo(stored);
        assertThat(registry.blobs(OTHER).get(stored.digest())).isEqualTo(content);
        List<Digest> all = new ArrayList<>();
        registry.blobs().enumerate(all::add);
        assertThat(all).containsExactly(stored.digest());

        Digest absent = Digest.sha256("absent".getBytes(US_ASCII));
        assertThatThrownBy(() -> registry.blobs(OTHER).mount(REPO, absent)).isInstanceOf(BlobUnknownException.class);
        RepositoryName third = new RepositoryName("third");
        assertThatThrownBy(() -> registry.blobs(REPO).mount(third, stored.digest())).isInstanceOf(BlobUnknownException.class);
    }

    @Test
    void deleteRemovesTheLinkOnlyAndCanBeSwitchedOff() throws Exception {
        byte[] content = random(1_000, 13);
        Descriptor stored = upload(registry.blobs(REPO), content);
        Registry readOnly = open(driver, BlobDescriptorCache.none(), RegistryOptions.defaults());
        assertThatThrownBy(() -> readOnly.blobs(REPO).delete(stored.digest()))
                .isInstanceOf(OperationUnsupportedException.class);
        assertThat(registry.blobs(REPO).get(stored.digest())).isEqualTo(content);

        registry.blobs(REPO).delete(stored.digest());
        assertThatThrownBy(() -> registry.blobs(REPO).stat(stored.digest())).isInstanceOf(BlobUnknownException.class);
        assertThatThrownBy(() -> registry.blobs(REPO).delete(stored.digest())).isInstanceOf(BlobUnknownException.class);
        assertThat(registry.blobs().get(stored.digest())).isEqualTo(content);
    }

    @Test
    void globalStoreEnumeratesAndDeletes() throws Exception {
        List<Digest> pushed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pushed.add(registry.blobs(i % 2 == 0 ? REPO : OTHER).put("application/json", random(100 + i, 20 + i)).digest());
        }
        List<Digest> all = new ArrayList<>();
        registry.blobs().enumerate(all::add);
        assertThat(all).containsExactlyInAnyOrderElementsOf(pushed);
        registry.blobs().delete(pushed.get(0));
        assertThatThrownBy(() -> registry.blobs().stat(pushed.get(0))).isInstanceOf(BlobUnknownException.class);
        assertThatThrownBy(() -> registry.blobs().delete(pushed.get(0))).isInstanceOf(BlobUnknownException.class);
        all.clear();
        registry.blobs().enumerate(all::add);
        assertThat(all).hasSize(4);
    }

    @Test
    void smallBlobReadsAreCapped() throws Exception {
        Registry capped = open(driver, BlobDescriptorCache.none(), RegistryOptions.defaults().withMaxSmallBlobSize(1_000));
        Descriptor big = upload(capped.blobs(REPO), random(1_001, 14));
        assertThatThrownBy(() -> capped.blobs(REPO).get(big.digest())).isInstanceOf(SizeInvalidException.class)
                .hasMessageContaining("1001");
        assertThat(read(capped.blobs(REPO).open(big.digest()))).hasSize(1_001);
    }

    @Test
    void openWithAKnownDescriptorNeverStats() throws Exception {
        byte[] content = random(70_000, 15);
        Descriptor stored = upload(registry.blobs(REPO), content);
        driver.reset();
        try (SeekableByteChannel channel = registry.blobs(REPO).open(stored)) {
            channel.position(60_000);
            ByteBuffer tail = ByteBuffer.allocate(10_000);
            while (tail.hasRemaining() && channel.read(tail) > 0) {
                // read on
            }
            assertThat(tail.array()).isEqualTo(Arrays.copyOfRange(content, 60_000, 70_000));
        }
        assertThat(driver.stats.get()).isZero();
    }

    // ---- serving --------------------------------------------------------------------------

    @Test
    void servesWholeBlobsRangesAndConditionalRequests() throws Exception {
        byte[] content = random(10_000, 16);
        Registry noRedirect = open(driver, BlobDescriptorCache.none(), RegistryOptions.defaults().withRedirect(false));
        BlobStore blobs = noRedirect.blobs(REPO);
        Digest digest = upload(blobs, content).digest();

        BlobResponse whole = blobs.serve(BlobRequest.get(digest));
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.headers()).containsEntry("Docker-Content-Digest", digest.toString())
                .containsEntry("Content-Length", "10000").containsEntry("ETag", "\"" + digest + "\"")
                .containsEntry("Content-Type", "application/octet-stream").containsEntry("Accept-Ranges", "bytes");
        assertThat(body(whole)).isEqualTo(content);

        BlobResponse part = blobs.serve(BlobRequest.get(digest).withRange("bytes=100-199"));
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.headers()).containsEntry("Content-Range", "bytes 100-199/10000").containsEntry("Content-Length", "100");
        assertThat(body(part)).isEqualTo(Arrays.copyOfRange(content, 100, 200));

        assertThat(body(blobs.serve(BlobRequest.get(digest).withRange("bytes=-300")))).isEqualTo(Arrays.copyOfRange(content, 9_700, 10_000));
        assertThat(body(blobs.serve(BlobRequest.get(digest).withRange("bytes=9990-")))).isEqualTo(Arrays.copyOfRange(content, 9_990, 10_000));
        assertThat(body(blobs.serve(BlobRequest.get(digest).withRange("bytes=9990-20000")))).hasSize(10);
        assertThat(blobs.serve(BlobRequest.get(digest).withRange("bytes=0-1,5-6")).status()).isEqualTo(200);
        BlobResponse outside = blobs.serve(BlobRequest.get(digest).withRange("bytes=10000-"));
        assertThat(outside.status()).isEqualTo(416);
        assertThat(outside.headers()).containsEntry("Content-Range", "bytes */10000");

        assertThat(blobs.serve(BlobRequest.get(digest).withIfNoneMatch("\"" + digest + "\"")).status()).isEqualTo(304);
        assertThat(blobs.serve(BlobRequest.get(digest).withIfNoneMatch("\"sha256:other\"")).status()).isEqualTo(200);

        BlobResponse head = blobs.serve(BlobRequest.head(digest));
        assertThat(head.status()).isEqualTo(200);
        assertThat(((BlobResponse.Content) head).body()).isEmpty();
        assertThat(head.headers()).containsEntry("Content-Length", "10000");
    }

    @Test
    void getRedirectsWhenTheDriverCanAndRedirectsAreOnButHeadIsAnswered() throws Exception {
        Digest digest = upload(registry.blobs(REPO), random(1_000, 17)).digest();
        BlobResponse response = registry.blobs(REPO).serve(BlobRequest.get(digest));
        if (backend.capabilities().redirect()) {
            assertThat(response).isInstanceOf(BlobResponse.Redirect.class);
            assertThat(response.status()).isEqualTo(307);
            assertThat(response.headers()).containsKey("Location").containsEntry("Docker-Content-Digest", digest.toString());
            // signed once, handed out again: one URL serves every client for a while
            assertThat(registry.blobs(REPO).serve(BlobRequest.get(digest)).headers().get("Location"))
                    .isEqualTo(response.headers().get("Location"));
        } else {
            assertThat(response.status()).isEqualTo(200);
        }
        BlobResponse head = registry.blobs(REPO).serve(BlobRequest.head(digest));
        assertThat(head.status()).as("a HEAD is answered, not redirected").isEqualTo(200);
        assertThat(head.headers()).containsEntry("Docker-Content-Digest", digest.toString());
        Registry off = open(driver, BlobDescriptorCache.none(), RegistryOptions.defaults().withRedirect(false));
        assertThat(off.blobs(REPO).serve(BlobRequest.get(digest)).status()).isEqualTo(200);
    }

    // ---- caches never decide a write ------------------------------------------------------

    @Test
    void aCachedBlobDeletedBehindTheRegistrysBackIsNeverTakenAsPresentForAWrite() throws Exception {
        Registry cached = open(driver, newCache(), RegistryOptions.defaults().withRedirect(false));
        BlobStore blobs = cached.blobs(REPO);
        byte[] content = random(20_000, 18);
        Digest digest = upload(blobs, content).digest();
        assertThat(blobs.stat(digest).size()).isEqualTo(20_000); // now cached
        assertThat(cached.blobs().stat(digest).size()).isEqualTo(20_000);

        backend.delete(Layout.blobDirectory(digest)); // as garbage collection in another process does

        assertThatThrownBy(() -> blobs.verify(digest)).isInstanceOf(BlobUnknownException.class);
        assertThatThrownBy(() -> blobs.serve(BlobRequest.head(digest))).isInstanceOf(BlobUnknownException.class);
        assertThatThrownBy(() -> cached.blobs(OTHER).mount(REPO, digest)).isInstanceOf(BlobUnknownException.class);
        // a re-push is not skipped: the data goes back into place
        upload(blobs, content);
        assertThat(backend.getContent(Layout.blobData(digest))).isEqualTo(content);
        assertThat(body(blobs.serve(BlobRequest.get(digest)))).isEqualTo(content);
    }

    @Test
    void aCachedBlobThatVanishedFailsItsReadAndIsForgotten() throws Exception {
        Registry cached = open(driver, newCache(), RegistryOptions.defaults().withRedirect(false));
        BlobStore blobs = cached.blobs(REPO);
        Digest digest = upload(blobs, random(2_000, 19)).digest();
        blobs.stat(digest);
        backend.delete(Layout.blobDirectory(digest));
        BlobResponse stale = blobs.serve(BlobRequest.get(digest));
        assertThatThrownBy(() -> body(stale)).isInstanceOf(BlobUnknownException.class);
        assertThatThrownBy(() -> blobs.stat(digest)).isInstanceOf(BlobUnknownException.class);
    }
}
