package dev.stowage.driver.gcs;

import com.google.api.gax.paging.Page;
import com.google.auth.ServiceAccountSigner;
import com.google.cloud.BaseServiceException;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.SignUrlOption;
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
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.Channels;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The GCS driver: one object per file under the configured root, directories implied by keys.
 *
 * <p>Listings: {@code list} is a delimiter listing, {@code walk} one flat listing fed lazily to
 * {@link FlatListingWalker}. Neither sets a page size, so GCS pages at its default (1000) and
 * the client follows the page tokens. GCS returns each page in lexicographic order; the driver
 * still sorts each page before use (a no-op there) so that a backend that returns a page unsorted
 * (the in-process fake returns everything as one unsorted page) is walked correctly too. Memory
 * is one page; order across pages is checked by the walker, which fails rather than walk wrongly.
 *
 * <p>{@code delete} removes single objects in parallel (at most {@code maxconcurrency} at once),
 * one listing page at a time.
 */
final class GcsDriver implements StorageDriver {

    /** GCS's largest object. */
    static final long MAX_OBJECT_SIZE = 5L << 40;

    private final Storage storage;
    private final GcsSettings settings;
    private final GcsLayout layout;
    private final SessionStore sessions;
    private final GcsWriter.Bucket bucket;
    private final Capabilities capabilities;
    private final boolean canSign;
    private final ThreadPoolExecutor deleters;

    GcsDriver(Storage storage, GcsSettings settings) {
        this.storage = storage;
        this.settings = settings;
        this.layout = new GcsLayout(settings.bucket(), settings.rootPrefix());
        this.sessions = new SessionStore(storage, layout, settings.chunkSize());
        this.bucket = new GcsWriter.Bucket(storage, layout, sessions, settings.chunkSize(), settings.bufferBudget());
        this.canSign = storage.getOptions().getCredentials() instanceof ServiceAccountSigner;
        this.capabilities = Capabilities.basic()
                .withRedirect(canSign)
                .withAppendToCommitted(false)
                .withMaxFileSize(MAX_OBJECT_SIZE)
                .withPartSizes(settings.chunkSize(), settings.chunkSize())
                // a writer claims its saved session with a generation-matched delete: one claimant wins
                .withExclusiveWriters(true)
                // a session writes a hidden staging object, copied into place on commit
                .withAtomicCommit(true);
        AtomicInteger threads = new AtomicInteger();
        this.deleters = new ThreadPoolExecutor(settings.maxConcurrency(), settings.maxConcurrency(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "stowage-gcs-delete-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.deleters.allowCoreThreadTimeOut(true);
    }

    @Override
    public String name() {
        return GcsDriverFactory.NAME;
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        // a copy: a Storage other than the HTTP client (an injected one, the in-process fake) may
        // hand out the array it keeps, and the caller owns what getContent returns
        return GcsErrors.about(path, () -> storage.readAllBytes(id(layout.key(path)))).clone();
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        // one request (a multipart upload): the object appears whole or not at all
        GcsErrors.about(path, () -> storage.create(BlobInfo.newBuilder(id(layout.key(path))).build(), content));
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        Blob blob = GcsErrors.about(path, () -> storage.get(id(layout.key(path))));
        if (blob == null) {
            throw new PathNotFoundException(path);
        }
        long size = sizeOf(blob);
        if (offset < 0 || offset > size) {
            throw new InvalidOffsetException(path, offset, size);
        }
        if (offset == size) {
            return InputStream.nullInputStream();
        }
        // pin the generation: a concurrent overwrite makes this read fail, never mix two contents
        BlobId pinned = blob.getGeneration() == null
                ? blob.getBlobId()
                : BlobId.of(layout.bucket(), blob.getName(), blob.getGeneration());
        ReadChannel channel = GcsErrors.about(path, () -> storage.reader(pinned));
        GcsErrors.about(path, () -> {
            channel.seek(offset);
            return null;
        });
        return new MappedInputStream(Channels.newInputStream(channel), path);
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        if (!append) {
            sessions.claim(path, 0); // discard an earlier uncommitted session
            return GcsWriter.fresh(bucket, path);
        }
        Optional<SessionStore.Loaded> loaded = sessions.load(path);
        if (loaded.isPresent()) {
            if (!sessions.claim(path, loaded.get().generation())) {
                throw new StorageDriverException(null, path, "another writer has taken over the uncommitted upload");
            }
            return GcsWriter.resumed(bucket, path, loaded.get().session());
        }
        Blob committed = GcsErrors.about(path, () -> storage.get(id(layout.key(path))));
        if (committed == null) {
            throw new PathNotFoundException(path, "no uncommitted upload or committed file to append to");
        }
        if (sizeOf(committed) > 0) {
            throw new UnsupportedMethodException("writer(append)", path,
                    "GCS objects are immutable; appending to non-empty committed content is not supported");
        }
        return GcsWriter.fresh(bucket, path);
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        Blob blob = GcsErrors.about(path, () -> storage.get(id(layout.key(path))));
        if (blob != null) {
            return FileInfo.file(path, sizeOf(blob), modTime(blob));
        }
        if (hasAny(path, layout.prefixBelow(path))) {
            return FileInfo.directory(path, Instant.EPOCH);
        }
        throw new PathNotFoundException(path);
    }

    private boolean hasAny(String path, String prefix) throws IOException {
        Page<Blob> page = GcsErrors.about(path, () -> storage.list(layout.bucket(),
                BlobListOption.prefix(prefix), BlobListOption.pageSize(1)));
        for (Blob blob : page.getValues()) {
            if (layout.path(blob.getName()).isPresent()) {
                return true;
            }
        }
        // GCS may return an empty page with a token; only then look further
        return page.hasNextPage() && GcsErrors.about(path, () -> {
            for (Blob blob : page.getNextPage().iterateAll()) {
                if (layout.path(blob.getName()).isPresent()) {
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public List<String> list(String path) throws IOException {
        TreeSet<String> children = new TreeSet<>();
        GcsErrors.about(path, () -> {
            Page<Blob> page = storage.list(layout.bucket(),
                    BlobListOption.prefix(layout.prefixBelow(path)), BlobListOption.currentDirectory());
            for (Blob blob : page.iterateAll()) {
                String name = blob.getName();
                if (blob.isDirectory() && name.endsWith("/")) {
                    name = name.substring(0, name.length() - 1);
                }
                layout.path(name).ifPresent(children::add);
            }
            return null;
        });
        if (children.isEmpty() && !StoragePath.ROOT.equals(path)) {
            throw new PathNotFoundException(path, "no directory");
        }
        return new ArrayList<>(children);
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        if (sourcePath.equals(destPath)) {
            stat(sourcePath); // a missing source still fails
            return;
        }
        if (hasAny(destPath, layout.prefixBelow(destPath))) { // one listing per move: a copy would put the file beside the directory
            stat(sourcePath); // a missing source is still PathNotFoundException
            throw new StorageDriverException(null, destPath, "cannot move " + sourcePath + " onto the directory");
        }
        GcsErrors.about(sourcePath, () -> storage.copy(
                Storage.CopyRequest.of(id(layout.key(sourcePath)), id(layout.key(destPath)))).getResult());
        bucket.deleteIfExists(layout.key(sourcePath), sourcePath);
    }

    @Override
    public void delete(String path) throws IOException {
        boolean found = deleteOne(layout.key(path), path);
        found |= deleteAll(layout.prefixBelow(path), path) > 0;
        // uncommitted uploads of the path and below it go too
        deleteOne(layout.sessionKey(path), path);
        deleteAll(layout.sessionPrefixBelow(path), path);
        deleteAll(layout.stagingPrefixOf(path), path);
        deleteAll(layout.stagingPrefixBelow(path), path);
        if (!found) {
            throw new PathNotFoundException(path);
        }
    }

    private boolean deleteOne(String key, String path) throws IOException {
        return GcsErrors.about(path, () -> storage.delete(id(key)));
    }

    /** Deletes every object whose key starts with {@code prefix}, one page at a time; returns how many. */
    private int deleteAll(String prefix, String path) throws IOException {
        int deleted = 0;
        Page<Blob> page = GcsErrors.about(path, () -> storage.list(layout.bucket(), BlobListOption.prefix(prefix)));
        while (page != null) {
            List<Future<Boolean>> pending = new ArrayList<>();
            for (Blob blob : page.getValues()) {
                BlobId blobId = id(blob.getName());
                pending.add(deleters.submit(() -> storage.delete(blobId)));
            }
            for (Future<Boolean> future : pending) {
                if (await(future, path)) {
                    deleted++;
                }
            }
            Page<Blob> current = page;
            page = current.hasNextPage() ? GcsErrors.about(path, current::getNextPage) : null;
        }
        return deleted;
    }

    private static boolean await(Future<Boolean> future, String path) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageDriverException(null, path, "interrupted while deleting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BaseServiceException se) {
                if (GcsErrors.isNotFound(se)) {
                    return false;
                }
                throw GcsErrors.map(path, se);
            }
            throw new StorageDriverException(path, e.getCause());
        }
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) throws IOException {
        if (!canSign) {
            return Optional.empty();
        }
        Duration expiry = request.expiry().compareTo(settings.redirectMaxExpiry()) > 0 ? settings.redirectMaxExpiry() : request.expiry();
        List<SignUrlOption> options = new ArrayList<>();
        options.add(SignUrlOption.withV4Signature());
        options.add(SignUrlOption.httpMethod(HttpMethod.valueOf(request.method())));
        settings.endpoint().ifPresent(endpoint -> options.add(SignUrlOption.withHostName(endpoint)));
        java.net.URL url = GcsErrors.about(path, () -> storage.signUrl(BlobInfo.newBuilder(id(layout.key(path))).build(),
                expiry.toSeconds(), TimeUnit.SECONDS, options.toArray(SignUrlOption[]::new)));
        try {
            return Optional.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new StorageDriverException(path, e);
        }
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        FlatListingWalker.walk(path, new SortedPages(path), Instant.EPOCH, visitor);
    }

    /**
     * The files of a flat listing below a path, page by page, each page sorted by path (GCS sends
     * pages sorted, so there this changes nothing); the first page is fetched by the first
     * {@code next()}, each further one when the previous is used up, and a failed fetch is the
     * SPI's exception about the walked path. Keys outside the visible tree are left out.
     */
    private final class SortedPages implements FileCursor {
        private final String path;
        private Page<Blob> page;
        private Iterator<FileInfo> current = Collections.emptyIterator();

        SortedPages(String path) {
            this.path = path;
        }

        @Override
        public FileInfo next() throws IOException {
            while (!current.hasNext()) {
                if (page != null && !page.hasNextPage()) {
                    return null;
                }
                page = GcsErrors.about(path, () -> page == null
                        ? storage.list(layout.bucket(), BlobListOption.prefix(layout.prefixBelow(path)))
                        : page.getNextPage());
                current = sorted(page);
            }
            return current.next();
        }

        private Iterator<FileInfo> sorted(Page<Blob> p) {
            List<FileInfo> files = new ArrayList<>();
            for (Blob blob : p.getValues()) {
                layout.path(blob.getName()).ifPresent(file -> files.add(FileInfo.file(file, sizeOf(blob), modTime(blob))));
            }
            files.sort((a, b) -> a.path().compareTo(b.path()));
            return files.iterator();
        }
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public void close() throws IOException {
        deleters.shutdown();
        try {
            storage.close();
        } catch (Exception e) {
            throw new StorageDriverException(null, null, "closing the GCS client failed", e);
        }
    }

    @Override
    public String toString() {
        return "GcsDriver[gs://" + layout.bucket() + "/" + layout.prefix().value() + "]";
    }

    private BlobId id(String key) {
        return BlobId.of(layout.bucket(), key);
    }

    private static long sizeOf(Blob blob) {
        Long size = blob.getSize();
        return size == null ? 0 : size;
    }

    private static Instant modTime(Blob blob) {
        OffsetDateTime updated = blob.getUpdateTimeOffsetDateTime();
        return updated == null ? Instant.EPOCH : updated.toInstant();
    }

    /** Maps the client's unchecked failures while streaming to the SPI's exceptions. */
    private static final class MappedInputStream extends java.io.FilterInputStream {
        private final String path;

        MappedInputStream(InputStream in, String path) {
            super(in);
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            return GcsErrors.about(path, super::read);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return GcsErrors.about(path, () -> super.read(b, off, len));
        }

        @Override
        public long skip(long n) throws IOException {
            return GcsErrors.about(path, () -> super.skip(n));
        }
    }
}
