package dev.stowage.registry.blob;

import dev.stowage.registry.cache.BlobDescriptorCache;
import dev.stowage.registry.cache.RedisBlobDescriptorCache;
import dev.stowage.registry.testing.RedisServer;

/**
 * The registry storage suite on the filesystem driver with the Redis descriptor cache in the
 * cases that use a cache: the stale-cache sequences (a blob deleted behind the registry's back is
 * never taken as present for a write) on a real {@code redis-server}.
 */
class FilesystemRedisCacheRegistryStorageTest extends FilesystemRegistryStorageTest {

    @Override
    protected BlobDescriptorCache newCache() {
        RedisServer redis = RedisServer.shared();
        redis.flushAll(); // every case starts from an empty cache, as from an empty store
        return RedisBlobDescriptorCache.create(redis.host(), redis.port());
    }
}
