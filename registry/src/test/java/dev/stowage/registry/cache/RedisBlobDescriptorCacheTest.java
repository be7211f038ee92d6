package dev.stowage.registry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.testing.NativeTools;
import dev.stowage.registry.testing.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The contract on a real {@code redis-server}, plus the Go registry's exact keys and failures. */
class RedisBlobDescriptorCacheTest extends BlobDescriptorCacheContract {

    /** A database of its own, so the keys checked here are this test's alone. */
    static final int DATABASE = 2;

    @Override
    BlobDescriptorCache newCache() {
        RedisServer redis = RedisServer.shared();
        return RedisBlobDescriptorCache.create(
                RedisBlobDescriptorCache.Settings.of(redis.host(), redis.port()).withDatabase(DATABASE));
    }

    static Jedis raw() {
        RedisServer redis = RedisServer.shared();
        Jedis jedis = new Jedis(redis.host(), redis.port());
        jedis.select(DATABASE);
        return jedis;
    }

    @Test
    void writesTheGoRegistrysKeysAndFields() throws Exception {
        Descriptor blob = descriptor(LAYER, 5001);
        cache.put(repository, blob.withMediaType(CONFIG));
        String d = blob.digest().toString();
        try (Jedis jedis = raw()) {
            assertThat(jedis.hgetAll("blobs::" + d)).isEqualTo(Map.of("digest", d, "size", "5001", "mediatype", CONFIG));
            assertThat(jedis.smembers("repository::" + repository + "::blobs")).isEqualTo(Set.of(d));
            assertThat(jedis.hgetAll("repository::" + repository + "::blobs::" + d)).isEqualTo(Map.of("mediatype", CONFIG));
            assertThat(jedis.keys("*" + blob.digest().hex() + "*")).containsExactlyInAnyOrder(
                    "blobs::" + d, "repository::" + repository + "::blobs::" + d);

            cache.evict(repository, blob.digest());
            assertThat(jedis.sismember("repository::" + repository + "::blobs", d)).isFalse();
            assertThat(jedis.exists("repository::" + repository + "::blobs::" + d)).isFalse();
            cache.evict(blob.digest());
            assertThat(jedis.exists("blobs::" + d)).isFalse();
        }
    }

    @Test
    @SuppressWarnings("deprecation") // HMSET, as Go sends it
    void readsEntriesWrittenWithGosCommands() throws Exception {
        Digest digest = randomDigest();
        String d = digest.toString();
        try (Jedis jedis = raw()) {
            // What the Go registry's repository-scoped SetDescriptor sends, command by command.
            jedis.sadd("repository::" + repository + "::blobs", d);
            jedis.hmset("blobs::" + d, Map.of("digest", d, "size", "77"));
            jedis.hsetnx("blobs::" + d, "mediatype", Descriptor.DEFAULT_MEDIA_TYPE);
            jedis.hset("repository::" + repository + "::blobs::" + d, "mediatype", LAYER);
        }
        assertThat(cache.get(digest)).contains(Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, digest, 77));
        assertThat(cache.get(repository, digest)).contains(Descriptor.of(LAYER, digest, 77));
    }

    @Test
    void entriesGoTreatsAsMissesAreMisses() throws Exception {
        Digest legacy = randomDigest();
        Digest noMediaType = randomDigest();
        Digest garbage = randomDigest();
        try (Jedis jedis = raw()) {
            // Before 2.1 the size was "length": Go reads a hash without "size" as a miss.
            jedis.hset("blobs::" + legacy, Map.of("digest", legacy.toString(), "length", "5"));
            // A hash without a media type is a hit; Go would leave the type empty.
            jedis.hset("blobs::" + noMediaType, Map.of("digest", noMediaType.toString(), "size", "5"));
            jedis.sadd("repository::" + repository + "::blobs", noMediaType.toString());
            jedis.hset("blobs::" + garbage, Map.of("digest", "not a digest", "size", "x"));
        }
        assertThat(cache.get(legacy)).isEmpty();
        assertThat(cache.get(noMediaType)).contains(Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, noMediaType, 5));
        // No repository hash: the registry-wide media type (what a Go registry ends up serving).
        assertThat(cache.get(repository, noMediaType)).contains(Descriptor.of(Descriptor.DEFAULT_MEDIA_TYPE, noMediaType, 5));
        assertThat(cache.get(garbage)).isEmpty();
    }

    @Test
    void evictLeavesNoFieldGoWouldRead() throws Exception {
        Descriptor blob = descriptor(LAYER, 9);
        cache.put(blob);
        try (Jedis jedis = raw()) {
            jedis.hset("blobs::" + blob.digest(), "length", "9"); // as an old Go registry may have left
            cache.evict(blob.digest());
            assertThat(jedis.exists("blobs::" + blob.digest())).isFalse();
        }
    }

    @Test
    void databaseIsSelected() throws Exception {
        Descriptor blob = descriptor(LAYER, 9);
        cache.put(blob);
        RedisServer redis = RedisServer.shared();
        try (Jedis db0 = new Jedis(redis.host(), redis.port())) {
            assertThat(db0.exists("blobs::" + blob.digest())).isFalse();
        }
        try (Jedis jedis = raw()) {
            assertThat(jedis.exists("blobs::" + blob.digest())).isTrue();
        }
    }

    @Test
    void redisDownIsAnIOExceptionNamingTheAddressNotAHang() {
        int port = NativeTools.freePort(); // nothing listens there
        RedisBlobDescriptorCache down = RedisBlobDescriptorCache.create(RedisBlobDescriptorCache.Settings.of("127.0.0.1", port)
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)));
        try (down) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                List<ThrowingCall> calls = List.of(
                        () -> down.get(randomDigest()),
                        () -> down.get(repository, randomDigest()),
                        () -> down.put(descriptor(LAYER, 1)),
                        () -> down.put(repository, descriptor(LAYER, 1)),
                        () -> down.evict(randomDigest()),
                        () -> down.evict(repository, randomDigest()));
                for (ThrowingCall call : calls) {
                    assertThatThrownBy(call::run).isInstanceOf(IOException.class)
                            .hasMessageContaining("127.0.0.1:" + port);
                }
            });
        }
    }

    @Test
    void stalledRedisTimesOutWithAnIOException() throws Exception {
        // Accepts connections and never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            int port = silent.getLocalPort();
            try (RedisBlobDescriptorCache stalled = RedisBlobDescriptorCache.create(
                    RedisBlobDescriptorCache.Settings.of("127.0.0.1", port)
                            .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300)))) {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                        assertThatThrownBy(() -> stalled.get(repository, randomDigest()))
                                .isInstanceOf(IOException.class)
                                .hasMessageContaining("127.0.0.1:" + port));
            } finally {
                synchronized (accepted) {
                    for (Socket socket : accepted) {
                        socket.close();
                    }
                }
            }
        }
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> RedisBlobDescriptorCache.Settings.of("127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisBlobDescriptorCache.Settings.of("127.0.0.1", 6379).withDatabase(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisBlobDescriptorCache.Settings.of("127.0.0.1", 6379)
                .withTimeouts(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(RedisBlobDescriptorCache.Settings.of("127.0.0.1", 6379).withDatabase(3).address())
                .isEqualTo("127.0.0.1:6379/3");
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }
}
