package org.postern.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ConnectionRateTest {

    private static final long MINUTE = 60_000_000_000L;
    private long now = 1_000;
    private final ConnectionRate rate = new ConnectionRate(() -> now, MINUTE);

    /** An address literal (never looked up). */
    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final InetAddress FLOOD = ip("127.0.0.66");
    private static final InetAddress LISTED = ip("127.0.0.10");

    private int admitted(InetAddress from, int tries, long limit) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            n += rate.admit(from, limit) ? 1 : 0;
        }
        return n;
    }

    @Test
    void belowTenPerMinuteTheLimitIsForTheWholeServerWhoeverConnects() {
        assertThat(admitted(FLOOD, 3, 3)).isEqualTo(3);
        assertThat(rate.admit(LISTED, 3)).as("no reserve below ten per minute").isFalse();
        now += MINUTE / 3;
        assertThat(rate.admit(LISTED, 3)).isTrue();
        assertThat(rate.admit(FLOOD, 3)).isFalse();
    }

    @Test
    void oneAddressFloodingKeepsOutOfTheReserveWhichOthersStillGet() {
        assertThat(admitted(FLOOD, 5000, 1200)).as("all but the reserve").isEqualTo(1080);
        for (int i = 0; i < 120; i++) {
            assertThat(rate.admit(LISTED, 1200)).as("listed host, connection %d", i).isTrue();
            assertThat(rate.admit(FLOOD, 1200)).isFalse();
        }
        assertThat(rate.admit(LISTED, 1200)).as("the bucket is empty").isFalse();
    }

    @Test
    void underAFloodThatLastsTheOthersGetTheirConnectionsAndTheServerNoMoreThanTheLimit() {
        int flood = 0;
        int listed = 0;
        int listedTries = 0;
        // Ten minutes: the flood tries every millisecond, the listed host five times a second.
        for (int ms = 0; ms < 600_000; ms++) {
            now += 1_000_000L;
            flood += rate.admit(FLOOD, 1200) ? 1 : 0;
            if (ms % 200 == 0) {
                listedTries++;
                listed += rate.admit(LISTED, 1200) ? 1 : 0;
            }
        }
        assertThat(listed).isEqualTo(listedTries);
        assertThat(flood + listed).as("a full bucket and ten minutes of refill, no more")
                .isLessThanOrEqualTo(1200 + 12_000);
        assertThat(flood).as("the flood still gets what the others leave")
                .isGreaterThan(1200 + 12_000 - listedTries - 200);
    }

    @Test
    void anAddressAloneOverTheLimitGetsItAndNoMore() {
        int n = 0;
        for (int s = 0; s < 600; s++) {
            now += MINUTE / 60;
            n += admitted(LISTED, 100, 1200);
        }
        assertThat(n).as("the burst less the reserve, then 20 a second")
                .isBetween(1080 + 599 * 20 - 2, 1200 + 600 * 20);
    }

    @Test
    void manyAddressesTogetherNeverGetMoreThanTheLimit() {
        int n = 0;
        for (int i = 0; i < 5000; i++) {
            n += rate.admit(ip("127.0." + (i / 250) + "." + (i % 250)), 1200) ? 1 : 0;
        }
        assertThat(n).isEqualTo(1200);
    }

    @Test
    void unlimitedIsNeverRefusedNorTracked() {
        assertThat(admitted(FLOOD, 10_000, -1)).isEqualTo(10_000);
        assertThat(rate.tracked()).isZero();
    }

    @Test
    void addressesQuietForAWhileAreForgotten() {
        for (int i = 0; i < 500; i++) {
            rate.admit(ip("127.0.1." + (i % 250)), 1200);
        }
        assertThat(rate.tracked()).isEqualTo(250);
        now += 2 * MINUTE;
        rate.admit(LISTED, 1200);
        assertThat(rate.tracked()).as("counts of two decayed below one").isEqualTo(1);
    }

    @Test
    void aFloodStartingWhenTheBucketIsAlreadyLowIsKeptOutOfTheReserveAtOnce() {
        for (int i = 0; i < 150; i++) {
            now += MINUTE / 300;
            assertThat(rate.admit(LISTED, 1200)).isTrue();
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(rate.admit(ip("127.0.1." + (i % 100)), 1200)).isTrue();
        }
        int listed = 0;
        for (int ms = 0; ms < 30_000; ms++) {
            now += 1_000_000L;
            admitted(FLOOD, 3, 1200);
            if (ms % 200 == 0) {
                assertThat(rate.admit(LISTED, 1200)).as("listed host at %d ms", ms).isTrue();
                listed++;
            }
        }
        assertThat(listed).isEqualTo(150);
    }

    @Test
    void atMostSoManyAddressesAreCountedAndTheLimitStillHolds() {
        int n = 0;
        for (int i = 0; i < 3 * ConnectionRate.MAX_TRACKED; i++) {
            n += rate.admit(ip("127." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)),
                    1_000_000) ? 1 : 0;
        }
        assertThat(rate.tracked()).isEqualTo(ConnectionRate.MAX_TRACKED);
        assertThat(n).isEqualTo(3 * ConnectionRate.MAX_TRACKED);
    }

    @Test
    void twoFloodsOfAboutTheSameRateAreBothKeptOutOfTheReserve() {
        InetAddress other = ip("127.0.0.67");
        for (int ms = 0; ms < 60_000; ms++) {
            now += 1_000_000L;
            rate.admit(FLOOD, 1200);
            rate.admit(other, 1200);
            rate.admit(FLOOD, 1200);
            if (ms % 200 == 0) {
                assertThat(rate.admit(LISTED, 1200)).as("listed host at %d ms", ms).isTrue();
            }
        }
    }

    @Test
    void anAddressThatTriesOnlyAFewTimesMayUseTheReserveWhateverTheOthersDo() {
        for (int i = 0; i < 1080; i++) {
            assertThat(rate.admit(ip("127.0.2." + (i % 200)), 1200)).isTrue();
        }
        for (int i = 0; i < ConnectionRate.FEW; i++) {
            assertThat(rate.admit(LISTED, 1200)).as("attempt %d", i).isTrue();
        }
    }
}
