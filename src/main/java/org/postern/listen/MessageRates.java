package org.postern.listen;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * MessageRateLimit: messages per minute per source on each receive connector (fact sheet (h)),
 * counted when a client says MAIL. The source is a client address, an authenticated user or both,
 * as MessageRateSource says; the caller picks the keys.
 *
 * <p>{@link ConnectionRate} keeps Set-TransportService MaxConnectionRatePerMinute in the same
 * kind of bucket.
 *
 * <p>A token bucket per (connector, source): it holds up to the limit, starts full, and fills
 * at the limit per minute, worked out from the clock when a MAIL arrives, so no timer or thread
 * is held. It was chosen over a log of timestamps because it needs constant memory per source
 * whatever the limit (MessageRateLimit can be two billion), and over fixed minute windows
 * because a client cannot double its rate across a window edge. Its one difference from a strict
 * sliding minute: a client that waited a whole minute may send the limit at once and then keeps
 * the steady rate. Exchange does not document its own window finer than "per minute".
 *
 * <p>A bucket that has filled again is the same as none, so such entries are dropped by a sweep
 * at most once a window: memory is bounded by the sources seen within the last minute.
 */
public final class MessageRates {

    private static final long DEFAULT_WINDOW_NANOS = 60_000_000_000L;

    private record Key(String connector, String source) {
    }

    private static final class Bucket {
        double tokens;
        long updated;
    }

    private final Map<Key, Bucket> buckets = new HashMap<>();
    private final LongSupplier nanos;
    private final long window;
    private long lastSweep;

    /** Per minute, on the system's monotonic clock. */
    public MessageRates() {
        this(System::nanoTime, DEFAULT_WINDOW_NANOS);
    }

    /**
     * @param nanos a monotonic clock in nanoseconds (tests pass their own)
     * @param windowNanos the period the limit is counted over (a minute in service)
     */
    public MessageRates(LongSupplier nanos, long windowNanos) {
        this.nanos = nanos;
        this.window = windowNanos;
        this.lastSweep = nanos.getAsLong();
    }

    /**
     * Takes one message from each source's bucket on {@code connector}, or none when one of them
     * is empty.
     *
     * @param limit messages per window; negative for unlimited
     * @param sources the keys the message counts against (an address, a user or both)
     * @return whether the message may go ahead
     */
    public synchronized boolean take(String connector, long limit, String... sources) {
        if (limit < 0 || sources.length == 0) {
            return true;
        }
        long now = nanos.getAsLong();
        sweep(now);
        Bucket[] found = new Bucket[sources.length];
        for (int i = 0; i < sources.length; i++) {
            Bucket b = buckets.computeIfAbsent(new Key(connector, sources[i]), k -> {
                Bucket n = new Bucket();
                n.tokens = limit;
                n.updated = now;
                return n;
            });
            double refill = (double) (now - b.updated) * limit / window;
            b.tokens = Math.min(limit, b.tokens + refill);
            b.updated = now;
            found[i] = b;
        }
        for (Bucket b : found) {
            if (b.tokens < 1) {
                return false;
            }
        }
        for (Bucket b : found) {
            b.tokens -= 1;
        }
        return true;
    }

    /** Drops the buckets untouched for a whole window: they are full again. */
    private void sweep(long now) {
        if (now - lastSweep < window) {
            return;
        }
        lastSweep = now;
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext();) {
            if (now - it.next().updated >= window) {
                it.remove();
            }
        }
    }

    /** Sources held (for tests). */
    synchronized int tracked() {
        return buckets.size();
    }
}
