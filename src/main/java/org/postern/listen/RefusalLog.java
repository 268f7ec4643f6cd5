package org.postern.listen;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many {@code event=connection-refused} lines an address gets. A connection refused before
 * its banner costs the server little, and a flood from one address makes thousands a second:
 * one log line each would fill the disk with the same line and cost more than the refusal.
 *
 * <p>So each (reason, address) gets its first {@link #LINES} lines of every ten-second period;
 * the refusals after those are counted, and the next line logged for that reason and address,
 * in a later period, says how many were left out ({@code suppressed=N}). Refusals that stop for
 * good leave their last period's count unlogged: there is no timer. At most {@link #MAX_KEYS}
 * pairs are kept; beyond that, refusals from addresses not yet kept share one entry per reason.
 * When a period starts, the pairs of ended ones with nothing left out are dropped.
 */
final class RefusalLog {

    static final int LINES = 10;
    static final int MAX_KEYS = 10_000;
    private static final long PERIOD_NANOS = 10_000_000_000L;

    private record Key(String reason, InetAddress address) {
    }

    private static final class Entry {
        long period;
        int logged;
        long suppressed;
    }

    private final LongSupplier nanos;
    private final Map<Key, Entry> entries = new HashMap<>();
    private long currentPeriod;

    RefusalLog() {
        this(System::nanoTime);
    }

    RefusalLog(LongSupplier nanos) {
        this.nanos = nanos;
        this.currentPeriod = nanos.getAsLong() / PERIOD_NANOS;
    }

    /**
     * Counts one refusal of {@code address} for {@code reason}.
     *
     * @return -1 if its line is to be left out, else how many lines for this reason and address
     *     were left out since the last one logged
     */
    synchronized long refused(String reason, InetAddress address) {
        long period = nanos.getAsLong() / PERIOD_NANOS;
        if (period != currentPeriod) {
            currentPeriod = period;
            // Entries of ended periods with nothing left out say nothing any more.
            entries.values().removeIf(e -> e.suppressed == 0);
        }
        Key key = new Key(reason, address);
        Entry e = entries.get(key);
        if (e == null) {
            if (entries.size() >= MAX_KEYS) {
                key = new Key(reason, null);
                e = entries.get(key);
            }
            if (e == null) {
                e = new Entry();
                e.period = period;
                entries.put(key, e);
            }
        }
        if (e.period != period) {
            e.period = period;
            e.logged = 0;
        }
        if (e.logged >= LINES) {
            e.suppressed++;
            return -1;
        }
        e.logged++;
        long left = e.suppressed;
        e.suppressed = 0;
        return left;
    }

    /** Pairs kept (for tests). */
    synchronized int kept() {
        return entries.size();
    }
}
