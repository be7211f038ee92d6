package dev.stowage.driver.azure;

import static dev.stowage.driver.azure.Failures.call;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.stowage.driver.AbstractFileWriter;
import dev.stowage.driver.BufferBudget;
import dev.stowage.driver.PartBuffer;
import dev.stowage.driver.SessionTag;
import dev.stowage.driver.StorageDriverException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A writer session on one block blob. Bytes collect in a {@link PartBuffer} of one chunk; a full
 * chunk is staged as an uncommitted block named by {@link BlockIds} (session, index), so
 * <ul>
 *   <li>nothing is visible at the path until {@link #commit()} commits the session's block list
 *       (which also discards every other uncommitted block of the blob); a file that never
 *       outgrew the buffer is committed with one Put Blob instead;</li>
 *   <li>a block the SDK retries after a timeout replaces itself under the same ID: a chunk is
 *       never stored twice;</li>
 *   <li>{@link #close()} stages the partial chunk and leaves the blocks for a later
 *       {@code writer(path, true)}, which finds the newest session in the service's block list,
 *       from any driver instance; a session that staged nothing stages its "opened" marker
 *       instead ({@link BlockIds#opened}), so that it continues at size 0 while the path shows
 *       what it showed;</li>
 *   <li>{@link #cancel()} stages the session's "cancelled" marker ({@link BlockIds#cancelled}):
 *       nothing continues the session or any before it, and the committed blob, if any, stays as
 *       it was. The cancelled blocks stay uncommitted, invisible, until the blob's next commit
 *       discards them, a delete of the path or a directory above does, or Azure does, a week on;</li>
 *   <li>concurrent writers to one path use different sessions and never interleave: after the
 *       first commit a later block-list commit fails (its blocks were discarded), and a later
 *       single-upload commit replaces the file whole. Two writers that continue one session at
 *       once stage blocks under IDs of their own; a later writer continues, at an index both
 *       staged, the block whose ID sorts last.</li>
 * </ul>
 * A closed or just continued writer tags its session ({@link #sessionTag()}) by the session's key
 * and its blocks' IDs, which name the writer that staged each: a commit names every block by its
 * ID, so it publishes exactly those blocks or fails.
 * A write that fails leaves the unstaged bytes buffered and the source buffer positioned after
 * the bytes taken, so the caller may retry it.
 */
final class BlockWriter extends AbstractFileWriter {

    private final BlockBlobClient blob;
    private final String session;
    private final List<String> blockIds;
    /** Whether this session started afresh (writer(path, false)) rather than continuing. */
    private final boolean fresh;
    private final PartBuffer buffer;
    /** This writer's key in the IDs of the blocks it stages. */
    private final String writerKey = BlockIds.newWriter();

    /** The blocks a driver's writers stage: each of {@code size} bytes, buffered from one shared budget. */
    record Blocks(int size, BufferBudget budget) {}

    private BlockWriter(String path, BlockBlobClient blob, String session, List<String> stagedIds, long stagedSize,
            boolean fresh, Blocks blocks) {
        super(path, stagedSize, AzureDriver.maxFileSize(blocks.size()));
        this.blob = blob;
        this.session = session;
        this.blockIds = new ArrayList<>(stagedIds);
        this.fresh = fresh;
        this.buffer = new PartBuffer(blocks.size(), blocks.budget(), path, this::stage);
    }

    /** A new session that starts the blob afresh. */
    static BlockWriter fresh(String path, BlockBlobClient blob, Blocks blocks) {
        return new BlockWriter(path, blob, BlockIds.newSession(), List.of(), 0, true, blocks);
    }

    /** A new session that continues a committed empty blob. */
    static BlockWriter continuingEmpty(String path, BlockBlobClient blob, Blocks blocks) {
        return new BlockWriter(path, blob, BlockIds.newSession(), List.of(), 0, false, blocks);
    }

    /**
     * Continues the newest writer session found among the blob's uncommitted blocks, if any and
     * not cancelled.
     *
     * @throws StorageDriverException if a block of that session is missing
     */
    static Optional<BlockWriter> resumed(String path, BlockBlobClient blob, List<Block> uncommitted, Blocks blocks)
            throws StorageDriverException {
        String newest = null;
        for (Block block : uncommitted) {
            BlockIds.Parsed id = BlockIds.parse(block.getName());
            if (id != null && (newest == null || id.session().compareTo(newest) > 0)) {
                newest = id.session();
            }
        }
        if (newest == null) {
            return Optional.empty();
        }
        record Staged(String id, long size) {}
        // by index; where two writers continued the session at once, the block whose ID sorts last
        TreeMap<Integer, Staged> staged = new TreeMap<>();
        for (Block block : uncommitted) {
            BlockIds.Parsed id = BlockIds.parse(block.getName());
            if (id == null || !id.session().equals(newest)) {
                continue;
            }
            if (id.kind() == BlockIds.Kind.CANCELLED) {
                return Optional.empty();
            }
            if (id.kind() == BlockIds.Kind.DATA) {
                staged.merge(id.index(), new Staged(block.getName(), block.getSizeLong()),
                        (a, b) -> a.id().compareTo(b.id()) >= 0 ? a : b);
            }
        }
        List<String> ids = new ArrayList<>(staged.size());
        long size = 0;
        for (var entry : staged.entrySet()) {
            if (entry.getKey() != ids.size()) {
                throw new StorageDriverException(null, path, "uncommitted blocks of writer session " + newest
                        + " are incomplete: block " + ids.size() + " is missing");
            }
            ids.add(entry.getValue().id());
            size += entry.getValue().size();
        }
        return Optional.of(new BlockWriter(path, blob, newest, ids, size, false, blocks));
    }

    @Override
    protected void implWrite(ByteBuffer src) throws IOException {
        buffer.write(src);
    }

    @Override
    public synchronized Optional<String> sessionTag() {
        if (!sessionSettled()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(blockIds.size() + 1);
        names.add(session);
        names.addAll(blockIds);
        return Optional.of(SessionTag.of(names));
    }

    @Override
    protected void implCommit() throws IOException {
        if (blockIds.isEmpty()) {
            // all of it is in the buffer: one Put Blob, which also drops other sessions' blocks
            BinaryData all = BinaryData.fromByteBuffer(buffer.contents());
            call(path(), () -> blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(all), null, Context.NONE));
        } else {
            buffer.flush();
            call(path(), () -> blob.commitBlockListWithResponse(
                    new BlockBlobCommitBlockListOptions(blockIds), null, Context.NONE));
        }
    }

    @Override
    protected void implCancel() throws IOException {
        // Not a commit of an empty list, which would discard the blocks but show an empty blob
        // (or replace the committed one) until a delete: the blob stays as it was.
        stageMarker(BlockIds.cancelled(session));
    }

    @Override
    protected void implClose() throws IOException {
        if (buffer.size() > 0) {
            buffer.flush();
        } else if (fresh && blockIds.isEmpty()) {
            // nothing staged would leave nothing to find: a later writer(path, true) continues the marker's session
            stageMarker(BlockIds.opened(session));
        }
    }

    @Override
    protected void implRelease() {
        buffer.release();
    }

    /** Stages a marker of this session: one byte, never committed. */
    private void stageMarker(String id) throws IOException {
        BinaryData mark = BinaryData.fromBytes(new byte[] {0});
        call(path(), () -> blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, mark), null, Context.NONE));
    }

    /** Stages one chunk as the session's next block. */
    private void stage(ByteBuffer chunk) throws IOException {
        if (blockIds.size() >= AzureDriver.MAX_BLOCKS) {
            throw new StorageDriverException(null, path(), "the file needs more than " + AzureDriver.MAX_BLOCKS
                    + " blocks, Azure's limit per blob; use a larger chunksize");
        }
        String id = BlockIds.id(session, writerKey, blockIds.size());
        BinaryData data = BinaryData.fromByteBuffer(chunk);
        call(path(), () -> blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, data), null, Context.NONE));
        blockIds.add(id);
    }
}
