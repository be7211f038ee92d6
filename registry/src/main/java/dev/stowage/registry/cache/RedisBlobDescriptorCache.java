package dev.stowage.registry.cache;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.RepositoryName;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link BlobDescriptorCache} in Redis, shared by every replica, with the Go registry's (2.8)
 * keys, fields and commands, so that Go and Java replicas can share one Redis database:
 *
 * <ul>
 *   <li>{@code blobs::<digest>}: a hash with fields {@code digest}, {@code size} (decimal) and
 *       {@code mediatype} — the registry-wide descriptor;
 *   <li>{@code repository::<name>::blobs}: a set of the digests the repository links;
 *   <li>{@code repository::<name>::blobs::<digest>}: a hash with field {@code mediatype}, the
 *       repository's media type for the blob.
 * </ul>
 *
 * <p>Commands, as the Go registry's {@code registry/storage/cache/redis/redis.go}:
 *
 * <ul>
 *   <li>{@link #get(Digest)}: {@code HMGET blobs::<d> digest size mediatype}; a missing
 *       {@code digest} or {@code size} is a miss (the Go registry's migration rule for the old
 *       {@code length} field); a missing media type is {@value Descriptor#DEFAULT_MEDIA_TYPE} (Go
 *       leaves it empty).
 *   <li>{@link #put(Descriptor)}: {@code HMSET blobs::<d> digest <d> size <n>}, then
 *       {@code HSETNX blobs::<d> mediatype <type>}: the first media type stored stays.
 *   <li>{@link #evict(Digest)}: {@code HDEL blobs::<d> digest size length mediatype}. Go deletes
 *       {@code digest length mediatype} only, leaving {@code size} behind; here {@code size} goes
 *       too. Either way both registries then see a miss.
 *   <li>{@link #get(RepositoryName, Digest)}: {@code SISMEMBER repository::<name>::blobs <d>}, the
 *       registry-wide {@code HMGET} above, and {@code HGET repository::<name>::blobs::<d> mediatype};
 *       a non-empty repository media type replaces the registry-wide one. Where the repository
 *       hash has no media type, Go's {@code HGET} fails with a nil reply and its cached statter
 *       falls back to storage: the link is read, and the blob is then stated through the cached
 *       registry-wide descriptor, so a Go registry answers with the registry-wide media type
 *       (observed with 2.8.2). Here the lookup answers that directly, without the link check:
 *       the membership in the set stands for it, as for every other hit.
 *   <li>{@link #put(RepositoryName, Descriptor)}: {@code SADD repository::<name>::blobs <d>}, the
 *       registry-wide {@code HMSET} and {@code HSETNX} above, then
 *       {@code HSET repository::<name>::blobs::<d> mediatype <type>}.
 *   <li>{@link #evict(RepositoryName, Digest)}: {@code SREM repository::<name>::blobs <d>} and
 *       {@code DEL repository::<name>::blobs::<d>}. Differs from Go, whose repository-scoped
 *       {@code Clear} checks {@code SISMEMBER} and then clears the <em>registry-wide</em> hash,
 *       leaving the membership in place; here only the repository's entry goes (the blob may
 *       still be linked elsewhere). A Go replica then misses on {@code SISMEMBER} and goes to
 *       storage.
 * </ul>
 *
 * <p>Go sends each command on its own; here the writes of one operation go in one
 * {@code MULTI}/{@code EXEC} transaction and the reads of one lookup in one pipeline, the same
 * commands in the same order, so no reader sees half an entry and each operation is one round
 * trip. Like Go, an empty media type is refused ({@link IllegalArgumentException}), and only
 * media type, digest and size are stored.
 *
 * <p>Every Redis failure — unreachable, timed out, an error reply — is an {@link IOException}
 * naming the server's address; connection and read timeouts and a bounded wait for a pooled
 * connection keep a dead or stalled server from hanging a request. A stored entry that does not
 * parse (a bad digest or size) is a miss.
 */
public final class RedisBlobDescriptorCache implements BlobDescriptorCache {

    private static final String DIGEST = "digest";
    private static final String SIZE = "size";
    private static final String MEDIA_TYPE = "mediatype";
    /** The Go registry's name of {@code size} before 2.1; still deleted by its {@code Clear}. */
    private static final String LEGACY_LENGTH = "length";

    /**
     * Where and how to connect.
     *
     * @param host the Redis host
     * @param port the Redis port
     * @param database the database number ({@code SELECT}), as the Go registry's {@code redis.db}
     * @param password the password ({@code AUTH}), if any
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout how long to wait for an answer
     * @param poolSize the most connections kept open at once
     */
    public record Settings(String host, int port, int database, Optional<String> password,
                           Duration connectTimeout, Duration readTimeout, int poolSize) {

        public Settings {
            Objects.requireNonNull(host, "host");
            if (port <= 0 || port > 65_535) {
                throw new IllegalArgumentException("Redis port " + port + " is out of range");
            }
            if (database < 0) {
                throw new IllegalArgumentException("negative Redis database " + database);
            }
            Objects.requireNonNull(password, "password");
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(readTimeout, "readTimeout");
            if (poolSize <= 0) {
                throw new IllegalArgumentException("a Redis pool holds at least one connection, not " + poolSize);
            }
        }

        /** Database 0, no password, 2 s to connect, 2 s to answer, 16 connections. */
        public static Settings of(String host, int port) {
            return new Settings(host, port, 0, Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(2), 16);
        }

        public Settings withDatabase(int value) {
            return new Settings(host, port, value, password, connectTimeout, readTimeout, poolSize);
        }

        public Settings withPassword(String value) {
            return new Settings(host, port, database, Optional.of(value), connectTimeout, readTimeout, poolSize);
        }

        public Settings withTimeouts(Duration connect, Duration read) {
            return new Settings(host, port, database, password, connect, read, poolSize);
        }

        public Settings withPoolSize(int value) {
            return new Settings(host, port, database, password, connectTimeout, readTimeout, value);
        }

        /** {@code host:port/db}, as error messages name the server. */
        public String address() {
            return host + ":" + port + "/" + database;
        }

        private static void requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be positive and below 24 days, not " + value);
            }
        }
    }

    private final Settings settings;
    private final RedisClient client;

    private RedisBlobDescriptorCache(Settings settings, RedisClient client) {
        this.settings = settings;
        this.client = client;
    }

    /**
     * A cache on the Redis server the settings name. Connections are made when first needed, so
     * this succeeds while Redis is down; the operations then fail.
     */
    public static RedisBlobDescriptorCache create(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .database(settings.database())
                .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
                .socketTimeoutMillis((int) settings.readTimeout().toMillis())
                .clientName("stowage-registry");
        settings.password().ifPresent(config::password);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(settings.connectTimeout().plus(settings.readTimeout()));
        pool.setJmxEnabled(false);
        RedisClient client = RedisClient.builder()
                .hostAndPort(settings.host(), settings.port())
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        return new RedisBlobDescriptorCache(settings, client);
    }

    /** A cache on {@code host:port}, database 0, no password, default timeouts. */
    public static RedisBlobDescriptorCache create(String host, int port) {
        return create(Settings.of(host, port));
    }

    /** Where this cache connects. */
    public Settings settings() {
        return settings;
    }

    @Override
    public Optional<Descriptor> get(Digest digest) throws IOException {
        Objects.requireNonNull(digest, "digest");
        List<String> fields = call("HMGET " + blobKey(digest),
                () -> client.hmget(blobKey(digest), DIGEST, SIZE, MEDIA_TYPE));
        return parse(fields);
    }

    @Override
    public void put(Descriptor descriptor) throws IOException {
        Descriptor kept = InMemoryBlobDescriptorCache.checked(descriptor);
        transaction("storing " + kept.digest(), tx -> setGlobal(tx, kept));
    }

    @Override
    public void evict(Digest digest) throws IOException {
        Objects.requireNonNull(digest, "digest");
        call("HDEL " + blobKey(digest), () -> client.hdel(blobKey(digest), DIGEST, SIZE, LEGACY_LENGTH, MEDIA_TYPE));
    }

    @Override
    public Optional<Descriptor> get(RepositoryName repository, Digest digest) throws IOException {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
        String what = "looking up " + digest + " in " + repository;
        Lookup lookup = call(what, () -> {
            try (AbstractPipeline pipeline = client.pipelined()) {
                Response<Boolean> member = pipeline.sismember(repositorySetKey(repository), digest.toString());
                Response<List<String>> global = pipeline.hmget(blobKey(digest), DIGEST, SIZE, MEDIA_TYPE);
                Response<String> mediaType = pipeline.hget(repositoryBlobKey(repository, digest), MEDIA_TYPE);
                pipeline.sync();
                return new Lookup(member.get(), global.get(), mediaType.get());
            }
        });
        if (!lookup.member()) {
            return Optional.empty();
        }
        Optional<Descriptor> global = parse(lookup.global());
        if (lookup.mediaType() == null || lookup.mediaType().isEmpty()) {
            return global;
        }
        return global.map(d -> d.withMediaType(lookup.mediaType()));
    }

    private record Lookup(boolean member, List<String> global, String mediaType) {}

    @Override
    public void put(RepositoryName repository, Descriptor descriptor) throws IOException {
        Objects.requireNonNull(repository, "repository");
        Descriptor kept = InMemoryBlobDescriptorCache.checked(descriptor);
        transaction("storing " + kept.digest() + " in " + repository, tx -> {
            tx.sadd(repositorySetKey(repository), kept.digest().toString());
            setGlobal(tx, kept);
            tx.hset(repositoryBlobKey(repository, kept.digest()), MEDIA_TYPE, kept.mediaType());
        });
    }

    @Override
    public void evict(RepositoryName repository, Digest digest) throws IOException {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
        transaction("evicting " + digest + " from " + repository, tx -> {
            tx.srem(repositorySetKey(repository), digest.toString());
            tx.del(repositoryBlobKey(repository, digest));
        });
    }

    /** Closes the connection pool. */
    @Override
    public void close() {
        client.close();
    }

    /** The key of a blob's registry-wide hash: {@code blobs::<digest>}. */
    public static String blobKey(Digest digest) {
        return "blobs::" + digest;
    }

    /** The key of a repository's set of linked digests: {@code repository::<name>::blobs}. */
    public static String repositorySetKey(RepositoryName repository) {
        return "repository::" + repository.value() + "::blobs";
    }

    /** The key of a repository's hash for one blob: {@code repository::<name>::blobs::<digest>}. */
    public static String repositoryBlobKey(RepositoryName repository, Digest digest) {
        return repositorySetKey(repository) + "::" + digest;
    }

    /** {@code HMSET} (deprecated since Redis 4 in favour of a many-field {@code HSET}) as Go sends it. */
    @SuppressWarnings("deprecation")
    private static void setGlobal(AbstractTransaction tx, Descriptor descriptor) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(DIGEST, descriptor.digest().toString());
        fields.put(SIZE, Long.toString(descriptor.size()));
        String key = blobKey(descriptor.digest());
        tx.hmset(key, fields);
        tx.hsetnx(key, MEDIA_TYPE, descriptor.mediaType());
    }

    private static Optional<Descriptor> parse(List<String> fields) {
        if (fields == null || fields.size() < 3 || fields.get(0) == null || fields.get(1) == null) {
            return Optional.empty();
        }
        try {
            Digest digest = Digest.parse(fields.get(0));
            long size = Long.parseLong(fields.get(1));
            String mediaType = fields.get(2);
            if (mediaType == null || mediaType.isEmpty()) {
                mediaType = Descriptor.DEFAULT_MEDIA_TYPE;
            }
            return size < 0 ? Optional.empty() : Optional.of(Descriptor.of(mediaType, digest, size));
        } catch (DigestInvalidException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private interface TransactionBody {
        void accept(AbstractTransaction tx);
    }

    private void transaction(String what, TransactionBody body) throws IOException {
        call(what, () -> {
            try (AbstractTransaction tx = client.multi()) {
                body.accept(tx);
                List<Object> replies = tx.exec();
                if (replies == null) {
                    throw new JedisException("transaction aborted");
                }
                for (Object reply : replies) {
                    if (reply instanceof Exception e) {
                        throw new JedisException(e.getMessage(), e);
                    }
                }
                return null;
            }
        });
    }

    private interface RedisCall<T> {
        T run();
    }

    private <T> T call(String what, RedisCall<T> body) throws IOException {
        try {
            return body.run();
        } catch (JedisConnectionException e) {
            throw new IOException("Redis at " + settings.address() + " could not be reached (" + what + "): "
                    + describe(e), e);
        } catch (JedisException | IllegalStateException e) {
            throw new IOException("Redis at " + settings.address() + " failed " + what + ": " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append("; ").append(cause.getMessage());
        }
        return text.toString();
    }
}
