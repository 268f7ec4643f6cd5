package org.postern.delivery;

import org.postern.config.Mailbox;
import org.postern.config.SendConnector;

/**
 * Where the categoriser sends one recipient.
 *
 * @param kind how the recipient leaves
 * @param key the delivery queue's key (one queue per next hop), or null for FAIL
 * @param nextHopDomain the queue's NextHopDomain: the recipient domain (DNS), the connector's
 *     name (smart hosts), {@code Mailbox Delivery} or {@code Unreachable}
 * @param connector the send connector (DNS, SMART_HOST), else null
 * @param mailbox the mailbox (MAILBOX), else null
 * @param reply for FAIL the reply the sender's report quotes; for UNREACHABLE why there is no
 *     route
 */
public record Route(Kind kind, String key, String nextHopDomain, SendConnector connector,
        Mailbox mailbox, String reply) {

    public enum Kind { MAILBOX, SMART_HOST, DNS, UNREACHABLE, FAIL }

    static final String MAILBOX_KEY = "mailbox";
    static final String UNREACHABLE_KEY = "unreachable";
    static final String MAILBOX_HOP = "Mailbox Delivery";
    static final String UNREACHABLE_HOP = "Unreachable";

    static Route mailbox(Mailbox m) {
        return new Route(Kind.MAILBOX, MAILBOX_KEY, MAILBOX_HOP, null, m, null);
    }

    static Route unreachable(String why) {
        return new Route(Kind.UNREACHABLE, UNREACHABLE_KEY, UNREACHABLE_HOP, null, null, why);
    }

    static Route fail(String reply) {
        return new Route(Kind.FAIL, null, null, null, null, reply);
    }

    static Route smartHost(SendConnector c) {
        return new Route(Kind.SMART_HOST, "connector:" + c.guid(), c.name(), c, null, null);
    }

    static Route dns(SendConnector c, String domain) {
        return new Route(Kind.DNS, "dns:" + domain, domain, c, null, null);
    }
}
