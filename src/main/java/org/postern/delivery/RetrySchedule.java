package org.postern.delivery;

import java.time.Duration;
import java.time.Instant;
import org.postern.config.TransportService;

/**
 * Exchange's retry schedule, from the Transport service settings.
 *
 * <ul>
 *   <li>A queue whose next hop cannot be reached (no connection, no greeting, TLS or AUTH
 *       refused) is tried again after TransientFailureRetryInterval, up to
 *       TransientFailureRetryCount times in a row; after that every
 *       OutboundConnectionFailureRetryInterval.
 *   <li>A message that the next hop deferred on its own (a 4xx to RCPT or after DATA) is tried
 *       again after MessageRetryInterval.
 *   <li>A message still undelivered MessageExpirationTimeout after it arrived fails (NDR); one
 *       still waiting after DelayNotificationTimeout makes one delay notice.
 * </ul>
 */
final class RetrySchedule {

    private RetrySchedule() {
    }

    /** The wait after the {@code failures}-th connection failure in a row (from 1). */
    static Duration connectionRetryInterval(TransportService ts, int failures) {
        return failures <= ts.transientFailureRetryCount() ? ts.transientFailureRetryInterval()
                : ts.outboundConnectionFailureRetryInterval();
    }

    /** When a recipient deferred now is tried again. */
    static Instant messageRetryAt(TransportService ts, Instant now) {
        return now.plus(ts.messageRetryInterval());
    }

    /** Whether a message that arrived at {@code arrival} has expired. */
    static boolean expired(TransportService ts, Instant arrival, Instant now) {
        return !now.isBefore(arrival.plus(ts.messageExpirationTimeout()));
    }

    /** Whether a message that arrived at {@code arrival} is due for its delay notice. */
    static boolean delayNoticeDue(TransportService ts, Instant arrival, Instant now) {
        return !now.isBefore(arrival.plus(ts.delayNotificationTimeout()));
    }
}
