package org.postern.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

    private static final long SECOND = 1_000_000_000L;
    private long now = 5 * SECOND;
    private final RefusalLog log = new RefusalLog(() -> now);

    private static InetAddress ip(String text) {
        return ConnectionRateTest.ip(text);
    }

    private static final InetAddress FLOOD = ip("127.0.0.66");

    @Test
    void anAddressGetsTenLinesAPeriodAndTheNextLineSaysHowManyWereLeftOut() {
        for (int i = 0; i < RefusalLog.LINES; i++) {
            assertThat(log.refused("rate", FLOOD)).as("line %d", i).isZero();
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(log.refused("rate", FLOOD)).isEqualTo(-1);
        }
        assertThat(log.refused("rate", ip("127.0.0.10"))).as("another address").isZero();
        assertThat(log.refused("per-source", FLOOD)).as("another reason").isZero();
        now += 10 * SECOND;
        assertThat(log.refused("rate", FLOOD)).as("the next period's first line").isEqualTo(1000);
        assertThat(log.refused("rate", FLOOD)).isZero();
    }

    @Test
    void pairsWithNothingLeftOutAreDroppedWhenAPeriodEnds() {
        for (int i = 0; i < 100; i++) {
            log.refused("rate", ip("127.0.3." + i));
        }
        for (int i = 0; i < 20; i++) {
            log.refused("rate", FLOOD);
        }
        assertThat(log.kept()).isEqualTo(101);
        now += 10 * SECOND;
        log.refused("rate", ip("127.0.0.10"));
        assertThat(log.kept()).as("the flood's count is still to be told").isEqualTo(2);
    }

    @Test
    void beyondTheKeptPairsNewAddressesShareOneEntryPerReason() {
        for (int i = 0; i < RefusalLog.MAX_KEYS; i++) {
            log.refused("rate", ip("127." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "."
                    + (i & 255)));
        }
        int logged = 0;
        for (int i = 0; i < 1000; i++) {
            logged += log.refused("rate", ip("127.200." + (i >> 8) + "." + (i & 255))) >= 0
                    ? 1 : 0;
        }
        assertThat(logged).isEqualTo(RefusalLog.LINES);
        assertThat(log.kept()).isEqualTo(RefusalLog.MAX_KEYS + 1);
    }
}
