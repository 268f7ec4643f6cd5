package org.postern.antispam;

import java.util.Locale;
import java.util.Optional;
import org.postern.config.AntispamConfig.SenderFilter;

/**
 * Exchange's Sender Filter agent with Action Reject: a MAIL FROM whose address is a blocked
 * sender, or whose domain is a blocked domain (or below a domain blocked with its subdomains),
 * is refused at MAIL with {@code 554 5.1.0 Sender Denied}. The null sender is not checked
 * (BlankSenderBlockingEnabled is False by default and not offered yet).
 */
public final class SenderFilterAgent {

    public static final String NAME = "Sender Filter Agent";

    // Exchange's reply to a blocked sender. The capital D is how Exchange servers are seen to
    // send it; the wording is not in the public documentation (UNCONFIRMED).
    static final String TEXT = "Sender Denied";

    private SenderFilterAgent() {
    }

    /**
     * @param sender the MAIL FROM address, or null for the null sender
     */
    public static Optional<Rejection> check(SenderFilter f, String sender) {
        if (!f.enabled() || sender == null) {
            return Optional.empty();
        }
        String s = sender.toLowerCase(Locale.ROOT);
        int at = s.lastIndexOf('@');
        String domain = at < 0 ? "" : s.substring(at + 1);
        if (f.blockedSenders().contains(s)) {
            return reject("blocked-sender", s);
        }
        if (f.blockedDomains().contains(domain)) {
            return reject("blocked-domain", domain);
        }
        for (String d : f.blockedDomainsAndSubdomains()) {
            if (domain.equals(d) || domain.endsWith("." + d)) {
                return reject("blocked-domain-and-subdomains", d);
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(String reason, String detail) {
        return Optional.of(new Rejection(NAME, 554, "5.1.0", TEXT, reason, detail));
    }
}
