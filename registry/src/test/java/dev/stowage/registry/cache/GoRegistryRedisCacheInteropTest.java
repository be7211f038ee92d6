package dev.stowage.registry.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.testing.GoRegistry;
import dev.stowage.registry.testing.RedisServer;
import dev.stowage.registry.testing.Skopeo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * One Redis shared by the Go registry 2.8.2 ({@code cache: blobdescriptor: redis}) and
 * {@link RedisBlobDescriptorCache}: what either writes, the other reads.
 *
 * <p>How the Go registry's answers show its cache (read in distribution's
 * {@code registry/storage}): a blob {@code HEAD} stats through the repository-scoped cache
 * ({@code SISMEMBER}, the registry-wide {@code HMGET}, the repository's {@code HGET mediatype})
 * and, on a hit, never reads the link file; {@code linkedBlobStore.ServeBlob} sets
 * {@code Content-Type} from that repository-scoped descriptor, and {@code blobServer.ServeBlob}
 * takes the length from the registry-wide cached descriptor ({@code Content-Length} and the file
 * reader's size). On a repository miss it reads the link and stats the blob through the cached
 * registry-wide descriptor, then writes the repository entry back. So the headers of a
 * {@code HEAD} tell which cache entries the Go registry read.
 */
class GoRegistryRedisCacheInteropTest {

    /** A database of its own; flushed before each test. */
    static final int DATABASE = 5;

    @TempDir
    Path temp;

    RedisServer redis;
    GoRegistry registry;
    RedisBlobDescriptorCache cache;
    Skopeo skopeo;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.shared();
        try (Jedis jedis = raw()) {
            jedis.flushDB();
        }
        skopeo = Skopeo.find();
        registry = GoRegistry.start(temp.resolve("root"),
                GoRegistry.Options.defaults().withRedisCache(redis).withRedisDatabase(DATABASE));
        cache = RedisBlobDescriptorCache.create(
                RedisBlobDescriptorCache.Settings.of(redis.host(), redis.port()).withDatabase(DATABASE));
    }

    @AfterEach
    void stop() {
        if (cache != null) {
            cache.close();
        }
        if (registry != null) {
            registry.stop();
        }
    }

    Jedis raw() {
        Jedis jedis = new Jedis(redis.host(), redis.port());
        jedis.select(DATABASE);
        return jedis;
    }

    @Test
    void descriptorsTheGoRegistryCachedOnPushAreReadHere() throws Exception {
        RepositoryName repository = new RepositoryName("interop/pushed");
        Skopeo.Image image = skopeo.pushRandomImage(registry.hostPort(), repository.value(), "v1", 3, 100_000);

        for (Descriptor blob : image.blobs()) {
            // The Go registry's blob writer caches what it committed as application/octet-stream.
            Descriptor expected = Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, blob.digest(), blob.size());
            assertThat(cache.get(blob.digest())).as("registry-wide %s", blob.digest()).contains(expected);
            assertThat(cache.get(repository, blob.digest())).as("in %s: %s", repository, blob.digest()).contains(expected);
            assertThat(cache.get(new RepositoryName("interop/elsewhere"), blob.digest())).isEmpty();
        }

        // And the image round-trips through the Go registry (the pull helper, with the cache warm).
        Path pulled = skopeo.pull(registry.hostPort(), repository.value(), "v1", temp.resolve("pulled"));
        for (Descriptor blob : image.blobs()) {
            assertThat(Files.readAllBytes(Skopeo.blobPath(pulled, blob.digest())))
                    .isEqualTo(Files.readAllBytes(image.blob(blob.digest())));
        }
    }

    @Test
    void descriptorsWrittenHereAreWhatTheGoRegistryServes() throws Exception {
        RepositoryName repository = new RepositoryName("interop/served");
        Skopeo.Image image = skopeo.pushRandomImage(registry.hostPort(), repository.value(), "v1", 1, 50_000);
        Descriptor layer = image.layers().get(0);
        assertThat(head(repository, layer)).isEqualTo(new Head(200, 50_000, Descriptor.DEFAULT_MEDIA_TYPE));

        // Forget what the Go registry cached; write our own entries with a size and media types
        // no storage would give.
        try (Jedis jedis = raw()) {
            jedis.flushDB();
        }
        cache.put(Descriptor.of("application/x-stowage-global", layer.digest(), 1234));
        cache.put(repository, Descriptor.of("application/x-stowage-repository", layer.digest(), 1234));
        assertThat(head(repository, layer)).isEqualTo(new Head(200, 1234, "application/x-stowage-repository"));

        // Our repository eviction: the Go registry misses on SISMEMBER, reads the link, and
        // stats through our registry-wide entry.
        cache.evict(repository, layer.digest());
        assertThat(head(repository, layer)).isEqualTo(new Head(200, 1234, "application/x-stowage-global"));
        // ... and wrote the repository entry back, which we read.
        assertThat(cache.get(repository, layer.digest()))
                .contains(Descriptor.of("application/x-stowage-global", layer.digest(), 1234));

        // Our registry-wide eviction: the Go registry goes to storage again for the size.
        cache.evict(layer.digest());
        cache.evict(repository, layer.digest());
        assertThat(head(repository, layer)).isEqualTo(new Head(200, 50_000, Descriptor.DEFAULT_MEDIA_TYPE));
        assertThat(cache.get(layer.digest())).contains(Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, layer.digest(), 50_000));
    }

    record Head(int status, long contentLength, String contentType) {}

    Head head(RepositoryName repository, Descriptor blob) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = registry.baseUri().resolve("/v2/" + repository + "/blobs/" + blob.digest());
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
        return new Head(response.statusCode(),
                response.headers().firstValueAsLong("Content-Length").orElse(-1),
                response.headers().firstValue("Content-Type").orElse(""));
    }
}
