package org.postern.smtp;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logons per client address across connections (case P24): MaxLogonFailures closes one
 * connection, and a client that reconnects would otherwise guess on for ever. After
 * {@code limit} failures from one address within {@code window}, AUTH from that address is
 * answered {@code 454 4.7.0} without a check until the window has passed. Postern's own
 * addition: Exchange has no such limit. It counts by address, never by account, so a guesser
 * cannot lock a user out (the user signs in from their own address as usual).
 *
 * <p>Memory is bounded: at most {@code MAX_SOURCES} addresses are tracked; when full, expired
 * entries go first, then the oldest.
 */
public final class LogonThrottle {

    /** 30 failures in 15 minutes: ten reconnections at Exchange's MaxLogonFailures of 3. */
    public static final LogonThrottle SERVER =
            new LogonThrottle(30, Duration.ofMinutes(15), Clock.systemUTC());

    private static final int MAX_SOURCES = 10_000;

    private record Window(Instant start, int failures) {
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<InetAddress, Window> sources = new ConcurrentHashMap<>();

    public LogonThrottle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Whether AUTH from this address is refused for now. */
    public boolean blocked(InetAddress source) {
        Window w = sources.get(source);
        if (w == null) {
            return false;
        }
        if (expired(w, clock.instant())) {
            sources.remove(source, w);
            return false;
        }
        return w.failures() >= limit;
    }

    /** Counts one failed logon from this address. */
    public void failed(InetAddress source) {
        Instant now = clock.instant();
        if (sources.size() >= MAX_SOURCES && !sources.containsKey(source)) {
            prune(now);
        }
        sources.compute(source, (k, w) -> w == null || expired(w, now) ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
    }

    private boolean expired(Window w, Instant now) {
        return !now.isBefore(w.start().plus(window));
    }

    /** Makes room for one more address: expired entries, else the oldest one. */
    private void prune(Instant now) {
        sources.values().removeIf(w -> expired(w, now));
        if (sources.size() < MAX_SOURCES) {
            return;
        }
        Map.Entry<InetAddress, Window> oldest = null;
        for (Map.Entry<InetAddress, Window> e : sources.entrySet()) {
            if (oldest == null || e.getValue().start().isBefore(oldest.getValue().start())) {
                oldest = e;
            }
        }
        if (oldest != null) {
            sources.remove(oldest.getKey());
        }
    }
}
