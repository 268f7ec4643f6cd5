package org.postern.config;

import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.postern.permission.AccessEntry;
import org.postern.permission.Acl;
import org.postern.permission.ExtendedRight;
import org.postern.permission.Principal;

/**
 * Finds receive connectors that would make Postern an open relay: an enabled connector whose
 * sessions that did not authenticate hold both ms-Exch-SMTP-Submit and
 * ms-Exch-SMTP-Accept-Any-Recipient, and whose RemoteIPRanges hold addresses outside loopback,
 * the private ranges (RFC 1918, fc00::/7) and link-local. Pure: New-/Set-ReceiveConnector and
 * Add-/Remove-ADPermission ask it before a change, the server at every start.
 *
 * <p>It looks at each connector's own ranges. A public address that a more specific connector
 * would take instead still counts: the check stays on the safe side, and the administrator
 * reads the ranges in the explanation.
 */
public final class OpenRelayCheck {

    /** The addresses that are never "the Internet": loopback, private and link-local. */
    private static final List<IPAddressSeqRange> NOT_PUBLIC = List.of(
            block("127.0.0.0/8"), block("10.0.0.0/8"), block("172.16.0.0/12"),
            block("192.168.0.0/16"), block("169.254.0.0/16"),
            block("::1/128"), block("fc00::/7"), block("fe80::/10"));

    private OpenRelayCheck() {
    }

    private static IPAddressSeqRange block(String cidr) {
        return new IPAddressString(cidr).getAddress().toPrefixBlock().toSequentialRange();
    }

    /**
     * Why one connector relays for anyone on the listed public addresses.
     *
     * @param connector the connector
     * @param principal who its unauthenticated sessions run as
     * @param openEntries the RemoteIPRanges entries that hold public addresses
     * @param publicAddresses those public addresses, as ranges (lowest first)
     * @param grants for Submit and Accept-Any-Recipient, the allow entries that grant them
     */
    public record Exposure(ReceiveConnector connector, Principal principal,
            List<IpRange> openEntries, List<String> publicAddresses,
            Map<ExtendedRight, List<AccessEntry>> grants) {

        /** Who could relay, through which connector, by which right. */
        public String explain() {
            StringBuilder b = new StringBuilder();
            b.append("Receive connector \"").append(connector.identity()).append("\" would relay")
                    .append(" to any domain for anyone on the Internet: its RemoteIPRanges ")
                    .append(entries(openEntries)).append(" include public addresses (")
                    .append(shortList(publicAddresses)).append("), and its sessions that don't")
                    .append(" authenticate run as ").append(principal.name()).append(", which ");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<ExtendedRight, List<AccessEntry>> g : grants.entrySet()) {
                parts.add("holds " + g.getKey().adsName() + " (" + sources(g.getValue()) + ")");
            }
            b.append(String.join(" and ", parts)).append('.');
            return b.toString();
        }

        private static String entries(List<IpRange> ranges) {
            List<String> texts = new ArrayList<>();
            for (IpRange r : ranges) {
                texts.add(r.toString());
            }
            return String.join(", ", texts);
        }

        private static String shortList(List<String> ranges) {
            int shown = Math.min(ranges.size(), 4);
            String s = String.join(", ", ranges.subList(0, shown));
            return ranges.size() > shown ? s + " and " + (ranges.size() - shown) + " more ranges"
                    : s;
        }

        private static String sources(List<AccessEntry> entries) {
            List<String> out = new ArrayList<>();
            for (AccessEntry e : entries) {
                String source = e.isExplicit() ? "an explicit Add-ADPermission entry"
                        : "permission group " + e.group();
                if (!out.contains(source)) {
                    out.add(source);
                }
            }
            return "from " + String.join(" and ", out);
        }
    }

    /** Every connector of the configuration that is an open relay. */
    public static List<Exposure> exposures(Configuration cfg) {
        List<Exposure> out = new ArrayList<>();
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            Exposure e = exposure(c);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** The connector's exposure, or null when it is not an open relay. */
    public static Exposure exposure(ReceiveConnector c) {
        if (!c.enabled()) {
            return null;
        }
        Principal principal = c.sessionPrincipal();
        Map<ExtendedRight, Acl.Decision> rights = c.acl().explain(List.of(principal));
        Acl.Decision submit = rights.get(ExtendedRight.SMTP_SUBMIT);
        Acl.Decision relay = rights.get(ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT);
        if (submit == null || !submit.granted() || relay == null || !relay.granted()) {
            return null;
        }
        List<IpRange> open = new ArrayList<>();
        List<String> publicAddresses = new ArrayList<>();
        for (IpRange r : c.remoteIpRanges()) {
            List<IPAddressSeqRange> parts = publicPart(r.addresses());
            if (!parts.isEmpty()) {
                open.add(r);
                for (IPAddressSeqRange p : parts) {
                    publicAddresses.add(text(p));
                }
            }
        }
        if (open.isEmpty()) {
            return null;
        }
        Map<ExtendedRight, List<AccessEntry>> grants = new EnumMap<>(ExtendedRight.class);
        grants.put(ExtendedRight.SMTP_SUBMIT, submit.allowedBy());
        grants.put(ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT, relay.allowedBy());
        return new Exposure(c, principal, open, publicAddresses, grants);
    }

    /**
     * The connector exposures of {@code after} that are new or wider than in {@code before}:
     * what a change would open. A connector already open (forced earlier) that the change leaves
     * as open, or narrows, is not reported again.
     */
    public static List<Exposure> opened(Configuration before, Configuration after) {
        List<Exposure> out = new ArrayList<>();
        for (Exposure e : exposures(after)) {
            Exposure was = null;
            for (ReceiveConnector c : before.receiveConnectors()) {
                if (c.guid().equals(e.connector().guid())) {
                    was = exposure(c);
                }
            }
            if (was == null || wider(e, was)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean wider(Exposure now, Exposure was) {
        if (!now.principal().equals(was.principal())) {
            return true;
        }
        List<IPAddressSeqRange> left = new ArrayList<>();
        for (IpRange r : now.openEntries()) {
            left.addAll(publicPart(r.addresses()));
        }
        for (IpRange r : was.openEntries()) {
            left = subtract(left, r.addresses());
        }
        return !left.isEmpty();
    }

    /** The addresses of the range that are neither loopback, private nor link-local. */
    static List<IPAddressSeqRange> publicPart(IPAddressSeqRange range) {
        List<IPAddressSeqRange> left = List.of(range);
        for (IPAddressSeqRange exempt : NOT_PUBLIC) {
            left = subtract(left, exempt);
        }
        return left;
    }

    private static List<IPAddressSeqRange> subtract(List<IPAddressSeqRange> ranges,
            IPAddressSeqRange minus) {
        List<IPAddressSeqRange> out = new ArrayList<>();
        for (IPAddressSeqRange r : ranges) {
            if (r.isIPv4() != minus.isIPv4()) {
                out.add(r);
                continue;
            }
            for (IPAddressSeqRange piece : r.subtract(minus)) {
                out.add(piece);
            }
        }
        return out;
    }

    private static String text(IPAddressSeqRange r) {
        if (r.getLower().equals(r.getUpper())) {
            return r.getLower().toCanonicalString();
        }
        return r.getLower().toCanonicalString() + "-" + r.getUpper().toCanonicalString();
    }
}
