package org.postern.delivery;

import java.util.Locale;
import java.util.Optional;
import org.postern.config.AcceptedDomain;
import org.postern.config.ByteLimit;
import org.postern.config.AddressSpace;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.config.Mailbox;
import org.postern.config.SendConnector;
import org.postern.config.TransportConfig;
import org.postern.config.Unlimited;

/**
 * The categoriser's routing decision for one recipient, from one configuration snapshot.
 *
 * <ul>
 *   <li>An Authoritative accepted domain: the mailbox with that address, else a permanent
 *       failure 5.1.1 (the recipient does not exist).
 *   <li>InternalRelay: the mailbox if there is one, else on through a send connector.
 *   <li>ExternalRelay and every other domain: the enabled send connector whose address spaces
 *       match most specifically (an exact domain, then the longer {@code *.domain}, then the
 *       shorter, then {@code *}), the lowest cost among equally specific ones, then the name.
 *   <li>No connector: the Unreachable queue, with the reason.
 * </ul>
 * A message larger than the chosen connector's MaxMessageSize fails with 5.3.4. Before any of
 * this, {@link #organizationLimit} applies the organisation's limits (Set-TransportConfig) to
 * the whole message.
 */
public final class Router {

    private Router() {
    }

    /** Routes a recipient of a message of {@code size} bytes. */
    public static Route route(Configuration cfg, String recipient, long size) {
        String domain = domainOf(recipient);
        Optional<AcceptedDomain> accepted = domain.isEmpty() ? Optional.empty()
                : cfg.acceptedDomainFor(domain);
        if (accepted.isPresent()) {
            Optional<Mailbox> mailbox = cfg.mailboxByAddress(recipient);
            if (mailbox.isPresent()) {
                return Route.mailbox(mailbox.get());
            }
            if (accepted.get().domainType() == DomainType.Authoritative) {
                return Route.fail("550 5.1.1 RESOLVER.ADR.RecipientNotFound; Recipient "
                        + recipient + " not found by SMTP address lookup");
            }
        }
        if (domain.isEmpty()) {
            return Route.fail("550 5.1.3 The recipient address " + recipient
                    + " has no domain to route on");
        }
        SendConnector best = null;
        AddressSpace bestSpace = null;
        for (SendConnector c : cfg.sendConnectors()) {
            if (!usable(c, cfg.server().name())) {
                continue;
            }
            Optional<AddressSpace> space = c.bestAddressSpace(domain);
            if (space.isEmpty()) {
                continue;
            }
            AddressSpace a = space.get();
            if (best == null || better(a, c, bestSpace, best)) {
                best = c;
                bestSpace = a;
            }
        }
        if (best == null) {
            return Route.unreachable("No send connector has an address space that covers "
                    + domain + (accepted.isPresent()
                            ? " (an " + accepted.get().domainType() + " accepted domain)" : ""));
        }
        if (!best.maxMessageSize().allows(size)) {
            return Route.fail("550 5.3.4 ROUTING.SizeLimit; the message (" + size
                    + " bytes) is larger than the send connector " + best.name()
                    + " allows (MaxMessageSize " + best.maxMessageSize() + ")");
        }
        if (best.dnsRoutingEnabled()) {
            return Route.dns(best, domain);
        }
        if (best.smartHosts().isEmpty()) {
            return Route.unreachable("The send connector " + best.name()
                    + " routes through smart hosts but has none");
        }
        return Route.smartHost(best);
    }

    /**
     * The organisation's limits on a received message (exchange-behaviour.md section h):
     * MaxRecipientEnvelopeLimit on its recipients, MaxSendSize on a message from an Internal
     * sender, MaxReceiveSize on one from outside (any other AuthAs). A message the receive side
     * did not stamp (a report Postern made) is not limited. The 5.5.3 text is Exchange's; the
     * size texts are Postern's (Exchange's are not public).
     *
     * @param authAs the message's X-MS-Exchange-Organization-AuthAs, or null
     * @return the failure reply for every recipient, or empty when the message is within them
     */
    public static Optional<String> organizationLimit(TransportConfig limits, String authAs,
            long size, int recipients) {
        if (authAs == null) {
            return Optional.empty();
        }
        Unlimited max = limits.maxRecipientEnvelopeLimit();
        if (!max.isUnlimited() && recipients > max.value()) {
            return Optional.of("550 5.5.3 RESOLVER.ADR.RecipLimit; too many recipients");
        }
        boolean internal = authAs.equalsIgnoreCase("Internal");
        ByteLimit sizeLimit = internal ? limits.maxSendSize() : limits.maxReceiveSize();
        if (!sizeLimit.allows(size)) {
            return Optional.of("550 5.3.4 RESOLVER.RST." + (internal ? "SendSizeLimit.Org"
                    : "RecipSizeLimit.Org") + "; the message (" + size + " bytes) is larger than"
                    + " the organization's " + (internal ? "MaxSendSize" : "MaxReceiveSize")
                    + " (" + sizeLimit + ")");
        }
        return Optional.empty();
    }

    private static boolean usable(SendConnector c, String server) {
        if (!c.enabled()) {
            return false;
        }
        if (c.sourceTransportServers().isEmpty()) {
            return true;
        }
        for (String s : c.sourceTransportServers()) {
            if (s.equalsIgnoreCase(server)) {
                return true;
            }
        }
        return false;
    }

    private static boolean better(AddressSpace a, SendConnector c, AddressSpace than,
            SendConnector thanConnector) {
        if (a.specificity() != than.specificity()) {
            return a.specificity() > than.specificity();
        }
        if (a.cost() != than.cost()) {
            return a.cost() < than.cost();
        }
        return c.name().compareToIgnoreCase(thanConnector.name()) < 0;
    }

    /** The domain of an address, lower case, without a trailing dot; empty if none. */
    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return "";
        }
        String d = address.substring(at + 1).toLowerCase(Locale.ROOT);
        if (d.startsWith("[")) {
            return d;  // an address literal
        }
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
