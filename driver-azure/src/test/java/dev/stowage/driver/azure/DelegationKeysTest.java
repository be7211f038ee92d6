package dev.stowage.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.models.UserDelegationKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelegationKeysTest {

    private final List<OffsetDateTime[]> fetched = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final DelegationKeys keys = new DelegationKeys((start, expiry) -> {
        fetched.add(new OffsetDateTime[] {start, expiry});
        return new UserDelegationKey().setSignedStart(start).setSignedExpiry(expiry).setValue("key" + fetched.size());
    }, clock);

    private OffsetDateTime in(Duration d) {
        return OffsetDateTime.ofInstant(now, ZoneOffset.UTC).plus(d);
    }

    @Test
    void oneKeySignsEverySasThatExpiresBeforeIt() {
        UserDelegationKey first = keys.keyFor(in(Duration.ofMinutes(20)));
        now = now.plus(Duration.ofHours(30));
        UserDelegationKey later = keys.keyFor(in(Duration.ofMinutes(20)));
        assertThat(later).isSameAs(first);
        assertThat(fetched).hasSize(1);
        assertThat(fetched.get(0)[1]).isEqualTo(OffsetDateTime.parse("2026-01-08T00:00:00Z"));
        assertThat(fetched.get(0)[0]).isBefore(OffsetDateTime.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aKeyIsReplacedShortlyBeforeItExpires() {
        UserDelegationKey first = keys.keyFor(in(Duration.ofMinutes(20)));
        now = now.plus(Duration.ofDays(7)).minus(Duration.ofMinutes(24)); // a 20-minute SAS would end 4 minutes before the key
        UserDelegationKey second = keys.keyFor(in(Duration.ofMinutes(20)));
        assertThat(second).isNotSameAs(first);
        assertThat(second.getValue()).isEqualTo("key2");
        assertThat(second.getSignedExpiry()).isAfter(in(Duration.ofMinutes(20)));
    }

    @Test
    void aSasLongerThanTheKeysRemainingLifeGetsAFreshKey() {
        keys.keyFor(in(Duration.ofMinutes(20)));
        now = now.plus(Duration.ofDays(1));
        UserDelegationKey key = keys.keyFor(in(Duration.ofDays(6).plusHours(12)));
        assertThat(fetched).hasSize(2);
        assertThat(key.getSignedExpiry()).isAfter(in(Duration.ofDays(6).plusHours(12)));
    }
}
