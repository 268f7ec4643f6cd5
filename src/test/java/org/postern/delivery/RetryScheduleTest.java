package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postern.config.TransportService;

class RetryScheduleTest {

    private final TransportService ts = TransportService.defaults("EX01");

    @Test
    void connectionFailuresRetryQuicklySixTimesThenEveryTenMinutes() {
        for (int n = 1; n <= 6; n++) {
            assertThat(RetrySchedule.connectionRetryInterval(ts, n))
                    .isEqualTo(Duration.ofMinutes(5));
        }
        assertThat(RetrySchedule.connectionRetryInterval(ts, 7))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(RetrySchedule.connectionRetryInterval(ts, 50))
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void scheduleFollowsChangedSettings() {
        TransportService quick = ts.withTransientFailureRetryCount(1)
                .withTransientFailureRetryInterval(Duration.ofSeconds(2))
                .withOutboundConnectionFailureRetryInterval(Duration.ofSeconds(30));
        assertThat(RetrySchedule.connectionRetryInterval(quick, 1))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(RetrySchedule.connectionRetryInterval(quick, 2))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void deferredMessageWaitsMessageRetryInterval() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(RetrySchedule.messageRetryAt(ts, now)).isEqualTo(now.plusSeconds(15 * 60));
    }

    @Test
    void messageExpiresAfterTwoDaysAndIsDelayNotifiedAfterFourHours() {
        Instant arrival = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(RetrySchedule.delayNoticeDue(ts, arrival, arrival.plusSeconds(4 * 3600 - 1)))
                .isFalse();
        assertThat(RetrySchedule.delayNoticeDue(ts, arrival, arrival.plusSeconds(4 * 3600)))
                .isTrue();
        assertThat(RetrySchedule.expired(ts, arrival, arrival.plus(Duration.ofDays(2))
                .minusSeconds(1))).isFalse();
        assertThat(RetrySchedule.expired(ts, arrival, arrival.plus(Duration.ofDays(2))))
                .isTrue();
    }
}
