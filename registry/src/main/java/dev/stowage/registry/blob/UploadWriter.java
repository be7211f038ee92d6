package dev.stowage.registry.blob;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.stowage.driver.AbstractFileWriter;
import dev.stowage.driver.BufferBudget;
import dev.stowage.driver.Capabilities;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.UnsupportedMethodException;
import dev.stowage.registry.BlobUploadInvalidException;
import dev.stowage.registry.BlobUploadUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestAlgorithm;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.SizeInvalidException;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.upload.InvalidHashStateException;
import dev.stowage.registry.upload.ResumableSha256;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * An upload's writer: the driver's writer on {@code _uploads/<id>/data} and a resumable SHA-256
 * fed the same bytes. Closing saves the hash state as {@code hashstates/sha256/<size>} in the Go
 * registry's format (not for an upload still empty: its state is a fresh hash, as Go assumes too);
 * resuming restores the newest state at or below the data's size.
 *
 * <p>An upload is in storage only once it holds bytes: {@link #create} writes nothing, and its
 * id and start are the caller's to keep (the server signs them into the client's {@code _state}
 * token) and to vouch for when the upload is continued ({@link #resumeVouched}, {@link #resumeFromStart}). The first bytes
 * are held in memory, up to the registry's buffer size
 * ({@link dev.stowage.registry.RegistryOptions#bufferSize()}); {@code startedat} is written and
 * the driver's writer opened only when more come, or when a request ends without a commit. A small
 * blob sent in one request (a POST and a PUT) therefore never touches the upload's folder: a
 * commit puts the held bytes straight at the blob's path, and an upload begun and given up (a
 * client that stops, a mount attempt) leaves nothing behind. An upload whose data cannot be found
 * is taken as still empty, and one continued from its start opens a fresh writer, which replaces
 * whatever data it had.
 *
 * <p>On a driver that cannot append to committed content (the object stores: see
 * {@link dev.stowage.driver.Capabilities#appendToCommitted()}), an upload holds more than the
 * buffer size: up to one of the driver's parts ({@link #wholeLimit(LinkedStore)}), with room taken as it grows
 * from the registry's {@link HeldMemory} while that has some free. A request that ends with its
 * bytes still held keeps them as one whole file, {@code data}, rather than in a writer session (on
 * S3 a multipart upload and a pending tail: five requests against one), and the next request
 * reads them back into memory. A writer session the upload opens later, once it outgrows the buffer,
 * takes precedence over that file when the upload is continued, and replaces it on commit.
 *
 * <p>A resumed upload on a driver whose writers are not exclusive across processes
 * ({@link dev.stowage.driver.Capabilities#exclusiveWriters()}, false for S3 and Azure) is read back
 * once on commit: two processes may have continued it at once, and only the data itself can say
 * whether the saved hash state still describes it. One that fits the buffer is read into memory
 * and those bytes are put at the blob's path, rather than the data moved there. Where the driver
 * tags its writer sessions ({@link FileWriter#sessionTag()}: S3, Azure), closing also saves the hash state
 * with the session's tag ({@code sessionstates/sha256/<size>}), and an upload every request of
 * which found its session as the one before left it (tagged alike) is not read back: its hash
 * state is known to describe it.
 *
 * <p>An upload told its digest before its bytes arrive ({@link #expect}), on an object store
 * (a driver that cannot append to committed content) that publishes a writer's bytes only on commit
 * ({@link dev.stowage.driver.Capabilities#atomicCommit()}), is written where the blob goes once it outgrows the buffer while holding nothing in storage: the
 * driver's writer is opened on the blob's path (after {@code startedat} and a {@code target} file
 * naming the digest, by which the upload purger discards the session should the process die), and
 * committed only if the bytes have that digest. Nothing is moved or read back; on S3 a copy of the
 * whole blob is saved. A blob already stored is not written again: the bytes are only hashed, to
 * verify them. Such bytes cannot stay with the upload: a request that ends without a commit
 * cancels them, and the upload is as the request found it.
 */
final class UploadWriter implements BlobWriter {

    private static final Logger LOG = Logger.getLogger(UploadWriter.class.getName());
    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String HASH = DigestAlgorithm.SHA256.id();
    private static final int CATCH_UP_BUFFER = 1 << 20;
    /** The most held bytes handed to the driver's writer in one call: 64 KiB, what the server reads at a time. */
    private static final int HANDOVER_PIECE = 64 << 10;

    private final LinkedStore store;
    private final RepositoryName repository;
    private final String id;
    private final Instant startedAt;
    /**
     * The driver's writer: null while the upload has no bytes in storage (its bytes so far, if
     * any, are {@link #held}).
     */
    private FileWriter data;
    /** The bytes of an upload that has no data in storage yet, in {@code held[0, heldLength)}. */
    private byte[] held = new byte[0];
    private int heldLength;
    /** The most bytes {@link #held} may take now: the buffer size, plus the room taken in {@link #grants}. */
    private int holdLimit;
    /** The most bytes the upload may hold whole (see {@link #wholeLimit(LinkedStore)}). */
    private final int wholeLimit;
    /** Room taken from the registry's {@link HeldMemory} for held bytes beyond the buffer size. */
    private final List<BufferBudget.Grant> grants = new ArrayList<>();
    private ResumableSha256 hash;
    private final UploadLocks.Claim claim;
    private final boolean resumed;
    /** Where the upload's folder stands in storage. */
    private Trace trace;
    private boolean dataCommitted;
    private boolean ended;
    /** The digest stated before the bytes arrived ({@link #expect}), or null. */
    private Digest target;
    /** Whether {@link #data} writes at the target blob's path rather than the upload's (or is {@link Unkept}). */
    private boolean atBlob;
    /** Whether the upload's {@code target} file is written. */
    private boolean targetRecorded;
    /**
     * Whether {@link #hash} is known to describe {@link #data}: a session this writer started, or
     * one continued that its tag shows to be as the state saved with it describes.
     */
    private boolean sessionVerified;

    /** What storage holds of an upload. */
    private enum Trace {
        /** Nothing: begun by this writer, which has stored no bytes yet. */
        NONE,
        /**
         * Perhaps something: an upload vouched for and continued from its start without a look,
         * which a request the client never heard back from may have stored.
         */
        UNKNOWN,
        /** Its {@code startedat}, at least. */
        RECORDED
    }

    private UploadWriter(LinkedStore store, String id, Instant startedAt, FileWriter data, ResumableSha256 hash,
                         UploadLocks.Claim claim, boolean resumed, Trace trace) {
        this.store = store;
        this.repository = store.repository();
        this.id = id;
        this.startedAt = startedAt;
        this.data = data;
        this.hash = hash;
        this.claim = claim;
        this.resumed = resumed;
        this.trace = trace;
        this.holdLimit = store.bufferSize();
        this.wholeLimit = wholeLimit(store);
    }

    /** Begins an upload; nothing is stored until it holds bytes. */
    static UploadWriter create(LinkedStore store, UploadLocks locks, Clock clock) throws IOException {
        String id = UUID.randomUUID().toString();
        Instant startedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        UploadLocks.Claim claim = locks.acquire(store.repository(), id);
        return new UploadWriter(store, id, startedAt, null, ResumableSha256.create(), claim, false, Trace.NONE);
    }

    /**
     * Continues upload {@code id}, which the caller vouches was begun at {@code startedAt} and
     * holds {@code size} bytes, from what storage holds of it. An upload storage has no
     * {@code startedat} for has never held bytes: it continues empty if {@code size} is 0, and is
     * unknown otherwise (it has ended elsewhere). An upload that fits the buffer, on a driver that
     * keeps such uploads whole, is read straight back, with no other look-up.
     */
    static UploadWriter resumeVouched(LinkedStore store, UploadLocks locks, String id, Instant startedAt, long size)
            throws IOException {
        if (size > 0 && size <= wholeLimit(store) && keepsHeldWhole(store)) {
            UploadLocks.Claim claim = locks.acquire(store.repository(), requireUuid(store, id));
            try {
                Optional<Whole> whole = readWhole(store, id, size);
                if (whole.isPresent()) {
                    UploadWriter writer = new UploadWriter(store, id, vouched(startedAt), null, ResumableSha256.create(),
                            claim, true, Trace.RECORDED);
                    writer.adopt(whole.get());
                    return writer;
                }
            } catch (IOException | RuntimeException e) {
                claim.release();
                throw e;
            }
            claim.release(); // not kept whole, or outgrown by a writer session since: the usual look-ups
        }
        try {
            return resume(store, locks, id);
        } catch (BlobUploadUnknownException e) {
            if (size > 0 || locks.ended(store.repository(), requireUuid(store, id))) {
                throw e;
            }
            // not in storage: begun, and never given bytes
        }
        return new UploadWriter(store, id, vouched(startedAt), null, ResumableSha256.create(),
                locks.acquire(store.repository(), id), true, Trace.NONE);
    }

    /**
     * Continues upload {@code id}, which the caller vouches was begun at {@code startedAt}, from
     * its start: storage is not looked at, and the first write starts the data afresh.
     */
    static UploadWriter resumeFromStart(LinkedStore store, UploadLocks locks, String id, Instant startedAt)
            throws IOException {
        UploadLocks.Claim claim = locks.acquire(store.repository(), requireUuid(store, id));
        return new UploadWriter(store, id, vouched(startedAt), null, ResumableSha256.create(), claim, true, Trace.UNKNOWN);
    }

    /**
     * Whether the store keeps an upload's held bytes as one whole file at the end of a request: a
     * driver that cannot append to committed content (the object stores), whose writer sessions
     * cost several requests to open, close and continue.
     */
    private static boolean keepsHeldWhole(LinkedStore store) {
        return !store.storage().capabilities().appendToCommitted();
    }

    /**
     * Whether an upload stated up front is written where its blob goes: on an object store (no
     * append to committed content), where moving the upload into place is a copy of it (and its
     * writers not exclusive, a read-back), and only if its commits are atomic. On the filesystem a
     * move is a rename, which the {@code target} file would cost as much as.
     */
    private static boolean writesAtBlob(LinkedStore store) {
        Capabilities capabilities = store.storage().capabilities();
        return capabilities.atomicCommit() && !capabilities.appendToCommitted();
    }

    /**
     * The most bytes an upload holds whole. Where held bytes are kept whole (the object stores),
     * less than one of the driver's parts: a writer session that never fills a part is requests
     * for nothing (on S3 a multipart upload and a tail object to keep it, a listing of its parts
     * and a read of the tail to continue it, an abort and a PUT to commit it, then a read-back and
     * a copy into place), where a whole file is one PUT and one GET. At most
     * {@link HeldMemory#MOST_PER_UPLOAD}, and at most what the held memory holds besides the
     * buffer; elsewhere the buffer size.
     */
    private static int wholeLimit(LinkedStore store) {
        int buffer = store.bufferSize();
        if (!keepsHeldWhole(store)) {
            return buffer;
        }
        long part = store.storage().capabilities().minPartSize();
        long most = Math.min(Math.min(part, HeldMemory.MOST_PER_UPLOAD), buffer + store.heldMemory().limit());
        return (int) Math.max(buffer, most);
    }

    /** A vouched start, to the second as {@code startedat} holds it (a Go registry's token carries nanoseconds). */
    private static Instant vouched(Instant startedAt) {
        return startedAt.truncatedTo(ChronoUnit.SECONDS);
    }

    private static String requireUuid(LinkedStore store, String id) throws BlobUploadUnknownException {
        if (id == null || !UUID_FORM.matcher(id).matches()) {
            throw new BlobUploadUnknownException("no upload \"" + id + "\" in " + store.repository()
                    + ": upload ids are lowercase UUIDs");
        }
        return id;
    }

    /** Continues upload {@code id} from its data and saved hash state; its {@code startedat} must be in storage. */
    static UploadWriter resume(LinkedStore store, UploadLocks locks, String id) throws IOException {
        RepositoryName repository = store.repository();
        UploadLocks.Claim claim = locks.acquire(repository, requireUuid(store, id));
        FileWriter data = null;
        try {
            StorageDriver driver = store.storage();
            Instant startedAt = readStartedAt(driver, repository, id);
            try {
                data = openData(store, id, true);
            } catch (UnsupportedMethodException e) {
                // committed content the driver cannot continue: bytes a request kept whole
                Whole whole = readWhole(store, id, -1).orElseThrow(() -> new BlobUploadInvalidException("upload " + id
                        + " of " + repository + " holds committed data that is gone or larger than the " + wholeLimit(store)
                        + " bytes kept whole, which this driver cannot continue; start the upload again", e));
                UploadWriter writer = new UploadWriter(store, id, startedAt, null, ResumableSha256.create(), claim, true,
                        Trace.RECORDED);
                writer.adopt(whole);
                return writer;
            }
            Optional<ResumableSha256> tagged = data == null ? Optional.empty() : restoreTagged(driver, repository, id, data);
            ResumableSha256 hash = tagged.isPresent() ? tagged.get()
                    : restoreHash(driver, repository, id, data == null ? 0 : data.size());
            UploadWriter writer = new UploadWriter(store, id, startedAt, data, hash, claim, true, Trace.RECORDED);
            writer.sessionVerified = tagged.isPresent();
            return writer;
        } catch (IOException | RuntimeException e) {
            if (data != null) {
                closeQuietly(data, e);
            }
            claim.release();
            throw e;
        }
    }

    /** Bytes read back whole, with the room they take in the held memory (null if they fit the buffer). */
    private record Whole(byte[] bytes, BufferBudget.Grant room) {}

    /**
     * The upload's data kept whole ({@link #keepHeldWhole}), read back, or empty if there is no
     * such file, or it is larger than the whole limit (then it is not one this registry kept
     * whole), or it is not of the {@code size} vouched for (-1: not known; a file kept by an
     * earlier request, which a writer session opened since has outgrown, is smaller). Room beyond
     * the buffer size is taken from the held memory first, waiting for it if need be.
     */
    private static Optional<Whole> readWhole(LinkedStore store, String id, long size) throws IOException {
        int buffer = store.bufferSize();
        long most = size >= 0 ? Math.max(buffer, size) : wholeLimit(store);
        String path = Layout.uploadData(store.repository(), id);
        BufferBudget.Grant room = most > buffer ? store.heldMemory().take(most - buffer, path) : null;
        try (InputStream in = store.storage().reader(path, 0)) {
            byte[] content = in.readNBytes((int) most + 1);
            if (content.length > most || (size >= 0 && content.length != size)) {
                closeRoom(room);
                return Optional.empty();
            }
            if (content.length <= buffer && room != null) {
                closeRoom(room);
                room = null;
            }
            return Optional.of(new Whole(content, room));
        } catch (PathNotFoundException e) {
            closeRoom(room);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            closeRoom(room);
            throw e;
        }
    }

    private static void closeRoom(BufferBudget.Grant room) {
        if (room != null) {
            room.close();
        }
    }

    private static Instant readStartedAt(StorageDriver driver, RepositoryName repository, String id)
            throws IOException {
        byte[] content;
        try {
            content = driver.getContent(Layout.uploadStartedAt(repository, id));
        } catch (PathNotFoundException e) {
            throw new BlobUploadUnknownException("no upload " + id + " in " + repository, e);
        }
        String text = new String(content, US_ASCII).trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BlobUploadInvalidException("upload " + id + " of " + repository
                    + " has an unreadable startedat \"" + text + "\"", e);
        }
    }

    /**
     * The hash state saved with the tag the continued session {@code data} has now, or empty if
     * the driver does not tag sessions, none was saved for its size, or it was saved for a session
     * tagged otherwise (another process continued it since, or a close that failed part way).
     */
    private static Optional<ResumableSha256> restoreTagged(StorageDriver driver, RepositoryName repository, String id,
            FileWriter data) throws IOException {
        Optional<String> tag = data.sessionTag();
        long size = data.size();
        if (tag.isEmpty() || size == 0) {
            return Optional.empty();
        }
        byte[] saved;
        try {
            saved = driver.getContent(Layout.uploadSessionState(repository, id, HASH, size));
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
        byte[] head = sessionStateHead(tag.get());
        if (saved.length <= head.length || !Arrays.equals(saved, 0, head.length, head, 0, head.length)) {
            return Optional.empty();
        }
        try {
            ResumableSha256 hash = ResumableSha256.restore(Arrays.copyOfRange(saved, head.length, saved.length));
            return hash.length() == size ? Optional.of(hash) : Optional.empty();
        } catch (InvalidHashStateException e) {
            return Optional.empty();
        }
    }

    /** What a {@code sessionstates} file starts with, its hash state after: the session's tag and a newline. */
    private static byte[] sessionStateHead(String tag) {
        return (tag + "\n").getBytes(US_ASCII);
    }

    /**
     * The hash of the first {@code size} bytes: the newest saved state at or below {@code size},
     * plus whatever lies between it and {@code size} read back from the data (only after a crash,
     * or for an upload that another registry wrote in place).
     */
    private static ResumableSha256 restoreHash(StorageDriver driver, RepositoryName repository, String id, long size)
            throws IOException {
        if (size == 0) {
            return ResumableSha256.create(); // an upload that has no bytes yet: nothing was hashed
        }
        // The usual case: the previous request saved a state for exactly the data's size.
        try {
            ResumableSha256 exact = ResumableSha256.restore(
                    driver.getContent(Layout.uploadHashState(repository, id, HASH, size)));
            if (exact.length() == size) {
                return exact;
            }
        } catch (PathNotFoundException | InvalidHashStateException e) {
            // look for an older state below
        }
        long best = -1;
        try {
            for (String path : driver.list(Layout.uploadHashStates(repository, id, HASH))) {
                String name = path.substring(path.lastIndexOf('/') + 1);
                try {
                    long offset = Long.parseLong(name);
                    if (offset <= size && offset > best) {
                        best = offset;
                    }
                } catch (NumberFormatException e) {
                    // not a state
                }
            }
        } catch (PathNotFoundException e) {
            // no state saved yet
        }
        ResumableSha256 hash;
        if (best < 0) {
            hash = ResumableSha256.create();
            best = 0;
        } else {
            try {
                hash = ResumableSha256.restore(driver.getContent(Layout.uploadHashState(repository, id, HASH, best)));
            } catch (InvalidHashStateException e) {
                throw new BlobUploadInvalidException("upload " + id + " of " + repository + ": the hash state at offset "
                        + best + " is unusable: " + e.getMessage(), e);
            }
        }
        if (hash.length() != best) {
            throw new BlobUploadInvalidException("upload " + id + " of " + repository + ": the hash state saved as offset "
                    + best + " covers " + hash.length() + " bytes");
        }
        if (best < size) {
            catchUp(driver, repository, id, hash, best, size);
        }
        return hash;
    }

    private static void catchUp(StorageDriver driver, RepositoryName repository, String id, ResumableSha256 hash,
                                long from, long size) throws IOException {
        try (InputStream in = driver.reader(Layout.uploadData(repository, id), from)) {
            byte[] buffer = new byte[(int) Math.min(CATCH_UP_BUFFER, size - from)];
            long left = size - from;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("upload data ended " + left + " bytes early");
                }
                hash.update(buffer, 0, n);
                left -= n;
            }
        } catch (PathNotFoundException | InvalidOffsetException | EOFException e) {
            throw new BlobUploadInvalidException("upload " + id + " of " + repository + " holds " + size
                    + " bytes but its hash state covers only " + from + ", and the rest cannot be read back"
                    + " (the driver keeps uploads hidden); start the upload again", e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public long size() {
        return data == null ? heldLength : data.size();
    }

    @Override
    public boolean isOpen() {
        return !ended;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        ensureOpen();
        int total = source.remaining();
        if (total == 0) {
            return 0;
        }
        if (data == null) {
            if (total <= holdLimit - heldLength || roomFor((long) heldLength + total)) {
                hold(source);
                return total;
            }
            if (!startAtBlob()) {
                startData();
            }
            writeHeld();
        }
        ByteBuffer taken = source.duplicate();
        try {
            while (source.hasRemaining()) {
                data.write(source);
            }
        } finally {
            taken.limit(source.position());
            hash.update(taken);
        }
        return total;
    }

    /**
     * Makes room to hold {@code needed} bytes, within the whole limit, from the registry's held
     * memory (in doubling steps) if it has that much free now.
     */
    private boolean roomFor(long needed) throws IOException {
        if (needed > wholeLimit) {
            return false;
        }
        int target = (int) Math.min(wholeLimit, Math.max(needed, 2L * holdLimit));
        Optional<BufferBudget.Grant> room = store.heldMemory().tryTake(target - holdLimit, Layout.uploadData(repository, id));
        if (room.isEmpty()) {
            return false;
        }
        grants.add(room.get());
        holdLimit = target;
        return true;
    }

    /** Takes bytes read back whole as the held bytes, with their room. */
    private void adopt(Whole whole) {
        if (whole.room() != null) {
            grants.add(whole.room());
            holdLimit = store.bufferSize() + (int) whole.room().bytes();
        }
        held = whole.bytes();
        heldLength = held.length;
        hash.update(ByteBuffer.wrap(held));
    }

    /** Drops the held bytes and gives their room back. */
    private void releaseHeld() {
        held = new byte[0];
        heldLength = 0;
        for (BufferBudget.Grant room : grants) {
            room.close();
        }
        grants.clear();
        holdLimit = store.bufferSize();
    }

    private void hold(ByteBuffer source) {
        int total = source.remaining();
        if (held.length - heldLength < total) {
            held = Arrays.copyOf(held, Math.min(holdLimit, Math.max(heldLength + total, 2 * held.length)));
        }
        ByteBuffer taken = source.duplicate();
        source.get(held, heldLength, total);
        heldLength += total;
        hash.update(taken);
    }

    /**
     * Hands the held bytes to the driver's writer, just opened, in pieces no larger than a request
     * body's reads ({@link #HANDOVER_PIECE}), as they would have come without holding: a driver
     * that can take only some of them (its buffer memory spent) keeps those. If it fails part way,
     * the hash is made to cover exactly what the driver took (held bytes always start the upload),
     * so that closing saves a state true to the data.
     */
    private void writeHeld() throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(held, 0, heldLength);
        try {
            while (bytes.hasRemaining()) {
                ByteBuffer piece = bytes.slice(bytes.position(), Math.min(HANDOVER_PIECE, bytes.remaining()));
                try {
                    while (piece.hasRemaining()) {
                        data.write(piece);
                    }
                } finally {
                    bytes.position(bytes.position() + piece.position());
                }
            }
        } catch (IOException | RuntimeException e) {
            hash = ResumableSha256.create();
            hash.update(ByteBuffer.wrap(held, 0, bytes.position()));
            throw e;
        } finally {
            releaseHeld();
        }
    }

    /** The held bytes, exactly: the whole upload when it has no data in storage. */
    private byte[] heldBytes() {
        return held.length == heldLength ? held : Arrays.copyOf(held, heldLength);
    }

    /**
     * Opens a fresh writer on the upload's data for its first bytes, after writing its
     * {@code startedat} if storage may not have it: the upload purger dates an upload by it.
     */
    private void startData() throws IOException {
        recordStart();
        data = openData(store, id, false);
        sessionVerified = true;
    }

    @Override
    public void expect(Digest digest) {
        if (digest.algorithm() == DigestAlgorithm.SHA256) {
            target = digest;
        }
    }

    /**
     * Opens the driver's writer on the target blob's path, for an upload whose digest was stated
     * up front, on a driver that publishes only on commit: false (nothing opened) otherwise, or if
     * the driver will not open it (another request writing the same blob, on a driver with
     * exclusive writers), and the bytes go to the upload's data as usual.
     */
    private boolean startAtBlob() throws IOException {
        if (target == null || !writesAtBlob(store)) {
            return false;
        }
        if (store.blobInStorage(target)) {
            // Already stored: the bytes are hashed to be verified against it, and not kept. (Nor is
            // a published blob ever under a session that may be cancelled: S3Mock, unlike S3,
            // deletes an object when a multipart upload of its key is aborted.)
            data = new Unkept(Layout.blobData(target));
            atBlob = true;
            return true;
        }
        recordStart();
        store.storage().putContent(Layout.uploadTarget(repository, id), target.toString().getBytes(US_ASCII));
        targetRecorded = true;
        try {
            data = store.storage().writer(Layout.blobData(target), false);
        } catch (RegistryException e) {
            throw e;
        } catch (IOException e) {
            LOG.log(Level.FINE, () -> "upload " + id + " of " + repository + " is not written at the path of blob " + target
                    + ": " + e.getMessage());
            return false;
        }
        atBlob = true;
        return true;
    }

    /** Writes the upload's {@code startedat} unless storage is known to have it. */
    private void recordStart() throws IOException {
        if (trace != Trace.RECORDED) {
            store.storage().putContent(Layout.uploadStartedAt(repository, id), startedAt.toString().getBytes(US_ASCII));
            trace = Trace.RECORDED;
        }
    }

    /**
     * Keeps the held bytes, at the end of a request, as the upload's whole data (replacing what
     * an earlier request kept), with no hash state: the next request reads them back and hashes
     * them again.
     */
    private void keepHeldWhole() throws IOException {
        recordStart();
        store.storage().putContent(Layout.uploadData(repository, id), heldBytes());
    }

    /**
     * The driver's writer on the upload's data: continuing it ({@code append}), or null when there
     * is none to continue, or fresh for the upload's first bytes.
     */
    private static FileWriter openData(LinkedStore store, String id, boolean append) throws IOException {
        try {
            return store.storage().writer(Layout.uploadData(store.repository(), id), append);
        } catch (UnsupportedMethodException e) {
            if (append) {
                throw e; // committed content: the caller reads it back
            }
            throw cannotWrite(store, id, e);
        } catch (PathNotFoundException e) {
            if (append) {
                // startedat is there, so the upload exists, with no bytes yet (or with some held by a
                // writer elsewhere on a driver that hides them: the commit's read-back, or the
                // client's Content-Range, tells)
                return null;
            }
            throw cannotWrite(store, id, e);
        } catch (RegistryException e) {
            throw e;
        } catch (IOException e) {
            throw cannotWrite(store, id, e);
        }
    }

    private static BlobUploadInvalidException cannotWrite(LinkedStore store, String id, IOException cause) {
        return new BlobUploadInvalidException("upload " + id + " of " + store.repository()
                + " cannot be written (is another process writing it?): " + cause.getMessage(), cause);
    }

    @Override
    public Descriptor commit(Digest expected) throws IOException {
        return commit(expected, -1);
    }

    @Override
    public Descriptor commit(Digest expected, long expectedSize) throws IOException {
        ensureOpen();
        long size = size();
        try {
            if (expectedSize >= 0 && expectedSize != size) {
                throw new SizeInvalidException("upload " + id + " of " + repository + " holds " + size
                        + " bytes, not the " + expectedSize + " stated; the upload is cancelled");
            }
            Digest canonical = Digest.of(DigestAlgorithm.SHA256, hash.sum());
            if (expected.algorithm() == DigestAlgorithm.SHA256 && !expected.equals(canonical)) {
                throw mismatch(expected, canonical);
            }
            if (atBlob) {
                return commitAtBlob(expected, Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, canonical, size));
            }
            if (data != null) {
                data.commit();
            }
            dataCommitted = true;
            // The whole content in memory, when the upload is small: put at the blob's path, not moved.
            byte[] content = data == null ? heldBytes() : null;
            if (data != null && resumed && !sessionVerified && !store.storage().capabilities().exclusiveWriters()) {
                // Another process may have continued this upload at the same time (the driver cannot
                // refuse it, nor tag its sessions to tell), so the saved hash state may not describe
                // the data: read it back (into memory if it fits the buffer, to be put rather than moved).
                Digest stored;
                if (size <= holdLimit) {
                    content = store.storage().getContent(Layout.uploadData(repository, id));
                    stored = Digest.sha256(content);
                } else {
                    stored = rehash(DigestAlgorithm.SHA256, size);
                }
                if (!stored.equals(canonical)) {
                    throw new BlobUploadInvalidException("upload " + id + " of " + repository + " was written by another"
                            + " request at the same time: its data hashes to " + stored + ", not " + canonical
                            + "; the upload is cancelled");
                }
            }
            if (expected.algorithm() != DigestAlgorithm.SHA256) {
                Digest actual = content != null ? Digest.compute(expected.algorithm(), content)
                        : rehash(expected.algorithm(), size);
                if (!actual.equals(expected)) {
                    throw mismatch(expected, actual);
                }
            }
            Descriptor stored = store.storeUpload(id, Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, canonical, size), expected,
                    content);
            ended = true;
            releaseHeld();
            if (trace == Trace.RECORDED) {
                claim.retire(() -> store.deleteUpload(id)); // in the background: the blob is in place
            } else {
                // nothing stored, or (a vouched upload continued from its start) files of a request
                // whose answer the client never got, which the upload purger removes in time
                claim.retire();
            }
            return stored;
        } catch (RegistryException e) {
            discard(e);
            throw e;
        } catch (IOException | RuntimeException e) {
            end(); // a storage failure: the upload's files stay for a retry or the purger
            throw e;
        }
    }

    /**
     * Publishes bytes written at the blob's path, verified, and links the blob. A commit that
     * fails while the blob is nonetheless there (another upload of the same bytes published them
     * first, and took this session with it) has stored the blob all the same.
     */
    private Descriptor commitAtBlob(Digest expected, Descriptor canonical) throws IOException {
        if (!expected.equals(target)) {
            throw new DigestInvalidException("upload " + id + " of " + repository + " was stated as " + target
                    + " before its bytes, and is committed as " + expected + "; the upload is cancelled");
        }
        if (data instanceof Unkept) {
            if (!store.blobInStorage(target)) {
                throw new BlobUploadInvalidException("blob " + target + " was removed while upload " + id + " of "
                        + repository + " arrived, which did not keep its bytes; upload it again");
            }
        } else {
            try {
                data.commit();
            } catch (IOException e) {
                if (!store.blobInStorage(target)) {
                    throw e;
                }
                LOG.log(Level.FINE, () -> "upload " + id + " of " + repository + ": blob " + target
                        + " was published by another upload first (" + e.getMessage() + ")");
            }
        }
        dataCommitted = true;
        Descriptor stored = store.linkStored(canonical, expected);
        ended = true;
        if (trace == Trace.RECORDED) {
            claim.retire(() -> store.deleteUpload(id)); // startedat, target and any earlier data, in the background
        } else {
            claim.retire();
        }
        return stored;
    }

    /**
     * Where the bytes of an upload go whose blob is already stored: nowhere. The writer counts
     * them, and the upload's hash verifies them against the stated digest.
     */
    private static final class Unkept extends AbstractFileWriter {

        Unkept(String path) {
            super(path, 0);
        }

        @Override
        protected void implWrite(ByteBuffer src) {
            src.position(src.limit());
        }

        @Override
        protected void implClose() {
            // nothing kept
        }

        @Override
        protected void implCommit() {
            // the blob is stored already
        }

        @Override
        protected void implCancel() {
            // nothing kept
        }
    }

    private DigestInvalidException mismatch(Digest expected, Digest actual) {
        return new DigestInvalidException("upload " + id + " of " + repository + " has digest " + actual
                + ", not " + expected + " as stated; the upload is cancelled");
    }

    /** The digest of the committed upload data under another algorithm, read back in full. */
    private Digest rehash(DigestAlgorithm algorithm, long size) throws IOException {
        MessageDigest digest = algorithm.newMessageDigest();
        try (InputStream in = store.storage().reader(Layout.uploadData(repository, id), 0)) {
            byte[] buffer = new byte[CATCH_UP_BUFFER];
            long left = size;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
        return Digest.of(algorithm, digest.digest());
    }

    @Override
    public void cancel() throws IOException {
        ensureOpen();
        discard(null);
    }

    /**
     * Cancels the data, removes every file of the upload and ends the writer; from then on this
     * registry instance answers that the upload is unknown (unless its files could not be removed:
     * then a retry may).
     */
    private void discard(Throwable failure) throws IOException {
        releaseHeld();
        try {
            if (data != null && !dataCommitted) {
                data.cancel();
            }
            if (trace != Trace.NONE) {
                store.deleteUpload(id);
            }
            ended = true;
            claim.retire();
        } catch (IOException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        } finally {
            end();
        }
    }

    @Override
    public void close() throws IOException {
        if (ended) {
            return;
        }
        try {
            if (atBlob) {
                dropAtBlob();
                return;
            }
            if (data == null) {
                if (heldLength == 0) {
                    return; // no bytes: nothing to keep
                }
                if (keepsHeldWhole(store)) {
                    keepHeldWhole();
                    return;
                }
                startData();
                try {
                    writeHeld();
                } catch (IOException | RuntimeException e) {
                    // the driver's writer is closed all the same, keeping what it took (the hash covers exactly that)
                    try {
                        keep();
                    } catch (IOException | RuntimeException k) {
                        e.addSuppressed(k);
                    }
                    throw e;
                }
            }
            keep();
        } finally {
            end();
        }
    }

    /**
     * Cancels bytes written at the blob's path, which cannot become the upload's: the upload is
     * left as the request found it, with its {@code target} file removed.
     */
    private void dropAtBlob() throws IOException {
        try {
            data.cancel();
        } finally {
            data.close();
        }
        if (targetRecorded) {
            try {
                store.storage().delete(Layout.uploadTarget(repository, id));
            } catch (PathNotFoundException e) {
                // removed already
            }
        }
    }

    /** Closes the driver's writer and saves the hash state of what it holds. */
    private void keep() throws IOException {
        long size = data.size();
        data.close();
        // the state of no bytes is a fresh hash: nothing to save (nor does Go read one); nor is a
        // state saved that does not cover exactly the data (a write that failed part way)
        if (size > 0 && hash.length() == size) {
            byte[] state = hash.marshalBinary();
            store.storage().putContent(Layout.uploadHashState(repository, id, HASH, size), state);
            Optional<String> tag = sessionVerified ? data.sessionTag() : Optional.empty();
            if (tag.isPresent()) {
                byte[] head = sessionStateHead(tag.get());
                byte[] tagged = Arrays.copyOf(head, head.length + state.length);
                System.arraycopy(state, 0, tagged, head.length, state.length);
                store.storage().putContent(Layout.uploadSessionState(repository, id, HASH, size), tagged);
            }
        }
    }

    private void end() {
        ended = true;
        releaseHeld();
        claim.release();
    }

    private void ensureOpen() throws IOException {
        if (ended) {
            throw new ClosedChannelException();
        }
    }

    private static void closeQuietly(FileWriter writer, Throwable failure) {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
