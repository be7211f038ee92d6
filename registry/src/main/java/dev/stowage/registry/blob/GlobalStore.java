package dev.stowage.registry.blob;

import dev.stowage.driver.FileReader;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.SizeInvalidException;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/** {@link GlobalBlobStore} over a driver, with the registry-wide descriptor cache in front. */
final class GlobalStore implements GlobalBlobStore {

    private final StorageDriver driver;
    private final CachedDescriptors descriptors;
    private final long maxSmallBlobSize;
    private final ReadBuffers readBuffers;
    private final RedirectUrls redirects;
    private final KeptContents manifests = KeptContents.bounded();
    private final HeldMemory heldMemory;

    GlobalStore(StorageDriver driver, CachedDescriptors descriptors, long maxSmallBlobSize, ReadBuffers readBuffers,
                RedirectUrls redirects, HeldMemory heldMemory) {
        this.driver = driver;
        this.descriptors = descriptors;
        this.maxSmallBlobSize = maxSmallBlobSize;
        this.readBuffers = readBuffers;
        this.redirects = redirects;
        this.heldMemory = heldMemory;
    }

    /** The memory uploads hold their bytes in beyond the buffer size. */
    HeldMemory heldMemory() {
        return heldMemory;
    }

    /** The content of manifests read lately, kept by digest (forgotten when the blob is deleted here). */
    KeptContents manifests() {
        return manifests;
    }

    /** The driver's redirect URLs for blob {@code GET}s, kept for reuse. */
    RedirectUrls redirects() {
        return redirects;
    }

    /** The buffers blob bodies are served through. */
    ReadBuffers readBuffers() {
        return readBuffers;
    }

    CachedDescriptors descriptors() {
        return descriptors;
    }

    StorageDriver driver() {
        return driver;
    }

    @Override
    public Descriptor stat(Digest digest) throws IOException {
        return descriptors.stat(digest);
    }

    @Override
    public byte[] get(Digest digest) throws IOException {
        return readSmall(stat(digest));
    }

    /** The whole content of a blob known by its descriptor, within the small-blob limit. */
    byte[] readSmall(Descriptor descriptor) throws IOException {
        if (descriptor.size() > maxSmallBlobSize) {
            throw new SizeInvalidException("blob " + descriptor.digest() + " has " + descriptor.size()
                    + " bytes, more than the " + maxSmallBlobSize + " read whole; open it as a stream");
        }
        try {
            return driver.getContent(Layout.blobData(descriptor.digest()));
        } catch (PathNotFoundException e) {
            descriptors.clear(descriptor.digest());
            throw new BlobUnknownException("blob " + descriptor.digest() + " is not in the registry", e);
        }
    }

    @Override
    public SeekableByteChannel open(Descriptor descriptor) {
        return new FileReader(driver, Layout.blobData(descriptor.digest()), descriptor.size());
    }

    @Override
    public void enumerate(DigestVisitor visitor) throws IOException {
        try {
            driver.walk(Layout.BLOBS, entry -> {
                if (!entry.isDirectory()) {
                    Optional<Digest> digest = Layout.blobOf(entry.path());
                    if (digest.isPresent()) {
                        visitor.visit(digest.get());
                    }
                }
                return WalkAction.CONTINUE;
            });
        } catch (PathNotFoundException e) {
            // no blob was ever stored
        }
    }

    @Override
    public void delete(Digest digest) throws IOException {
        try {
            driver.delete(Layout.blobDirectory(digest));
        } catch (PathNotFoundException e) {
            throw new BlobUnknownException("blob " + digest + " is not in the registry", e);
        } finally {
            descriptors.clear(digest);
            manifests.forget(digest);
        }
    }

    /** Whether the blob's data is in storage now, asking storage (never the cache). */
    boolean existsInStorage(Digest digest) throws IOException {
        try {
            descriptors.statStorage(digest);
            return true;
        } catch (BlobUnknownException e) {
            return false;
        }
    }
}
