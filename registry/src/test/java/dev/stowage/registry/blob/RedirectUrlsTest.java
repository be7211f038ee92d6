package dev.stowage.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedirectUrlsTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final List<RedirectRequest> asked = new ArrayList<>();
    private final MovingClock clock = new MovingClock();
    private StorageDriver memory;
    /** Signs a numbered URL for every path but those under /local, which it serves itself. */
    private StorageDriver signing;

    @BeforeEach
    void open() throws IOException {
        memory = StorageDrivers.create("inmemory", Map.of());
        signing = new ForwardingStorageDriver(memory) {
            @Override
            public Optional<URI> redirectUrl(String path, RedirectRequest request) {
                asked.add(request);
                return path.startsWith("/local") ? Optional.empty()
                        : Optional.of(URI.create("https://storage.example" + path + "?signature=" + asked.size()));
            }
        };
    }

    @AfterEach
    void close() throws IOException {
        memory.close();
    }

    @Test
    void aUrlIsReusedForAQuarterOfTheExpiryAndAskedForThatMuchLonger() throws IOException {
        RedirectUrls urls = new RedirectUrls(signing, Duration.ofMinutes(20), clock);
        URI first = urls.get("/blobs/a").orElseThrow();
        clock.advance(Duration.ofMinutes(4));
        assertThat(urls.get("/blobs/a")).contains(first);
        assertThat(urls.get("/blobs/b")).isPresent().isNotEqualTo(Optional.of(first));
        assertThat(asked).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.expiry()).isEqualTo(Duration.ofMinutes(25)); // 20 left when handed out last
        });
        clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // 5 min and 1 s after the first was signed
        URI renewed = urls.get("/blobs/a").orElseThrow();
        assertThat(renewed).isNotEqualTo(first);
        assertThat(asked).hasSize(3);
    }

    @Test
    void aDriverWithoutAUrlIsAskedEveryTime() throws IOException {
        RedirectUrls urls = new RedirectUrls(signing, Duration.ofMinutes(20), clock);
        assertThat(urls.get("/local/x")).isEmpty();
        assertThat(urls.get("/local/x")).isEmpty();
        assertThat(asked).hasSize(2);
    }

    @Test
    void atMostTheBoundIsKept() throws IOException {
        RedirectUrls urls = new RedirectUrls(signing, Duration.ofMinutes(20), clock);
        for (int i = 0; i < 3 * RedirectUrls.KEPT; i++) {
            urls.get("/blobs/" + i);
        }
        asked.clear();
        int kept = 0;
        for (int i = 0; i < 3 * RedirectUrls.KEPT; i++) {
            int before = asked.size();
            urls.get("/blobs/" + i);
            kept += asked.size() == before ? 1 : 0;
        }
        assertThat(kept).isPositive().isLessThanOrEqualTo(RedirectUrls.KEPT);
    }
}
