package dev.stowage.registry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestAlgorithm;
import dev.stowage.registry.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobDescriptorCache} does, run against each implementation by a subclass.
 * Digests and repository names are fresh in every test, so a shared backing store (one Redis
 * for the JVM) needs no flushing.
 */
abstract class BlobDescriptorCacheContract {

    static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";

    BlobDescriptorCache cache;
    RepositoryName repository;
    RepositoryName other;

    /** A new cache on the implementation's store. */
    abstract BlobDescriptorCache newCache() throws Exception;

    @BeforeEach
    void open() throws Exception {
        cache = newCache();
        String run = UUID.randomUUID().toString().substring(0, 8);
        repository = new RepositoryName("contract/" + run + "/app");
        other = new RepositoryName("contract/" + run + "/other");
    }

    @AfterEach
    void closeCache() throws Exception {
        cache.close();
    }

    static Digest randomDigest() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Digest.sha256(bytes);
    }

    static Descriptor descriptor(String mediaType, long size) {
        return Descriptor.of(mediaType, randomDigest(), size);
    }

    @Test
    void unknownDigestsAreMisses() throws Exception {
        Digest digest = randomDigest();
        assertThat(cache.get(digest)).isEmpty();
        assertThat(cache.get(repository, digest)).isEmpty();
    }

    @Test
    void registryWideDescriptorRoundTrips() throws Exception {
        Descriptor blob = descriptor(LAYER, 123_456_789_012L);
        cache.put(blob);
        assertThat(cache.get(blob.digest())).contains(blob);
    }

    @Test
    void firstMediaTypeStaysAndSizeIsReplaced() throws Exception {
        Descriptor first = descriptor(LAYER, 10);
        cache.put(first);
        cache.put(Descriptor.of(CONFIG, first.digest(), 11));
        assertThat(cache.get(first.digest())).contains(Descriptor.of(LAYER, first.digest(), 11));
    }

    @Test
    void evictForgetsRegistryWideAndANewPutStartsAfresh() throws Exception {
        Descriptor blob = descriptor(LAYER, 10);
        cache.put(blob);
        cache.evict(blob.digest());
        assertThat(cache.get(blob.digest())).isEmpty();
        cache.put(Descriptor.of(CONFIG, blob.digest(), 10));
        assertThat(cache.get(blob.digest())).contains(Descriptor.of(CONFIG, blob.digest(), 10));
    }

    @Test
    void evictOfUnknownDigestIsQuiet() throws Exception {
        cache.evict(randomDigest());
        cache.evict(repository, randomDigest());
    }

    @Test
    void registryWideEntryAloneIsNotRepositoryMembership() throws Exception {
        Descriptor blob = descriptor(LAYER, 10);
        cache.put(blob);
        assertThat(cache.get(repository, blob.digest())).isEmpty();
    }

    @Test
    void repositoryPutIsVisibleInThatRepositoryAndRegistryWideOnly() throws Exception {
        Descriptor blob = descriptor(LAYER, 42);
        cache.put(repository, blob);
        assertThat(cache.get(repository, blob.digest())).contains(blob);
        assertThat(cache.get(blob.digest())).contains(blob);
        assertThat(cache.get(other, blob.digest())).isEmpty();
    }

    @Test
    void repositoryMediaTypeOverridesRegistryWide() throws Exception {
        Descriptor blob = descriptor(LAYER, 42);
        cache.put(repository, blob);
        cache.put(other, blob.withMediaType(CONFIG));
        assertThat(cache.get(repository, blob.digest())).contains(blob);
        assertThat(cache.get(other, blob.digest())).contains(blob.withMediaType(CONFIG));
        assertThat(cache.get(blob.digest())).contains(blob); // the first registry-wide media type stays
    }

    @Test
    void repositoryHitNeedsTheRegistryWideDescriptor() throws Exception {
        Descriptor blob = descriptor(LAYER, 42);
        cache.put(repository, blob.withMediaType(CONFIG));
        cache.evict(blob.digest());
        assertThat(cache.get(repository, blob.digest())).isEmpty();
        cache.put(blob);
        assertThat(cache.get(repository, blob.digest())).contains(blob.withMediaType(CONFIG));
    }

    @Test
    void repositoryEvictForgetsOnlyThatRepository() throws Exception {
        Descriptor blob = descriptor(LAYER, 42);
        cache.put(repository, blob);
        cache.put(other, blob);
        cache.evict(repository, blob.digest());
        assertThat(cache.get(repository, blob.digest())).isEmpty();
        assertThat(cache.get(other, blob.digest())).contains(blob);
        assertThat(cache.get(blob.digest())).contains(blob);
    }

    @Test
    void deletedBlobIsNeverPresentAgainUntilPutAgain() throws Exception {
        // The sequence behind the Go registry's stale "already exists": push, delete, ask again.
        Descriptor blob = descriptor(LAYER, 42);
        cache.put(repository, blob);
        cache.evict(repository, blob.digest());
        cache.evict(blob.digest());
        assertThat(cache.get(repository, blob.digest())).isEmpty();
        assertThat(cache.get(other, blob.digest())).isEmpty();
        assertThat(cache.get(blob.digest())).isEmpty();
        cache.put(repository, blob);
        assertThat(cache.get(repository, blob.digest())).contains(blob);
    }

    @Test
    void keepsOnlyMediaTypeDigestAndSize() throws Exception {
        Descriptor blob = descriptor(LAYER, 7);
        Descriptor rich = new Descriptor(LAYER, blob.digest(), 7, List.of("https://example.invalid/blob"),
                Map.of("a", "b"), Optional.of("application/x-artifact"), Optional.empty());
        cache.put(repository, rich);
        assertThat(cache.get(blob.digest())).contains(blob);
        assertThat(cache.get(repository, blob.digest())).contains(blob);
    }

    @Test
    void emptyMediaTypeIsRefused() {
        Descriptor blob = descriptor("", 7);
        assertThatThrownBy(() -> cache.put(blob)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("media type");
        assertThatThrownBy(() -> cache.put(repository, blob)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zeroSizeAndSha512() throws Exception {
        Digest sha512 = Digest.compute(DigestAlgorithm.SHA512, new byte[0]);
        Descriptor empty = Descriptor.of(LAYER, sha512, 0);
        cache.put(repository, empty);
        assertThat(cache.get(sha512)).contains(empty);
        assertThat(cache.get(repository, sha512)).contains(empty);
    }

    @Test
    void concurrentUseGivesConsistentAnswers() throws Exception {
        List<Descriptor> blobs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            blobs.add(descriptor(LAYER, i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (Descriptor blob : blobs) {
                        cache.put(repository, blob);
                        Optional<Descriptor> seen = cache.get(repository, blob.digest());
                        // another thread may not evict here, so what was put is there
                        assertThat(seen).contains(blob);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (Descriptor blob : blobs) {
            assertThat(cache.get(repository, blob.digest())).contains(blob);
        }
    }
}
