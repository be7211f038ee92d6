package dev.stowage.registry;

import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.blob.BlobStore;
import dev.stowage.registry.blob.Blobs;
import dev.stowage.registry.blob.GlobalBlobStore;
import dev.stowage.registry.cache.BlobDescriptorCache;
import dev.stowage.registry.catalog.Catalog;
import dev.stowage.registry.manifest.ManifestStore;
import dev.stowage.registry.tag.TagStore;
import dev.stowage.registry.upload.UploadPurger;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

/**
 * A container registry's storage side on any {@link StorageDriver}, laid out exactly as the Go
 * registry lays out its storage, so that both can serve one store (and share one Redis cache).
 *
 * <pre>{@code
 * try (Registry registry = Registry.builder(driver).cache(new InMemoryBlobDescriptorCache(10_000)).build()) {
 *     BlobStore blobs = registry.blobs(RepositoryName.parse("library/ubuntu"));
 *     try (BlobWriter upload = blobs.create()) {
 *         upload.write(ByteBuffer.wrap(bytes));
 *         Descriptor stored = upload.commit(digest);
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. The registry owns its cache (closing the registry closes it) but not the driver.
 */
public final class Registry implements AutoCloseable {

    private final StorageDriver driver;
    private final RegistryOptions options;
    private final BlobDescriptorCache cache;
    private final Blobs blobs;
    private final Catalog catalog;
    private final UploadPurger uploadPurger;

    private Registry(Builder builder) {
        this.driver = builder.driver;
        this.options = builder.options;
        this.cache = builder.cache;
        this.blobs = new Blobs(builder.driver, builder.cache, builder.options, builder.clock, builder.heldUploadMemory);
        this.catalog = new Catalog(builder.driver);
        this.uploadPurger = new UploadPurger(builder.driver, builder.clock);
    }

    /** A builder over {@code driver}: no cache, {@link RegistryOptions#defaults()}. */
    public static Builder builder(StorageDriver driver) {
        return new Builder(driver);
    }

    /** Every blob of the registry, for garbage collection and tools; no access control. */
    public GlobalBlobStore blobs() {
        return blobs.global();
    }

    /** The blobs of one repository: the only way to write blobs. */
    public BlobStore blobs(RepositoryName repository) {
        return blobs.repository(repository);
    }

    /** One repository: its blobs, manifests and tags. */
    public Repository repository(RepositoryName name) {
        BlobStore layers = blobs.repository(name);
        TagStore tags = TagStore.over(driver, name);
        ManifestStore manifests = ManifestStore.over(driver, blobs.manifestRevisions(name), layers, tags, options);
        return new Parts(name, layers, manifests, tags);
    }

    private record Parts(RepositoryName name, BlobStore blobs, ManifestStore manifests, TagStore tags)
            implements Repository {}

    /** The options this registry was built with. */
    public RegistryOptions options() {
        return options;
    }

    /** The repositories of the store, listed page by page as the Go registry lists them. */
    public Catalog catalog() {
        return catalog;
    }

    /** Removes uploads begun too long ago (by the registry's clock), as the Go registry's purger does. */
    public UploadPurger uploadPurger() {
        return uploadPurger;
    }

    /**
     * A mark-and-sweep garbage collector over every repository of this registry, compatible with
     * the Go registry's {@code garbage-collect}; it deletes blobs through {@link #blobs()} and
     * evicts what it deletes from this registry's cache. Cheap to make.
     */
    public dev.stowage.registry.gc.GarbageCollector garbageCollector() {
        return dev.stowage.registry.gc.GarbageCollector.over(driver, blobs.global(), cache);
    }

    /**
     * Waits, at most some seconds, for the files of completed uploads to be removed (what is left
     * the upload purger removes), then closes the descriptor cache.
     */
    @Override
    public void close() throws IOException {
        try {
            blobs.close();
        } finally {
            cache.close();
        }
    }

    /** Collects what a {@link Registry} is built from. */
    public static final class Builder {
        private final StorageDriver driver;
        private BlobDescriptorCache cache = BlobDescriptorCache.none();
        private RegistryOptions options = RegistryOptions.defaults();
        private Clock clock = Clock.systemUTC();
        private long heldUploadMemory = Math.max(1L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16));

        private Builder(StorageDriver driver) {
            this.driver = Objects.requireNonNull(driver, "driver");
        }

        /** The descriptor cache in front of storage; none by default. */
        public Builder cache(BlobDescriptorCache value) {
            this.cache = Objects.requireNonNull(value, "cache");
            return this;
        }

        /** The options; {@link RegistryOptions#defaults()} by default. */
        public Builder options(RegistryOptions value) {
            this.options = Objects.requireNonNull(value, "options");
            return this;
        }

        /** The clock that stamps {@code startedat}; the system's UTC clock by default. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The memory, shared by all uploads, that holds an upload's first bytes beyond the buffer
         * size ({@link RegistryOptions#bufferSize()}): on a driver that cannot append to committed
         * content (the object stores), an upload smaller than one of the driver's parts (at most
         * 16 MiB) is held whole and stored as one file, never in a writer session, while this has
         * room. A sixteenth of the heap, at most 64 MiB, by default (an upload's held array grows by
         * copying, so for a moment it takes up to about twice its room); 0 holds nothing beyond the
         * buffer size.
         */
        public Builder heldUploadMemory(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("heldUploadMemory must not be negative, not " + bytes);
            }
            this.heldUploadMemory = bytes;
            return this;
        }

        public Registry build() {
            return new Registry(this);
        }
    }
}
