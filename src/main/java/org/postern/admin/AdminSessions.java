package org.postern.admin;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The open shell sessions of the management endpoint, by random id. A session unused for the
 * idle time is dropped when the next request looks; past the limit the least recently used is
 * dropped. Used by the endpoint's one thread only.
 */
final class AdminSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private record Open(ScriptRunner runner, long lastUsed) {
    }

    private final long idleNanos;
    private final int limit;
    private final LongSupplier nanoClock;
    /** In access order: the first entry is the least recently used. */
    private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(16, 0.75f, true);

    AdminSessions(Duration idle, int limit, LongSupplier nanoClock) {
        this.idleNanos = idle.toNanos();
        this.limit = limit;
        this.nanoClock = nanoClock;
    }

    /** Keeps a new session and returns its id. */
    String open(ScriptRunner runner) {
        expire();
        while (open.size() >= limit) {
            Iterator<String> oldest = open.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        open.put(id, new Open(runner, nanoClock.getAsLong()));
        return id;
    }

    /** The session's runner, marked as used now; null when there is no such session. */
    ScriptRunner get(String id) {
        expire();
        Open s = open.get(id);
        if (s == null) {
            return null;
        }
        open.put(id, new Open(s.runner(), nanoClock.getAsLong()));
        return s.runner();
    }

    /** Closes a session; false when there was none. */
    boolean close(String id) {
        expire();
        return open.remove(id) != null;
    }

    int size() {
        return open.size();
    }

    private void expire() {
        long now = nanoClock.getAsLong();
        for (Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator(); it.hasNext();) {
            if (now - it.next().getValue().lastUsed() > idleNanos) {
                it.remove();
            }
        }
    }
}
