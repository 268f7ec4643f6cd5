package org.postern.listen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageRatesTest {

    private static final long MINUTE = 60_000_000_000L;
    private long now = 1_000;
    private final MessageRates rates = new MessageRates(() -> now, MINUTE);

    @Test
    void theLimitIsTakenThenRefusedPerSourceAndConnector() {
        assertThat(rates.take("C", 3, "ip:127.0.0.10")).isTrue();
        assertThat(rates.take("C", 3, "ip:127.0.0.10")).isTrue();
        assertThat(rates.take("C", 3, "ip:127.0.0.10")).isTrue();
        assertThat(rates.take("C", 3, "ip:127.0.0.10")).isFalse();
        assertThat(rates.take("C", 3, "ip:127.0.0.11")).isTrue();
        assertThat(rates.take("D", 3, "ip:127.0.0.10")).isTrue();
    }

    @Test
    void messagesComeBackAtTheLimitPerMinute() {
        for (int i = 0; i < 6; i++) {
            assertThat(rates.take("C", 6, "ip:a")).isTrue();
        }
        assertThat(rates.take("C", 6, "ip:a")).isFalse();
        now += MINUTE / 6 - 1;
        assertThat(rates.take("C", 6, "ip:a")).as("not yet a sixth of a minute").isFalse();
        now += 1;
        assertThat(rates.take("C", 6, "ip:a")).isTrue();
        assertThat(rates.take("C", 6, "ip:a")).isFalse();
        now += 10 * MINUTE;
        for (int i = 0; i < 6; i++) {
            assertThat(rates.take("C", 6, "ip:a")).as("full again, never more").isTrue();
        }
        assertThat(rates.take("C", 6, "ip:a")).isFalse();
    }

    @Test
    void withSeveralSourcesAnEmptyOneRefusesAndNothingIsTaken() {
        assertThat(rates.take("C", 1, "user:alice")).isTrue();
        assertThat(rates.take("C", 1, "ip:a", "user:alice")).isFalse();
        assertThat(rates.take("C", 1, "ip:a")).as("the address's message was not used").isTrue();
    }

    @Test
    void unlimitedOrNoSourceIsNeverRefusedNorTracked() {
        for (int i = 0; i < 100; i++) {
            assertThat(rates.take("C", -1, "ip:a")).isTrue();
            assertThat(rates.take("C", 1)).isTrue();
        }
        assertThat(rates.tracked()).isZero();
    }

    @Test
    void sourcesQuietForAMinuteAreForgotten() {
        for (int i = 0; i < 1000; i++) {
            rates.take("C", 5, "ip:" + i);
        }
        assertThat(rates.tracked()).isEqualTo(1000);
        now += MINUTE;
        rates.take("C", 5, "ip:new");
        assertThat(rates.tracked()).isEqualTo(1);
    }
}
