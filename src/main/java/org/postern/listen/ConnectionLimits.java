package org.postern.listen;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Concurrent inbound connections per receive connector and per (connector, client address), as
 * Exchange counts them for MaxInboundConnection, MaxInboundConnectionPerSource and
 * MaxInboundConnectionPercentagePerSource (fact sheet (a.4), (h)). A connection takes a slot
 * when it is accepted and its connector chosen, and gives it back when its channel closes.
 *
 * <p>The percentage limit is of the connector's remaining slots, which Exchange documents
 * without saying whether a source's own connections count as taken. Here they do not: an address
 * may hold that share of the slots the <em>other</em> addresses leave free. With
 * MaxInboundConnection 5000, 2 % and 100 connections open from elsewhere, one address may hold
 * 98. So 100 % (Default &lt;Server&gt;) adds nothing to MaxInboundConnection, as Exchange
 * intends it. It does not apply when MaxInboundConnection is unlimited (there is no remaining
 * count to take a share of). Rounding is not documented either: the share is rounded down but
 * never below one, so that a nearly full connector still serves a new source.
 *
 * <p>Entries are dropped as soon as their count falls to zero, so memory is bounded by the
 * connections that are open.
 */
public final class ConnectionLimits {

    /** Why a connection was refused, with the event word and the reply Exchange gives. */
    public enum Refusal {
        /** MaxInboundConnection: the connector is full. */
        MAX_INBOUND("max-inbound", "421 4.3.2 The maximum number of concurrent server "
                + "connections has exceeded a limit, closing transmission channel"),
        /** MaxInboundConnectionPerSource: this address holds as many as it may. */
        MAX_INBOUND_PER_SOURCE("max-inbound-per-source", PER_SOURCE_REPLY),
        /** MaxInboundConnectionPercentagePerSource: this address holds its share. */
        MAX_INBOUND_PERCENTAGE_PER_SOURCE("max-inbound-percentage-per-source",
                PER_SOURCE_REPLY);

        private final String word;
        private final String reply;

        Refusal(String word, String reply) {
            this.word = word;
            this.reply = reply;
        }

        /** The stable reason word for the log line. */
        public String word() {
            return word;
        }

        /** The whole reply line, without CRLF. */
        public String reply() {
            return reply;
        }
    }

    /**
     * Exchange 2013 and later, given instead of the banner. Exchange documents no separate text
     * for the percentage limit; it is taken to be the same (UNCONFIRMED in the fact sheet).
     */
    static final String PER_SOURCE_REPLY = "421 4.3.2 The maximum number of concurrent server "
            + "connections has exceeded a per-source limit, closing transmission channel";

    /** A connector's limits as read from its configuration; -1 is unlimited. */
    public record Limits(long maxInbound, long maxPerSource, int percentagePerSource) {
    }

    /** The outcome of {@link #admit}: a slot to give back, or why there is none. */
    public static final class Admission {
        private final Refusal refusal;
        private final long limit;
        private final Runnable release;

        private Admission(Refusal refusal, long limit, Runnable release) {
            this.refusal = refusal;
            this.limit = limit;
            this.release = release;
        }

        /** Empty when admitted. */
        public Optional<Refusal> refusal() {
            return Optional.ofNullable(refusal);
        }

        /** The limit that was reached (only for a refusal). */
        public long limit() {
            return limit;
        }

        /** Gives the slot back; safe to call more than once; does nothing for a refusal. */
        public void release() {
            release.run();
        }
    }

    private record Source(String connector, InetAddress address) {
    }

    private final Map<String, Integer> perConnector = new HashMap<>();
    private final Map<Source, Integer> perSource = new HashMap<>();

    /**
     * Takes a slot on {@code connector} for a client at {@code address}, or refuses it. Checks
     * in Exchange's order: the connector-wide limit first, then the per-source ones.
     */
    public synchronized Admission admit(String connector, InetAddress address, Limits limits) {
        int total = perConnector.getOrDefault(connector, 0);
        Source source = new Source(connector, address);
        int mine = perSource.getOrDefault(source, 0);
        if (limits.maxInbound() >= 0 && total >= limits.maxInbound()) {
            return refused(Refusal.MAX_INBOUND, limits.maxInbound());
        }
        if (limits.maxPerSource() >= 0 && mine >= limits.maxPerSource()) {
            return refused(Refusal.MAX_INBOUND_PER_SOURCE, limits.maxPerSource());
        }
        if (limits.maxInbound() >= 0) {
            long share = Math.max(1,
                    (limits.maxInbound() - (total - mine)) * limits.percentagePerSource() / 100);
            if (mine >= share) {
                return refused(Refusal.MAX_INBOUND_PERCENTAGE_PER_SOURCE, share);
            }
        }
        perConnector.merge(connector, 1, Integer::sum);
        perSource.merge(source, 1, Integer::sum);
        boolean[] released = {false};
        return new Admission(null, 0, () -> {
            synchronized (this) {
                if (!released[0]) {
                    released[0] = true;
                    perConnector.computeIfPresent(connector, (k, v) -> v == 1 ? null : v - 1);
                    perSource.computeIfPresent(source, (k, v) -> v == 1 ? null : v - 1);
                }
            }
        });
    }

    private static Admission refused(Refusal why, long limit) {
        return new Admission(why, limit, () -> { });
    }

    /** Open connections counted on a connector (for tests and diagnostics). */
    public synchronized int open(String connector) {
        return perConnector.getOrDefault(connector, 0);
    }

    /** Open connections counted for one address on a connector. */
    public synchronized int open(String connector, InetAddress address) {
        return perSource.getOrDefault(new Source(connector, address), 0);
    }

    /** Number of (connector, address) entries held: bounded by the open connections. */
    synchronized int sourcesTracked() {
        return perSource.size();
    }
}
