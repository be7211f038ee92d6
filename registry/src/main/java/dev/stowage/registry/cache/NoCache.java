package dev.stowage.registry.cache;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import java.util.Optional;

/** {@link BlobDescriptorCache#none()}. */
enum NoCache implements BlobDescriptorCache {
    INSTANCE;

    @Override
    public Optional<Descriptor> get(Digest digest) {
        return Optional.empty();
    }

    @Override
    public void put(Descriptor descriptor) {}

    @Override
    public void evict(Digest digest) {}

    @Override
    public Optional<Descriptor> get(RepositoryName repository, Digest digest) {
        return Optional.empty();
    }

    @Override
    public void put(RepositoryName repository, Descriptor descriptor) {}

    @Override
    public void evict(RepositoryName repository, Digest digest) {}

    @Override
    public void close() {}
}
