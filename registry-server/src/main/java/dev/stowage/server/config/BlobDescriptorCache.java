package dev.stowage.server.config;

/**
 * The Go registry's {@code storage.cache.blobdescriptor}: no cache (the key absent), an in-memory
 * cache, or Redis (which needs the {@code redis} section).
 */
public enum BlobDescriptorCache {
    NONE, INMEMORY, REDIS
}
