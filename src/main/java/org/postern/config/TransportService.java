package org.postern.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The Transport service settings of one server (Get-/Set-TransportService) that govern delivery:
 * retries, expiry, delay notifications and outbound connection limits, and the one receive-side
 * setting, the inbound connection rate. Defaults are Exchange's.
 *
 * @param transientFailureRetryCount quick retries of a failed connection before the queue waits
 *     {@code outboundConnectionFailureRetryInterval}
 * @param transientFailureRetryInterval the wait between those quick retries
 * @param outboundConnectionFailureRetryInterval the wait after the quick retries are used up
 * @param messageExpirationTimeout how long a message may sit in a queue before it fails with an
 *     NDR
 * @param delayNotificationTimeout how long before the sender gets a delay notification
 * @param maxOutboundConnections concurrent outbound connections of the server
 * @param maxPerDomainOutboundConnections concurrent outbound connections to one next hop
 * @param messageRetryInterval the wait before a message that failed on its own (not its whole
 *     queue) is retried
 * @param maxConnectionRatePerMinute new inbound connections the server takes per minute, over
 *     all its receive connectors
 */
public record TransportService(String server, int transientFailureRetryCount,
        Duration transientFailureRetryInterval, Duration outboundConnectionFailureRetryInterval,
        Duration messageExpirationTimeout, Duration delayNotificationTimeout,
        Unlimited maxOutboundConnections, Unlimited maxPerDomainOutboundConnections,
        Duration messageRetryInterval, Unlimited maxConnectionRatePerMinute) {

    public TransportService {
        Objects.requireNonNull(maxConnectionRatePerMinute);
        Objects.requireNonNull(server);
        Objects.requireNonNull(transientFailureRetryInterval);
        Objects.requireNonNull(outboundConnectionFailureRetryInterval);
        Objects.requireNonNull(messageExpirationTimeout);
        Objects.requireNonNull(delayNotificationTimeout);
        Objects.requireNonNull(maxOutboundConnections);
        Objects.requireNonNull(maxPerDomainOutboundConnections);
        Objects.requireNonNull(messageRetryInterval);
    }

    /** Exchange's defaults for a server. */
    public static TransportService defaults(String server) {
        return new TransportService(server, 6, Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofDays(2), Duration.ofHours(4), Unlimited.of(1000), Unlimited.of(20),
                Duration.ofMinutes(15), Unlimited.of(1200));
    }

    /** The identity Exchange shows: the server name. */
    public String identity() {
        return server;
    }

    public TransportService withTransientFailureRetryCount(int v) {
        return new TransportService(server, v, transientFailureRetryInterval,
                outboundConnectionFailureRetryInterval, messageExpirationTimeout,
                delayNotificationTimeout, maxOutboundConnections, maxPerDomainOutboundConnections,
                messageRetryInterval, maxConnectionRatePerMinute);
    }

    public TransportService withTransientFailureRetryInterval(Duration v) {
        return new TransportService(server, transientFailureRetryCount, v,
                outboundConnectionFailureRetryInterval, messageExpirationTimeout,
                delayNotificationTimeout, maxOutboundConnections, maxPerDomainOutboundConnections,
                messageRetryInterval, maxConnectionRatePerMinute);
    }

    public TransportService withOutboundConnectionFailureRetryInterval(Duration v) {
        return new TransportService(server, transientFailureRetryCount,
                transientFailureRetryInterval, v, messageExpirationTimeout,
                delayNotificationTimeout, maxOutboundConnections, maxPerDomainOutboundConnections,
                messageRetryInterval, maxConnectionRatePerMinute);
    }

    public TransportService withMessageExpirationTimeout(Duration v) {
        return new TransportService(server, transientFailureRetryCount,
                transientFailureRetryInterval, outboundConnectionFailureRetryInterval, v,
                delayNotificationTimeout, maxOutboundConnections, maxPerDomainOutboundConnections,
                messageRetryInterval, maxConnectionRatePerMinute);
    }

    public TransportService withDelayNotificationTimeout(Duration v) {
        return new TransportService(server, transientFailureRetryCount,
                transientFailureRetryInterval, outboundConnectionFailureRetryInterval,
                messageExpirationTimeout, v, maxOutboundConnections,
                maxPerDomainOutboundConnections, messageRetryInterval, maxConnectionRatePerMinute);
    }

    public TransportService withMaxOutboundConnections(Unlimited v) {
        return new TransportService(server, transientFailureRetryCount,
                transientFailureRetryInterval, outboundConnectionFailureRetryInterval,
                messageExpirationTimeout, delayNotificationTimeout, v,
                maxPerDomainOutboundConnections, messageRetryInterval, maxConnectionRatePerMinute);
    }

    public TransportService withMaxPerDomainOutboundConnections(Unlimited v) {
        return new TransportService(server, transientFailureRetryCount,
                transientFailureRetryInterval, outboundConnectionFailureRetryInterval,
                messageExpirationTimeout, delayNotificationTimeout, maxOutboundConnections, v,
                messageRetryInterval, maxConnectionRatePerMinute);
    }

    public TransportService withMessageRetryInterval(Duration v) {
        return new TransportService(server, transientFailureRetryCount,
                transientFailureRetryInterval, outboundConnectionFailureRetryInterval,
                messageExpirationTimeout, delayNotificationTimeout, maxOutboundConnections,
                maxPerDomainOutboundConnections, v, maxConnectionRatePerMinute);
    }

    public TransportService withMaxConnectionRatePerMinute(Unlimited v) {
        return new TransportService(server, transientFailureRetryCount,
                transientFailureRetryInterval, outboundConnectionFailureRetryInterval,
                messageExpirationTimeout, delayNotificationTimeout, maxOutboundConnections,
                maxPerDomainOutboundConnections, messageRetryInterval, v);
    }
}
