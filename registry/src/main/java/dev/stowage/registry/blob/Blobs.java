package dev.stowage.registry.blob;

import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.cache.BlobDescriptorCache;
import java.time.Clock;
import java.util.Objects;

/**
 * The blob layers of one registry over one driver: the {@link GlobalBlobStore} and a
 * {@link BlobStore} per repository, sharing one descriptor cache and one set of upload claims.
 * {@link dev.stowage.registry.Registry} builds it. Its one resource is the background thread that
 * removes the files of completed uploads after their commits return (idle, it ends by itself);
 * {@link #close()} waits a bounded time for the removals already handed to it.
 */
public final class Blobs implements AutoCloseable {

    /** How many direct buffers for serving blobs are kept for reuse (2 MiB at the default buffer size). */
    private static final int KEPT_READ_BUFFERS = 16;

    private final GlobalStore global;
    private final BlobDescriptorCache cache;
    private final RegistryOptions options;
    private final UploadLocks locks = new UploadLocks();
    private final Clock clock;

    /**
     * The blob layers over {@code driver}, with {@code cache} in front of its statters; uploads
     * hold up to {@code heldMemory} bytes at once beyond the buffer size.
     */
    public Blobs(StorageDriver driver, BlobDescriptorCache cache, RegistryOptions options, Clock clock, long heldMemory) {
        Objects.requireNonNull(driver, "driver");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.global = new GlobalStore(driver, new CachedDescriptors(new StorageStatter(driver), cache),
                options.maxSmallBlobSize(), new ReadBuffers(options.bufferSize(), KEPT_READ_BUFFERS),
                new RedirectUrls(driver, options.redirectExpiry(), clock), new HeldMemory(heldMemory));
    }

    /** Every blob of the registry, without access control. */
    public GlobalBlobStore global() {
        return global;
    }

    /** The blobs of one repository (layers and configs, linked under {@code _layers}). */
    public BlobStore repository(RepositoryName name) {
        return new LinkedStore(global, Objects.requireNonNull(name, "name"), Links.LAYERS, cache, KeptContents.NONE,
                options, locks, clock);
    }

    /**
     * The manifests of one repository as blobs, linked under {@code _manifests/revisions}: the
     * storage under a manifest store. Its links are read from storage on every access, with no
     * descriptor cache, as in the Go registry (a manifest deleted through another replica is gone
     * at once); the content a link leads to, which never changes under its digest, is kept in
     * memory (8 MiB of manifests read lately), sparing a read of the blob on every pull.
     */
    public BlobStore manifestRevisions(RepositoryName name) {
        return new LinkedStore(global, Objects.requireNonNull(name, "name"), Links.MANIFEST_REVISIONS,
                BlobDescriptorCache.none(), global.manifests(), options, locks, clock);
    }

    /** Waits, at most some seconds, for the removal of completed uploads' files to finish. */
    @Override
    public void close() {
        locks.close();
    }
}
