package org.postern.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.listen.ConnectionLimits.Admission;
import org.postern.listen.ConnectionLimits.Limits;
import org.postern.listen.ConnectionLimits.Refusal;

class ConnectionLimitsTest {

    private static final String C = "EX01\\Relay";
    private final ConnectionLimits limits = new ConnectionLimits();

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private List<Admission> admitAll(int n, String source, Limits l) throws Exception {
        List<Admission> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Admission a = limits.admit(C, ip(source), l);
            assertThat(a.refusal()).as("connection %d", i + 1).isEmpty();
            out.add(a);
        }
        return out;
    }

    @Test
    void perSourceLimitRefusesTheNextConnectionFromThatAddressOnly() throws Exception {
        Limits l = new Limits(-1, 2, 100);
        admitAll(2, "127.0.0.10", l);
        Admission third = limits.admit(C, ip("127.0.0.10"), l);
        assertThat(third.refusal()).contains(Refusal.MAX_INBOUND_PER_SOURCE);
        assertThat(third.limit()).isEqualTo(2);
        assertThat(limits.admit(C, ip("127.0.0.11"), l).refusal()).isEmpty();
        assertThat(limits.admit("EX01\\Other", ip("127.0.0.10"), l).refusal()).isEmpty();
    }

    @Test
    void connectorLimitCountsEverySourceAndIsCheckedFirst() throws Exception {
        Limits l = new Limits(3, 1, 100);
        admitAll(1, "127.0.0.10", l);
        admitAll(1, "127.0.0.11", l);
        admitAll(1, "127.0.0.12", l);
        assertThat(limits.admit(C, ip("127.0.0.13"), l).refusal()).contains(Refusal.MAX_INBOUND);
        assertThat(limits.admit(C, ip("127.0.0.10"), l).refusal()).contains(Refusal.MAX_INBOUND);
    }

    @Test
    void percentageIsOfTheRemainingFreeSlots() throws Exception {
        // 100 slots, 10 %: alone, a source may hold 10 % of them ...
        Limits l = new Limits(100, -1, 10);
        admitAll(10, "127.0.0.10", l);
        Admission a = limits.admit(C, ip("127.0.0.10"), l);
        assertThat(a.refusal()).contains(Refusal.MAX_INBOUND_PERCENTAGE_PER_SOURCE);
        assertThat(a.limit()).isEqualTo(10);
        // ... and with 50 held by others, a new source gets 10 % of the 50 left: 5.
        for (int i = 0; i < 40; i++) {
            admitAll(1, "127.0.1." + i, l);
        }
        admitAll(5, "127.0.0.20", l);
        assertThat(limits.admit(C, ip("127.0.0.20"), l).refusal())
                .contains(Refusal.MAX_INBOUND_PERCENTAGE_PER_SOURCE);
    }

    @Test
    void percentageNeverRoundsANewSourceDownToNothingAndIsOffWhenUnlimited() throws Exception {
        Limits l = new Limits(10, -1, 2);
        assertThat(limits.admit(C, ip("127.0.0.10"), l).refusal()).isEmpty();
        assertThat(limits.admit(C, ip("127.0.0.10"), l).refusal())
                .contains(Refusal.MAX_INBOUND_PERCENTAGE_PER_SOURCE);
        Limits off = new Limits(-1, -1, 2);
        admitAll(50, "127.0.0.30", off);
    }

    @Test
    void releasedSlotsCountAgainAndEntriesAreDropped() throws Exception {
        Limits l = new Limits(-1, 1, 100);
        Admission first = admitAll(1, "127.0.0.10", l).get(0);
        assertThat(limits.admit(C, ip("127.0.0.10"), l).refusal()).isPresent();
        first.release();
        first.release(); // twice is harmless
        assertThat(limits.open(C)).isZero();
        assertThat(limits.sourcesTracked()).isZero();
        assertThat(limits.admit(C, ip("127.0.0.10"), l).refusal()).isEmpty();
        assertThat(limits.open(C, ip("127.0.0.10"))).isEqualTo(1);
    }

    @Test
    void repliesAreExchanges() {
        assertThat(Refusal.MAX_INBOUND_PER_SOURCE.reply()).isEqualTo("421 4.3.2 The maximum "
                + "number of concurrent server connections has exceeded a per-source limit, "
                + "closing transmission channel");
        assertThat(Refusal.MAX_INBOUND.reply()).isEqualTo("421 4.3.2 The maximum number of "
                + "concurrent server connections has exceeded a limit, closing transmission "
                + "channel");
    }
}
