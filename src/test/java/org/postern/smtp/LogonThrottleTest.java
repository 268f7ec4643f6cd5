package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LogonThrottleTest {

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override public Instant instant() {
            return now;
        }
    }

    @Test
    void anAddressIsBlockedAtTheLimitUntilItsWindowHasPassed() throws Exception {
        Manual clock = new Manual();
        LogonThrottle t = new LogonThrottle(3, Duration.ofMinutes(15), clock);
        InetAddress a = InetAddress.getByName("127.0.0.20");
        InetAddress b = InetAddress.getByName("127.0.0.21");
        t.failed(a);
        t.failed(a);
        assertThat(t.blocked(a)).isFalse();
        t.failed(a);
        assertThat(t.blocked(a)).isTrue();
        assertThat(t.blocked(b)).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(14));
        assertThat(t.blocked(a)).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(t.blocked(a)).isFalse();
        t.failed(a);
        assertThat(t.blocked(a)).isFalse();
    }

    @Test
    void manySourcesStayBoundedAndTheNewestIsCounted() throws Exception {
        Manual clock = new Manual();
        LogonThrottle t = new LogonThrottle(1, Duration.ofMinutes(15), clock);
        byte[] ip = {10, 0, 0, 0};
        for (int i = 0; i < 10_050; i++) {
            ip[2] = (byte) (i >> 8);
            ip[3] = (byte) i;
            clock.now = clock.now.plusMillis(1);
            t.failed(InetAddress.getByAddress(ip.clone()));
        }
        assertThat(t.blocked(InetAddress.getByAddress(ip))).isTrue();
        assertThat(t.blocked(InetAddress.getByAddress(new byte[] {10, 0, 0, 0}))).isFalse();
    }
}
