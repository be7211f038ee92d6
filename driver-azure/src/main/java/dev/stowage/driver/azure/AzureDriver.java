package dev.stowage.driver.azure;

import static dev.stowage.driver.azure.Failures.call;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.BlobDownloadAsyncResponse;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.stowage.driver.Capabilities;
import dev.stowage.driver.FileCursor;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.FlatListingWalker;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StoragePath;
import dev.stowage.driver.UnsupportedMethodException;
import dev.stowage.driver.WalkVisitor;
import dev.stowage.driver.WholeContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * A driver over one blob container. A path {@code /a/b} is the blob {@code <rootPrefix>a/b};
 * directories are the blob-name prefixes ending in {@code /}. Files are block blobs: putContent is
 * one Put Blob (atomic), writers stage blocks and commit a block list (see {@link BlockWriter}).
 * The SDK clients are thread-safe and this class keeps no other mutable state.
 */
final class AzureDriver implements StorageDriver {

    /** Azure's limit of committed blocks in one blob. */
    static final int MAX_BLOCKS = 50_000;
    private static final int DEFAULT_PAGE_SIZE = 5000;
    private static final int DELETE_CONCURRENCY = 8;

    private final AzureSettings settings;
    private final AzureClients clients;
    private final BlobContainerClient container;
    private final Capabilities capabilities;
    private final int listPageSize;
    private final BlockWriter.Blocks blocks;
    /** How often a broken download resumes where it stopped (on the same blob version only). */
    private final DownloadRetryOptions downloadRetries;

    private AzureDriver(AzureSettings settings, AzureClients clients, int listPageSize) {
        this.settings = settings;
        this.clients = clients;
        this.container = clients.container;
        this.listPageSize = listPageSize;
        this.blocks = new BlockWriter.Blocks((int) settings.chunkSize(), settings.bufferBudget());
        this.downloadRetries = new DownloadRetryOptions().setMaxRetryRequests(settings.maxRetries());
        long maxFile = maxFileSize(settings.chunkSize());
        this.capabilities = Capabilities.basic()
                .withRedirect(clients.signer != null)
                .withAppendToCommitted(false)
                .withMaxFileSize(maxFile)
                .withPartSizes(settings.chunkSize(), AzureSettings.MAX_BLOCK_SIZE)
                .withAtomicCommit(true); // a writer's blocks stay uncommitted, invisible, until its commit
    }

    /** The largest blob a writer of {@code chunkSize} blocks can stage: {@link #MAX_BLOCKS} of them. */
    static long maxFileSize(long chunkSize) {
        return Math.multiplyHigh(chunkSize, MAX_BLOCKS) != 0 ? Long.MAX_VALUE : chunkSize * MAX_BLOCKS;
    }

    /** Builds the clients and makes sure the container exists (when the credentials may create it). */
    static AzureDriver open(AzureSettings settings, List<HttpPipelinePolicy> extraPolicies) throws IOException {
        return open(settings, extraPolicies, DEFAULT_PAGE_SIZE);
    }

    static AzureDriver open(AzureSettings settings, List<HttpPipelinePolicy> extraPolicies, int listPageSize)
            throws IOException {
        AzureClients clients = AzureClients.build(settings, extraPolicies);
        try {
            clients.container.createIfNotExists();
        } catch (RuntimeException e) {
            int status = Failures.status(e);
            if (status != 403 && status != 409) { // no right to create it: it may well exist
                throw new StorageDriverException(AzureDriverFactory.NAME, null,
                        "cannot reach container '" + settings.container() + "' at " + clients.container.getBlobContainerUrl(), e);
            }
        }
        return new AzureDriver(settings, clients, listPageSize);
    }

    @Override
    public String name() {
        return AzureDriverFactory.NAME;
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        BlobDownloadAsyncResponse response = download(path);
        Long length = response.getDeserializedHeaders().getContentLength();
        try (StreamedBody body = new StreamedBody(path, length == null ? -1 : length, response.getValue())) {
            // the length is checked before anything is allocated: the SDK's downloadContent would not
            return WholeContent.read(path, length, body);
        }
    }

    /** One GET of the whole blob, its body not yet read. */
    private BlobDownloadAsyncResponse download(String path) throws IOException {
        BlobDownloadAsyncResponse response;
        try {
            response = clients.asyncContainer.getBlobAsyncClient(key(path)).downloadStreamWithResponse(
                    null, downloadRetries, null, false).block();
        } catch (RuntimeException e) {
            throw Failures.map(path, e);
        }
        if (response == null) {
            throw new StorageDriverException(null, path, "the download gave no response");
        }
        return response;
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        call(path, () -> blockBlob(path).upload(BinaryData.fromBytes(content), true));
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        BlobDownloadAsyncResponse response;
        try {
            response = clients.asyncContainer.getBlobAsyncClient(key(path)).downloadStreamWithResponse(
                    offset == 0 ? null : new BlobRange(offset), downloadRetries, null, false).block();
        } catch (RuntimeException e) {
            if (Failures.status(e) != 416) {
                throw Failures.map(path, e);
            }
            long size = stat(path).size(); // the range starts at or after the end
            if (offset == size) {
                return InputStream.nullInputStream();
            }
            throw new InvalidOffsetException(path, offset, size);
        }
        if (response == null) {
            throw new StorageDriverException(null, path, "the download gave no response");
        }
        Long length = response.getDeserializedHeaders().getContentLength();
        return new StreamedBody(path, length == null ? -1 : length, response.getValue());
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        BlockBlobClient blob = blockBlob(path);
        if (!append) {
            return BlockWriter.fresh(path, blob, blocks);
        }
        BlockList uncommitted;
        try {
            uncommitted = blob.listBlocks(BlockListType.UNCOMMITTED);
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new PathNotFoundException(path, "no uncommitted or committed content to append to");
            }
            throw Failures.map(path, e);
        }
        Optional<BlockWriter> resumed = BlockWriter.resumed(path, blob, uncommitted.getUncommittedBlocks(), blocks);
        if (resumed.isPresent()) {
            return resumed.get();
        }
        BlobProperties properties;
        try {
            properties = blob.getProperties();
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new PathNotFoundException(path, "no uncommitted or committed content to append to");
            }
            throw Failures.map(path, e);
        }
        if (properties.getBlobSize() > 0) {
            throw new UnsupportedMethodException("writer(append)", path,
                    "the azure driver does not append to non-empty committed content (" + properties.getBlobSize() + " bytes)");
        }
        return BlockWriter.continuingEmpty(path, blob, blocks);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        try {
            BlobProperties properties = blob(path).getProperties();
            return FileInfo.file(path, properties.getBlobSize(), properties.getLastModified().toInstant());
        } catch (RuntimeException e) {
            if (!Failures.isNotFound(e)) {
                throw Failures.map(path, e);
            }
        }
        if (!hasBlobBelow(path)) {
            throw new PathNotFoundException(path);
        }
        return FileInfo.directory(path, Instant.EPOCH);
    }

    /** Whether some blob lies below {@code path}, that is whether it is a directory: one one-blob listing. */
    private boolean hasBlobBelow(String path) throws IOException {
        return call(path, () -> container.listBlobs(
                new ListBlobsOptions().setPrefix(key(path) + "/").setMaxResultsPerPage(1), null)
                .iterableByPage().iterator().next().getValue().size() > 0);
    }

    @Override
    public List<String> list(String path) throws IOException {
        String prefix = directoryPrefix(path);
        List<String> children = new ArrayList<>();
        call(path, () -> {
            for (BlobItem item : container.listBlobsByHierarchy("/",
                    new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(listPageSize), null)) {
                String name = item.getName();
                if (Boolean.TRUE.equals(item.isPrefix()) && name.endsWith("/")) {
                    name = name.substring(0, name.length() - 1);
                }
                String child = pathOf(name);
                if (child != null) {
                    children.add(child);
                }
            }
            return null;
        });
        if (children.isEmpty() && !StoragePath.ROOT.equals(path)) {
            throw new PathNotFoundException(path, "no directory");
        }
        children.sort(null); // the service sorts "a/" after "a-b"; paths sort "/a" before "/a-b"
        return children;
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        if (sourcePath.equals(destPath)) {
            stat(sourcePath); // PathNotFoundException when there is nothing to move
            return;
        }
        if (hasBlobBelow(destPath)) { // one one-blob listing per move: a copy would put the file beside the directory
            stat(sourcePath); // a missing source is still PathNotFoundException
            throw new StorageDriverException(null, destPath, "cannot move " + sourcePath + " onto the directory");
        }
        BlobClient source = blob(sourcePath);
        BlobClient dest = blob(destPath);
        String sourceUrl = source.getBlobUrl();
        if (settings.credentialsType() == AzureSettings.CredentialsType.CLIENT_SECRET
                || settings.credentialsType() == AzureSettings.CredentialsType.DEFAULT_CREDENTIALS) {
            // a bearer token does not authorize the copy source: give it a short read SAS
            sourceUrl += "?" + clients.signer.sign(source, readSas(Duration.ofHours(1)));
        }
        Duration poll = settings.copyStatusPollDelay().isZero() ? Duration.ofMillis(1) : settings.copyStatusPollDelay();
        String url = sourceUrl;
        PollResponse<BlobCopyInfo> done;
        try {
            SyncPoller<BlobCopyInfo, Void> poller = dest.beginCopy(url, poll);
            done = poller.waitForCompletion();
        } catch (RuntimeException e) {
            if (Failures.isNotFound(e)) {
                throw new PathNotFoundException(sourcePath, "no file to move");
            }
            throw Failures.map(sourcePath, e);
        }
        BlobCopyInfo info = done.getValue();
        // A poll reads the destination's copy status; when a concurrent delete or write changed the
        // destination after a copy the service had already reported done, the poll fails, not the copy.
        boolean copied = LongRunningOperationStatus.SUCCESSFULLY_COMPLETED.equals(done.getStatus())
                || (info != null && CopyStatusType.SUCCESS.equals(info.getCopyStatus()));
        if (!copied) {
            throw new StorageDriverException(null, sourcePath, "copy to " + destPath + " ended " + done.getStatus()
                    + (info == null ? "" : ": " + info.getCopyStatus() + " " + info.getError()));
        }
        try {
            source.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
        } catch (RuntimeException e) {
            if (!Failures.isNotFound(e)) { // a concurrent move or delete got there first
                throw Failures.map(sourcePath, e);
            }
        }
    }

    @Override
    public void delete(String path) throws IOException {
        boolean found = deleteBlob(path, key(path));
        // everything below, page by page, a few deletes in flight at a time
        Set<String> committed = ConcurrentHashMap.newKeySet();
        Long deleted = call(path, () -> clients.asyncContainer
                .listBlobs(new ListBlobsOptions().setPrefix(key(path) + "/").setMaxResultsPerPage(listPageSize))
                .doOnNext(item -> committed.add(item.getName()))
                .flatMap(item -> clients.asyncContainer.getBlobAsyncClient(item.getName())
                        .deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null)
                        .map(response -> 1L)
                        .onErrorResume(e -> e instanceof RuntimeException r && Failures.isNotFound(r), e -> Mono.just(0L)),
                        DELETE_CONCURRENCY)
                .reduce(0L, Long::sum)
                .block());
        discardSessionsBelow(path, committed);
        if (!found && (deleted == null || deleted == 0)) {
            throw new PathNotFoundException(path);
        }
    }

    /**
     * Discards the uncommitted writer sessions below {@code path}: blobs with uncommitted blocks
     * only, which the listing above does not show and Delete Blob is not guaranteed to remove.
     * Committing an empty block list discards the blocks, and the delete then
     * removes the empty blob. The commit is conditional on there being no committed blob
     * ({@code If-None-Match: *}), so a file put meanwhile is never emptied. Costs one more listing
     * per delete. That listing shows committed blobs too; those the delete's own listing saw
     * ({@code committed}) are left alone: one deleted by another request since would otherwise be
     * committed empty here, a file of size 0 that a concurrent listing could see before the delete.
     * The same holds for a file put by another request after the delete's listing and deleted
     * again before the commit: only a blob that still has uncommitted blocks (one more request
     * each) is committed empty, so an empty file can show only at the path of a writer.
     */
    private void discardSessionsBelow(String path, Set<String> committed) throws IOException {
        ListBlobsOptions uncommitted = new ListBlobsOptions().setPrefix(key(path) + "/").setMaxResultsPerPage(listPageSize)
                .setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true));
        BlockBlobCommitBlockListOptions discard = new BlockBlobCommitBlockListOptions(List.of())
                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
        call(path, () -> {
            for (BlobItem item : container.listBlobs(uncommitted, null)) {
                if (committed.contains(item.getName())) {
                    continue;
                }
                BlockBlobClient blob = container.getBlobClient(item.getName()).getBlockBlobClient();
                try {
                    if (blob.listBlocks(BlockListType.UNCOMMITTED).getUncommittedBlocks().isEmpty()) {
                        continue; // a file put (and maybe deleted) by others since the listing: no session to discard
                    }
                    blob.commitBlockListWithResponse(discard, null, Context.NONE);
                    blob.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
                } catch (RuntimeException e) {
                    int status = Failures.status(e);
                    if (status != 404 && status != 409 && status != 412) { // gone, or a committed blob: leave it
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    /**
     * Deletes a committed blob, and with it any session of its path; if there is none, discards
     * what sessions the path has (uncommitted blocks: a cancelled session's stay until Azure
     * collects them) and answers false.
     */
    private boolean deleteBlob(String path, String blobName) throws IOException {
        BlobClient blob = container.getBlobClient(blobName);
        BlobRequestConditions committed = new BlobRequestConditions().setIfMatch("*"); // not a blob of uncommitted blocks alone
        try {
            blob.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, committed, null, Context.NONE);
            return true;
        } catch (RuntimeException e) {
            int status = Failures.status(e);
            if (status != 404 && status != 412) {
                throw Failures.map(path, e);
            }
        }
        try {
            blob.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
        } catch (RuntimeException e) {
            if (!Failures.isNotFound(e)) {
                throw Failures.map(path, e);
            }
        }
        return false;
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) throws IOException {
        if (clients.signer == null) {
            return Optional.empty();
        }
        Duration expiry = request.expiry().compareTo(settings.redirectMaxExpiry()) > 0 ? settings.redirectMaxExpiry() : request.expiry();
        BlobClient blob = blob(path);
        String sas = call(path, () -> clients.signer.sign(blob, readSas(expiry)));
        return Optional.of(URI.create(blob.getBlobUrl() + "?" + sas));
    }

    private static BlobServiceSasSignatureValues readSas(Duration expiry) {
        return new BlobServiceSasSignatureValues(OffsetDateTime.now(ZoneOffset.UTC).plus(expiry),
                new BlobSasPermission().setReadPermission(true));
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        PagedIterable<BlobItem> items = call(path, () -> container.listBlobs(
                new ListBlobsOptions().setPrefix(directoryPrefix(path)).setMaxResultsPerPage(listPageSize), null));
        FlatListingWalker.walk(path, new BlobCursor(path, items.iterator()), Instant.EPOCH, visitor);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public void close() {
        // the SDK's HTTP client is shared and needs no closing
    }

    @Override
    public String toString() {
        return "AzureDriver[" + container.getBlobContainerUrl() + ", root '" + settings.rootPrefix().value() + "']";
    }

    BlobContainerClient container() {
        return container;
    }

    /** The blob name of a non-root path. */
    String key(String path) {
        return settings.rootPrefix().key(path);
    }

    /** The blob-name prefix of everything below a directory (or the root). */
    private String directoryPrefix(String path) {
        return settings.rootPrefix().below(path);
    }

    /** The path of a blob name under the root, or null for a name no path maps to. */
    private String pathOf(String blobName) {
        return settings.rootPrefix().path(blobName).orElse(null);
    }

    private BlobClient blob(String path) {
        return container.getBlobClient(key(path));
    }

    private BlockBlobClient blockBlob(String path) {
        return blob(path).getBlockBlobClient();
    }

    /**
     * The files of a flat blob listing, ascending by name (Azure lists blobs in that order); the
     * SDK fetches the next page inside {@code next()}, and its failure arrives as the SPI's
     * exception about the walked path. Names that map to no path are left out.
     */
    private final class BlobCursor implements FileCursor {
        private final String path;
        private final Iterator<BlobItem> items;

        BlobCursor(String path, Iterator<BlobItem> items) {
            this.path = path;
            this.items = items;
        }

        @Override
        public FileInfo next() throws IOException {
            while (true) {
                BlobItem item;
                try {
                    if (!items.hasNext()) {
                        return null;
                    }
                    item = items.next();
                } catch (RuntimeException e) {
                    throw Failures.map(path, e);
                }
                String p = pathOf(item.getName());
                if (p != null) {
                    BlobItemProperties props = item.getProperties();
                    Long size = props.getContentLength();
                    return FileInfo.file(p, size == null ? 0 : size,
                            props.getLastModified() == null ? Instant.EPOCH : props.getLastModified().toInstant());
                }
            }
        }
    }
}
