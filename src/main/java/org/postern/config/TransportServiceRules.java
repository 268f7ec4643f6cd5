package org.postern.config;

import java.time.Duration;

/** The ranges Set-TransportService accepts for the delivery settings. */
public final class TransportServiceRules {

    private TransportServiceRules() {
    }

    /**
     * Checks every setting against its range.
     *
     * @throws InvalidConfigurationException naming the parameter and its value
     */
    public static void check(TransportService t) {
        if (t.transientFailureRetryCount() < 0 || t.transientFailureRetryCount() > 15) {
            throw new InvalidConfigurationException("The TransientFailureRetryCount value \""
                    + t.transientFailureRetryCount() + "\" is out of range: use 0 to 15.");
        }
        span("TransientFailureRetryInterval", t.transientFailureRetryInterval(),
                Duration.ofSeconds(1), Duration.ofHours(12));
        span("OutboundConnectionFailureRetryInterval",
                t.outboundConnectionFailureRetryInterval(), Duration.ofSeconds(1),
                Duration.ofDays(20));
        span("MessageExpirationTimeout", t.messageExpirationTimeout(), Duration.ofSeconds(5),
                Duration.ofDays(90));
        span("DelayNotificationTimeout", t.delayNotificationTimeout(), Duration.ofSeconds(1),
                Duration.ofDays(30));
        span("MessageRetryInterval", t.messageRetryInterval(), Duration.ofSeconds(1),
                Duration.ofDays(1));
        count("MaxOutboundConnections", t.maxOutboundConnections());
        count("MaxPerDomainOutboundConnections", t.maxPerDomainOutboundConnections());
        count("MaxConnectionRatePerMinute", t.maxConnectionRatePerMinute());
    }

    private static void span(String name, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new InvalidConfigurationException("The " + name + " value \""
                    + TimeSpans.format(d) + "\" is out of range: use " + TimeSpans.format(min)
                    + " to " + TimeSpans.format(max) + ".");
        }
    }

    private static void count(String name, Unlimited v) {
        if (!v.isUnlimited() && (v.value() < 1 || v.value() > Integer.MAX_VALUE)) {
            throw new InvalidConfigurationException("The " + name + " value \"" + v
                    + "\" is out of range: use 1 to 2147483647, or Unlimited.");
        }
    }
}
