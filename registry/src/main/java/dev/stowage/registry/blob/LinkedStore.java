package dev.stowage.registry.blob;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.OperationUnsupportedException;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.blob.BlobRequest.Method;
import dev.stowage.registry.cache.BlobDescriptorCache;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A repository's {@link BlobStore}: reads go through the repository's link file of one kind
 * ({@link Links}) or the repository's cache entry (and whole reads through the content kept in
 * memory, if any: {@link KeptContents}), writes are uploads or small puts into the
 * {@link GlobalStore} followed by a link.
 */
final class LinkedStore implements BlobStore {

    private final GlobalStore global;
    private final RepositoryName repository;
    private final Links links;
    private final BlobDescriptorCache cache;
    private final KeptContents contents;
    private final RegistryOptions options;
    private final UploadLocks locks;
    private final Clock clock;

    LinkedStore(GlobalStore global, RepositoryName repository, Links links, BlobDescriptorCache cache,
                KeptContents contents, RegistryOptions options, UploadLocks locks, Clock clock) {
        this.global = global;
        this.repository = repository;
        this.links = links;
        this.cache = cache;
        this.contents = contents;
        this.options = options;
        this.locks = locks;
        this.clock = clock;
    }

    /** The driver the registry stores in (for the upload writer). */
    StorageDriver storage() {
        return global.driver();
    }

    @Override
    public RepositoryName repository() {
        return repository;
    }

    @Override
    public Descriptor stat(Digest digest) throws IOException {
        Optional<Descriptor> cached = CachedDescriptors.Guard.read(() -> cache.get(repository, digest));
        if (cached.isPresent()) {
            return cached.get();
        }
        Descriptor found = global.stat(readLink(digest));
        remember(found);
        return found;
    }

    @Override
    public Descriptor verify(Digest digest) throws IOException {
        Optional<Descriptor> cached = CachedDescriptors.Guard.read(() -> cache.get(repository, digest));
        if (cached.isPresent()) {
            if (global.existsInStorage(cached.get().digest())) {
                return cached.get();
            }
            forget(digest);
            global.descriptors().clear(cached.get().digest());
            throw unknown(digest, null);
        }
        Descriptor found = global.descriptors().statStorage(readLink(digest));
        remember(found);
        return found;
    }

    /** The digest the repository's link for {@code digest} points at (the canonical one). */
    private Digest readLink(Digest digest) throws IOException {
        byte[] content;
        try {
            content = storage().getContent(links.path(repository, digest));
        } catch (PathNotFoundException e) {
            throw unknown(digest, e);
        }
        try {
            return Digest.parse(new String(content, US_ASCII));
        } catch (DigestInvalidException e) {
            throw new BlobUnknownException("blob " + digest + " of " + repository + " has a corrupt link ("
                    + links.path(repository, digest) + "): " + e.getMessage(), e);
        }
    }

    private BlobUnknownException unknown(Digest digest, Throwable cause) {
        return new BlobUnknownException("blob " + digest + " is not in repository " + repository, cause);
    }

    private void remember(Descriptor descriptor) {
        CachedDescriptors.Guard.write(() -> cache.put(repository, descriptor));
    }

    private void forget(Digest digest) {
        CachedDescriptors.Guard.write(() -> cache.evict(repository, digest));
    }

    @Override
    public byte[] get(Digest digest) throws IOException {
        try {
            Descriptor descriptor = stat(digest);
            return contents.get(descriptor.digest(), () -> global.readSmall(descriptor));
        } catch (BlobUnknownException e) {
            forget(digest);
            throw e;
        }
    }

    @Override
    public SeekableByteChannel open(Descriptor descriptor) {
        return global.open(descriptor);
    }

    @Override
    public BlobResponse serve(BlobRequest request) throws IOException {
        // A HEAD is how clients decide whether to upload: it must not be answered from a stale cache.
        Descriptor descriptor = request.method() == Method.HEAD ? verify(request.digest()) : stat(request.digest());
        if (request.ifNoneMatch().filter(value -> matches(value, descriptor)).isPresent()) {
            return new BlobResponse.NotModified(descriptor);
        }
        String path = Layout.blobData(descriptor.digest());
        // A HEAD is answered here, never redirected: its answer (size, digest) is already known, and
        // a storage service's answer to a redirected HEAD lacks Docker-Content-Digest.
        if (options.redirect() && request.method() == Method.GET) {
            Optional<URI> url = global.redirects().get(path);
            if (url.isPresent()) {
                return new BlobResponse.Redirect(descriptor, url.get());
            }
        }
        ByteRanges.Resolution resolution = request.range()
                .map(value -> ByteRanges.resolve(value, descriptor.size()))
                .orElse(ByteRanges.Resolution.WHOLE);
        if (!resolution.satisfiable()) {
            return new BlobResponse.RangeNotSatisfiable(descriptor);
        }
        Optional<BlobResponse.Body> body = Optional.empty();
        if (request.method() == Method.GET) {
            long first = resolution.range().map(BlobResponse.Range::first).orElse(0L);
            long length = resolution.range().map(BlobResponse.Range::length).orElse(descriptor.size());
            body = Optional.of(new StreamedBody(storage(), descriptor.digest(), path, first, length,
                    global.readBuffers(), gone -> {
                        forget(request.digest());
                        global.descriptors().clear(gone);
                    }));
        }
        return new BlobResponse.Content(descriptor, resolution.range(), body);
    }

    /** Whether an {@code If-None-Match} value names the blob's entity tag (or is {@code *}). */
    private static boolean matches(String value, Descriptor descriptor) {
        String etag = BlobResponse.etag(descriptor);
        for (String candidate : value.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Descriptor put(String mediaType, byte[] content) throws IOException {
        Digest digest = Digest.sha256(content);
        if (!global.existsInStorage(digest)) {
            storage().putContent(Layout.blobData(digest), content);
        }
        writeLink(digest, digest);
        Descriptor stored = Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, digest, content.length);
        global.descriptors().setDescriptor(stored);
        remember(stored);
        return stored.withMediaType(mediaType);
    }

    @Override
    public BlobWriter create() throws IOException {
        return UploadWriter.create(this, locks, clock);
    }

    @Override
    public BlobWriter resume(String uploadId) throws IOException {
        return UploadWriter.resume(this, locks, uploadId);
    }

    @Override
    public BlobWriter resume(String uploadId, Instant startedAt, long size) throws IOException {
        return UploadWriter.resumeVouched(this, locks, uploadId, startedAt, size);
    }

    @Override
    public BlobWriter resumeFromStart(String uploadId, Instant startedAt) throws IOException {
        return UploadWriter.resumeFromStart(this, locks, uploadId, startedAt);
    }

    @Override
    public Descriptor mount(RepositoryName source, Digest digest) throws IOException {
        Descriptor found = new LinkedStore(global, source, links, cache, contents, options, locks, clock).verify(digest);
        writeLink(digest, found.digest());
        remember(found);
        return found;
    }

    @Override
    public void delete(Digest digest) throws IOException {
        if (!options.deleteEnabled()) {
            throw new OperationUnsupportedException("deleting blobs is switched off in this registry");
        }
        readLink(digest);
        try {
            storage().delete(links.path(repository, digest));
        } catch (PathNotFoundException e) {
            throw unknown(digest, e); // deleted concurrently
        } finally {
            forget(digest);
        }
    }

    /** The memory uploads hold their bytes in beyond the buffer size. */
    HeldMemory heldMemory() {
        return global.heldMemory();
    }

    /** Whether the blob's data is in the registry's blob store, asked of storage (never a cache). */
    boolean blobInStorage(Digest digest) throws IOException {
        return global.existsInStorage(digest);
    }

    /** The size of the buffers blob bytes pass through, and of an upload held in memory. */
    int bufferSize() {
        return options.bufferSize();
    }

    /**
     * Puts a verified upload into place: its data moves to the blob's path, or its {@code content}
     * (when the upload has no data in storage) is put there, unless the blob is already there
     * (then it is dropped); the repository links it under its canonical digest and under the
     * digest the client stated, and the caches learn the blob. The upload's other files stay for
     * the caller to remove ({@link #deleteUpload}).
     */
    Descriptor storeUpload(String uploadId, Descriptor canonical, Digest stated, byte[] content) throws IOException {
        Digest digest = canonical.digest();
        if (!global.existsInStorage(digest)) {
            if (content != null || canonical.size() == 0) {
                storage().putContent(Layout.blobData(digest), content == null ? new byte[0] : content);
            } else {
                storage().move(Layout.uploadData(repository, uploadId), Layout.blobData(digest));
            }
        }
        return linkStored(canonical, stated);
    }

    /**
     * Links a blob that is in the registry's blob store into the repository, under its canonical
     * digest and under the digest the client stated, and tells the caches.
     */
    Descriptor linkStored(Descriptor canonical, Digest stated) throws IOException {
        Digest digest = canonical.digest();
        writeLink(digest, digest);
        if (!stated.equals(digest)) {
            writeLink(stated, digest);
        }
        global.descriptors().setDescriptor(canonical);
        remember(canonical);
        return canonical;
    }

    /** Removes every file of an upload; an upload already gone is fine. */
    void deleteUpload(String uploadId) throws IOException {
        try {
            storage().delete(Layout.upload(repository, uploadId));
        } catch (PathNotFoundException e) {
            // nothing left
        }
    }

    private void writeLink(Digest name, Digest target) throws IOException {
        storage().putContent(links.path(repository, name), target.toString().getBytes(US_ASCII));
    }
}
