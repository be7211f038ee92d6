package dev.stowage.registry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryBlobDescriptorCacheTest extends BlobDescriptorCacheContract {

    @Override
    BlobDescriptorCache newCache() {
        return new InMemoryBlobDescriptorCache();
    }

    @Test
    void defaultBoundIsTenThousandEntries() {
        assertThat(InMemoryBlobDescriptorCache.DEFAULT_MAXIMUM_SIZE).isEqualTo(10_000);
        InMemoryBlobDescriptorCache bounded = new InMemoryBlobDescriptorCache();
        for (int i = 0; i < 12_000; i++) {
            bounded.put(descriptor(LAYER, i));
        }
        assertThat(bounded.estimatedSize()).isLessThanOrEqualTo(10_000);
    }

    @Test
    void boundCoversRegistryWideAndRepositoryEntriesTogether() {
        InMemoryBlobDescriptorCache small = new InMemoryBlobDescriptorCache(10);
        List<Descriptor> blobs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Descriptor blob = descriptor(LAYER, i);
            blobs.add(blob);
            small.put(new RepositoryName("bound/r" + (i % 3)), blob);
        }
        assertThat(small.estimatedSize()).isLessThanOrEqualTo(10);
        long hits = blobs.stream().filter(b -> small.get(b.digest()).isPresent()).count();
        assertThat(hits).isLessThanOrEqualTo(10);
    }

    @Test
    void boundMustBePositive() {
        assertThatThrownBy(() -> new InMemoryBlobDescriptorCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
