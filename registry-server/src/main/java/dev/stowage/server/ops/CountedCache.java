package dev.stowage.server.ops;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.cache.BlobDescriptorCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Optional;

/**
 * A descriptor cache that counts its lookups: counter {@code stowage.cache.lookups}, tagged with
 * the scope ({@code global} or {@code repository}) and the result ({@code hit}, {@code miss}), so
 * that the hit rate is {@code hit / (hit + miss)}.
 */
public final class CountedCache implements BlobDescriptorCache {

    private final BlobDescriptorCache delegate;
    private final Counter globalHits;
    private final Counter globalMisses;
    private final Counter repositoryHits;
    private final Counter repositoryMisses;

    public CountedCache(BlobDescriptorCache delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.globalHits = counter(meters, "global", "hit");
        this.globalMisses = counter(meters, "global", "miss");
        this.repositoryHits = counter(meters, "repository", "hit");
        this.repositoryMisses = counter(meters, "repository", "miss");
    }

    private static Counter counter(MeterRegistry meters, String scope, String result) {
        return Counter.builder("stowage.cache.lookups").description("blob descriptor cache lookups")
                .tag("scope", scope).tag("result", result).register(meters);
    }

    @Override
    public Optional<Descriptor> get(Digest digest) throws IOException {
        Optional<Descriptor> found = delegate.get(digest);
        (found.isPresent() ? globalHits : globalMisses).increment();
        return found;
    }

    @Override
    public void put(Descriptor descriptor) throws IOException {
        delegate.put(descriptor);
    }

    @Override
    public void evict(Digest digest) throws IOException {
        delegate.evict(digest);
    }

    @Override
    public Optional<Descriptor> get(RepositoryName repository, Digest digest) throws IOException {
        Optional<Descriptor> found = delegate.get(repository, digest);
        (found.isPresent() ? repositoryHits : repositoryMisses).increment();
        return found;
    }

    @Override
    public void put(RepositoryName repository, Descriptor descriptor) throws IOException {
        delegate.put(repository, descriptor);
    }

    @Override
    public void evict(RepositoryName repository, Digest digest) throws IOException {
        delegate.evict(repository, digest);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
