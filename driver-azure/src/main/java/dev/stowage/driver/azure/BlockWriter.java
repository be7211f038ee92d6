package dev.stowage.driver.azure;

import static dev.stowage.driver.azure.Failures.call;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriverException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer session on one block blob. Bytes collect in a buffer of at most one chunk; a full
 * chunk is staged as an uncommitted block named by {@link BlockIds} (session, index), so
 * <ul>
 *   <li>nothing is visible at the path until {@link #commit()} commits the session's block list
 *       (which also discards every other uncommitted block of the blob); a file that never
 *       outgrew the buffer is committed with one Put Blob instead;</li>
 *   <li>a block the SDK retries after a timeout replaces itself under the same ID: a chunk is
 *       never stored twice;</li>
 *   <li>{@link #close()} stages the partial chunk and leaves the blocks for a later
 *       {@code writer(path, true)}, which finds the newest session in the service's block list,
 *       from any driver instance;</li>
 *   <li>concurrent writers to one path use different sessions and never interleave: after the
 *       first commit a later block-list commit fails (its blocks were discarded), and a later
 *       single-upload commit replaces the file whole.</li>
 * </ul>
 * A write that fails leaves the unstaged bytes buffered and the source buffer positioned after
 * the bytes taken, so the caller may retry it. Methods are synchronized.
 */
final class BlockWriter implements FileWriter {

    private static final int FIRST_BUFFER = 64 << 10;

    private final String path;
    private final BlockBlobClient blob;
    private final String session;
    private final List<String> blockIds;
    /** Whether this session started afresh (writer(path, false)) rather than continuing. */
    private final boolean fresh;
    private final int chunkSize;
    private byte[] buffer = new byte[0];
    private int buffered;
    private long size;
    private boolean open = true;

    BlockWriter(String path, BlockBlobClient blob, String session, List<String> stagedIds, long stagedSize,
            boolean fresh, long chunkSize) {
        this.path = path;
        this.blob = blob;
        this.session = session;
        this.blockIds = new ArrayList<>(stagedIds);
        this.size = stagedSize;
        this.fresh = fresh;
        this.chunkSize = (int) chunkSize;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        requireOpen();
        int total = src.remaining();
        while (src.hasRemaining()) {
            if (buffered == chunkSize) {
                stageBuffered();
            }
            int wanted = Math.min(chunkSize, buffered + src.remaining());
            if (wanted > buffer.length) {
                byte[] grown = new byte[Math.min(chunkSize, Math.max(wanted, Math.max(FIRST_BUFFER, buffer.length * 2)))];
                System.arraycopy(buffer, 0, grown, 0, buffered);
                buffer = grown;
            }
            int n = Math.min(src.remaining(), buffer.length - buffered);
            src.get(buffer, buffered, n);
            buffered += n;
            size += n;
        }
        return total;
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized void commit() throws IOException {
        requireOpen();
        if (blockIds.isEmpty()) {
            // all of it is in the buffer: one Put Blob, which also drops other sessions' blocks
            BinaryData all = BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, buffered).asReadOnlyBuffer());
            call(path, () -> blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(all), null, Context.NONE));
        } else {
            if (buffered > 0) {
                stageBuffered();
            }
            call(path, () -> blob.commitBlockListWithResponse(
                    new BlockBlobCommitBlockListOptions(blockIds), null, Context.NONE));
        }
        end();
    }

    @Override
    public synchronized void cancel() throws IOException {
        requireOpen();
        end();
        // Committing an empty list discards every uncommitted block (deleting a blob that has only
        // uncommitted blocks is not guaranteed to); the delete then removes the blob.
        call(path, () -> blob.commitBlockList(List.of(), true));
        try {
            blob.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
        } catch (RuntimeException e) {
            if (!Failures.isNotFound(e)) {
                throw Failures.map(path, e);
            }
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!open) {
            return;
        }
        try {
            if (buffered > 0) {
                stageBuffered();
            } else if (fresh && blockIds.isEmpty()) {
                // Nothing staged leaves nothing to find: commit an empty file, which a later
                // writer(path, true) continues (allowed before commit: a prefix of the new content).
                call(path, () -> blob.commitBlockList(List.of(), true));
            }
        } finally {
            end();
        }
    }

    private void stageBuffered() throws IOException {
        if (blockIds.size() >= AzureDriver.MAX_BLOCKS) {
            throw new StorageDriverException(null, path, "the file needs more than " + AzureDriver.MAX_BLOCKS
                    + " blocks, Azure's limit per blob; use a larger chunksize");
        }
        String id = BlockIds.id(session, blockIds.size());
        BinaryData chunk = BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, buffered).asReadOnlyBuffer());
        call(path, () -> blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, chunk), null, Context.NONE));
        blockIds.add(id);
        buffered = 0;
    }

    private void requireOpen() throws IOException {
        if (!open) {
            throw new StorageDriverException(null, path, "writer is no longer open");
        }
    }

    private void end() {
        open = false;
        buffer = null;
        buffered = 0;
    }
}
