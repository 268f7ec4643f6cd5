package org.postern.listen;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Set-TransportService MaxConnectionRatePerMinute: new inbound connections the whole server
 * takes per minute (fact sheet (h)), counted before a connector is chosen.
 *
 * <p>The limit is one token bucket for the server, as {@link MessageRates} keeps them: it holds
 * up to the limit, starts full (again when the limit is changed) and fills at the limit per
 * minute. So the server takes no more than the limit in a minute, however many addresses
 * connect.
 *
 * <p>Beyond Exchange, which documents the limit for the server and nothing about who gets the
 * connections under it: the last tenth of the bucket is a reserve that the address trying most
 * often to connect cannot use. Without it, one address opening connections as fast
 * as it can takes every token as it comes back, and every other client, a listed relay host
 * too, is refused for as long as the flood lasts. With it, once the bucket is down to its
 * reserve a connection is refused when its address made more than half of the connection
 * attempts the server saw recently, refused ones included; others still get theirs until the
 * bucket is empty. "Recently" is a count that shrinks by a factor of e each minute (about the
 * last minute's attempts), kept per address and for the server. Counting attempts, not the
 * connections taken, makes a flood the larger part within a second even when it starts with
 * the bucket already low. Below ten per minute there is no reserve.
 * Two or more addresses that flood together, each under half, still share the reserve with
 * everyone else: MaxInboundConnectionPerSource bounds what they hold, not how fast they come.
 *
 * <p>Addresses whose count has decayed below one are dropped by a sweep at most once a minute,
 * so memory is bounded by the addresses seen within the last few minutes, and at most
 * {@link #MAX_TRACKED}.
 */
public final class ConnectionRate {

    private static final long DEFAULT_WINDOW_NANOS = 60_000_000_000L;
    /**
     * Addresses counted at most: beyond it a new address counts as one that rarely connects
     * (the total still holds), so a flood from ever new addresses cannot grow the map.
     */
    static final int MAX_TRACKED = 10_000;

    /** A count that decays by 1/e per window. */
    private static final class Recent {
        double count;
        long updated;

        double at(long now, long window) {
            if (now != updated) {
                count *= Math.exp(-(double) (now - updated) / window);
                updated = now;
            }
            return count;
        }
    }

    private final LongSupplier nanos;
    private final long window;
    private final Map<InetAddress, Recent> perAddress = new HashMap<>();
    private final Recent total = new Recent();
    private double tokens;
    private long updated;
    /** The limit the bucket was last filled for; a new limit starts with a full bucket. */
    private long bucketLimit = -1;
    private long lastSweep;

    /** Per minute, on the system's monotonic clock. */
    public ConnectionRate() {
        this(System::nanoTime, DEFAULT_WINDOW_NANOS);
    }

    /**
     * @param nanos a monotonic clock in nanoseconds (tests pass their own)
     * @param windowNanos the period the limit is counted over (a minute in service)
     */
    public ConnectionRate(LongSupplier nanos, long windowNanos) {
        this.nanos = nanos;
        this.window = windowNanos;
        long now = nanos.getAsLong();
        this.lastSweep = now;
        this.total.updated = now;
    }

    /**
     * Takes a connection from {@code address}, or refuses it.
     *
     * @param limit connections per window for the server; negative for unlimited
     * @return whether the connection may go ahead
     */
    public synchronized boolean admit(InetAddress address, long limit) {
        if (limit < 0) {
            return true;
        }
        long now = nanos.getAsLong();
        sweep(now);
        if (limit != bucketLimit) {
            tokens = limit;
            bucketLimit = limit;
        } else {
            tokens = Math.min(limit, tokens + (double) (now - updated) * limit / window);
        }
        updated = now;
        double recentTotal = total.at(now, window) + 1;
        total.count = recentTotal;
        Recent mine = perAddress.get(address);
        if (mine == null && perAddress.size() < MAX_TRACKED) {
            mine = new Recent();
            mine.updated = now;
            perAddress.put(address, mine);
        }
        double recentMine = 1;
        if (mine != null) {
            recentMine = mine.at(now, window) + 1;
            mine.count = recentMine;
        }
        if (tokens < 1) {
            return false;
        }
        long reserve = limit / 10;
        if (tokens < reserve + 1 && recentMine * 2 > recentTotal) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Drops the addresses whose recent count has decayed below one. */
    private void sweep(long now) {
        if (now - lastSweep < window) {
            return;
        }
        lastSweep = now;
        for (Iterator<Recent> it = perAddress.values().iterator(); it.hasNext();) {
            if (it.next().at(now, window) < 1) {
                it.remove();
            }
        }
    }

    /** Addresses held (for tests). */
    synchronized int tracked() {
        return perAddress.size();
    }
}
