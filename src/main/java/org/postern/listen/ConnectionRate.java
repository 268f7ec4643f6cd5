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
 * connections under it: the last tenth of the bucket is a reserve that the busiest addresses
 * cannot use. Without it, one address opening connections as fast as it can takes every token
 * as it comes back, and every other client, a listed relay host too, is refused for as long as
 * the flood lasts. With it, once the bucket is down to its reserve a connection is refused when
 * its address made more than {@link #FEW} attempts recently and at least half as many as the
 * busiest address; the others still get theirs until the bucket is empty. Attempts count
 * whether or not they were refused, so a flood is the busiest address within a few dozen
 * attempts; "recently" is a count that shrinks by a factor of e every ten seconds (a sixth of
 * the window), short so that the lead changes quickly. Two floods of about the same rate are
 * both kept out of the reserve; many addresses that each try only a few times are not. Below
 * ten per minute there is no reserve.
 *
 * <p>Addresses whose count has decayed below one are dropped by a sweep at most every ten
 * seconds, so memory is bounded by the addresses seen within the last minute or so, and at most
 * {@link #MAX_TRACKED}.
 */
public final class ConnectionRate {

    private static final long DEFAULT_WINDOW_NANOS = 60_000_000_000L;
    /**
     * Addresses counted at most: beyond it a new address counts as one that rarely connects
     * (the limit still holds), so a flood from ever new addresses cannot grow the map.
     */
    static final int MAX_TRACKED = 10_000;
    /** Recent attempts an address may make and still use the reserve, however busy the rest. */
    static final int FEW = 10;

    /** A count that decays by 1/e per {@code tau}; decay keeps the order between counts. */
    private static final class Recent {
        double count;
        long updated;

        double at(long now, long tau) {
            if (now != updated) {
                count *= Math.exp(-(double) (now - updated) / tau);
                updated = now;
            }
            return count;
        }
    }

    private final LongSupplier nanos;
    private final long window;
    private final long tau;
    private final Map<InetAddress, Recent> perAddress = new HashMap<>();
    /** The address with the most recent attempts, or null. */
    private Recent busiest;
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
        this.tau = windowNanos / 6;
        this.lastSweep = nanos.getAsLong();
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
        Recent mine = perAddress.get(address);
        if (mine == null && perAddress.size() < MAX_TRACKED) {
            mine = new Recent();
            mine.updated = now;
            perAddress.put(address, mine);
        }
        double recent = 1;
        if (mine != null) {
            recent = mine.at(now, tau) + 1;
            mine.count = recent;
            if (busiest == null || recent > busiest.at(now, tau)) {
                busiest = mine;
            }
        }
        if (tokens < 1) {
            return false;
        }
        long reserve = limit / 10;
        if (tokens < reserve + 1 && recent > FEW && recent * 2 >= busiest.at(now, tau)) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Drops the addresses whose recent count has decayed below one. */
    private void sweep(long now) {
        if (now - lastSweep < tau) {
            return;
        }
        lastSweep = now;
        for (Iterator<Recent> it = perAddress.values().iterator(); it.hasNext();) {
            Recent r = it.next();
            if (r.at(now, tau) < 1) {
                it.remove();
                if (r == busiest) {
                    busiest = null; // every other count is smaller: all are going
                }
            }
        }
    }

    /** Addresses held (for tests). */
    synchronized int tracked() {
        return perAddress.size();
    }
}
