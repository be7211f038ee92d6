package dev.stowage.server.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code redis} section, present only when {@code addr} is set (as in Go).
 *
 * @param addr {@code addr}: {@code host:port}
 * @param username {@code username} (Redis 6 ACL), if any
 * @param password {@code password}, if any
 * @param db {@code db}: database number, default 0
 * @param dialTimeout {@code dialtimeout}; zero: the client's default
 * @param readTimeout {@code readtimeout}; zero: the client's default
 * @param writeTimeout {@code writetimeout}; zero: the client's default
 * @param pool {@code pool}
 * @param tls {@code tls.enabled}
 */
public record RedisSettings(String addr, Optional<String> username, Optional<String> password, int db,
                            Duration dialTimeout, Duration readTimeout, Duration writeTimeout, Pool pool, boolean tls) {

    public RedisSettings {
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dialTimeout, "dialTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(pool, "pool");
    }

    /**
     * {@code redis.pool}, with the meaning the Go registry's pool gives zeros.
     *
     * @param maxIdle {@code maxidle}: idle connections kept; 0: none
     * @param maxActive {@code maxactive}: connections open at once; 0: no limit
     * @param idleTimeout {@code idletimeout}: close connections idle this long; zero: never
     */
    public record Pool(int maxIdle, int maxActive, Duration idleTimeout) {
        public Pool {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
        }
    }

    /** The password is masked. */
    @Override
    public String toString() {
        return "RedisSettings[addr=" + addr + ", username=" + username + ", password=" + password.map(p -> "****")
                + ", db=" + db + ", dialTimeout=" + dialTimeout + ", readTimeout=" + readTimeout
                + ", writeTimeout=" + writeTimeout + ", pool=" + pool + ", tls=" + tls + "]";
    }
}
