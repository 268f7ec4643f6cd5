package org.postern.delivery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * MX, A and AAAA look-ups for delivery, with dnsjava against one configured DNS server or the
 * system's resolvers. No hosts file and no search list: a name is looked up as given, absolute.
 */
public final class DnsResolver {

    /** A DNS answer that will not change by trying again (NXDOMAIN, null MX). */
    public static final class PermanentFailure extends Exception {
        private static final long serialVersionUID = 1L;

        PermanentFailure(String message) {
            super(message);
        }
    }

    /** A failure that may pass (time-out, SERVFAIL, no address yet). */
    public static final class TransientFailure extends Exception {
        private static final long serialVersionUID = 1L;

        TransientFailure(String message) {
            super(message);
        }
    }

    /** One mail exchanger: its preference and host name (lower case, no trailing dot). */
    public record Mx(int preference, String host) {
    }

    private final Resolver resolver;
    private final Cache cache = new Cache(DClass.IN);
    private final Random random = new Random();
    private final String description;

    /**
     * @param server the DNS server to ask ({@code 127.0.0.1:5353}), or null for the system's
     *     resolvers (/etc/resolv.conf)
     */
    public DnsResolver(InetSocketAddress server, Duration timeout) {
        if (server != null) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(timeout);
            this.resolver = r;
            this.description = server.getAddress().getHostAddress() + ":" + server.getPort();
        } else {
            ExtendedResolver r = new ExtendedResolver();
            r.setTimeout(timeout);
            this.resolver = r;
            this.description = "system";
        }
    }

    @Override
    public String toString() {
        return "DNS " + description;
    }

    /**
     * The MX hosts of a domain, by preference, equal preferences in random order (RFC 5321
     * section 5.1). An empty list means the domain has no MX records (use its own address).
     *
     * @throws PermanentFailure the domain does not exist, or publishes a null MX (RFC 7505)
     */
    public List<Mx> mx(String domain) throws PermanentFailure, TransientFailure {
        Record[] records = lookup(domain, Type.MX, true);
        if (records == null) {
            return List.of();
        }
        TreeMap<Integer, List<Mx>> byPreference = new TreeMap<>();
        for (Record r : records) {
            if (!(r instanceof MXRecord)) {
                continue;
            }
            MXRecord mx = (MXRecord) r;
            String host = text(mx.getTarget());
            if (host.isEmpty()) {
                if (records.length == 1) {
                    throw new PermanentFailure("The domain " + domain + " does not accept mail:"
                            + " it publishes a null MX record (RFC 7505)");
                }
                continue;  // a null MX among others is an error in the zone; skip it
            }
            byPreference.computeIfAbsent(mx.getPriority(), k -> new ArrayList<>())
                    .add(new Mx(mx.getPriority(), host));
        }
        List<Mx> out = new ArrayList<>();
        for (List<Mx> same : byPreference.values()) {
            Collections.shuffle(same, random);
            out.addAll(same);
        }
        return out;
    }

    /**
     * The addresses of a host: A records first, then AAAA. Empty when the name exists without
     * addresses.
     *
     * @throws PermanentFailure the name does not exist
     */
    public List<InetAddress> addresses(String host) throws PermanentFailure, TransientFailure {
        List<InetAddress> out = new ArrayList<>();
        Record[] a = lookup(host, Type.A, false);
        if (a != null) {
            for (Record r : a) {
                if (r instanceof ARecord) {
                    out.add(((ARecord) r).getAddress());
                }
            }
        }
        Record[] aaaa;
        try {
            aaaa = lookup(host, Type.AAAA, false);
        } catch (TransientFailure e) {
            if (!out.isEmpty()) {
                return out;  // the A records are enough to go on
            }
            throw e;
        }
        if (aaaa != null) {
            for (Record r : aaaa) {
                if (r instanceof AAAARecord) {
                    out.add(((AAAARecord) r).getAddress());
                }
            }
        }
        return out;
    }

    /** Records of a type, or null when the name exists without that type (NODATA). */
    private Record[] lookup(String name, int type, boolean forMx)
            throws PermanentFailure, TransientFailure {
        Lookup lookup;
        try {
            Name n = Name.fromString(name.endsWith(".") ? name : name + ".");
            lookup = new Lookup(n, type);
        } catch (TextParseException e) {
            throw new PermanentFailure("\"" + name + "\" is not a valid domain name");
        }
        lookup.setResolver(resolver);
        lookup.setCache(cache);
        lookup.setSearchPath(List.of());
        lookup.setHostsFileParser(null);
        Record[] records = lookup.run();
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL:
                return records;
            case Lookup.TYPE_NOT_FOUND:
                return null;
            case Lookup.HOST_NOT_FOUND:
                throw new PermanentFailure((forMx ? "The domain " : "The host ") + name
                        + " does not exist (DNS answered NXDOMAIN)");
            default:
                throw new TransientFailure("The DNS look-up of " + Type.string(type) + " "
                        + name + " failed: " + lookup.getErrorString() + " (" + this + ")");
        }
    }

    private static String text(Name n) {
        String s = n.toString(true).toLowerCase(Locale.ROOT);
        return s.equals(".") ? "" : s;
    }

    /** Parses {@code host:port} (IPv6 in brackets) into a socket address, without DNS. */
    public static InetSocketAddress parseServer(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        String host = t;
        int port = 53;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw bad(text);
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                if (t.charAt(close + 1) != ':') {
                    throw bad(text);
                }
                port = port(text, t.substring(close + 2));
            }
        } else if (colon > 0 && t.indexOf(':') == colon) {
            host = t.substring(0, colon);
            port = port(text, t.substring(colon + 1));
        }
        inet.ipaddr.IPAddress ip = new inet.ipaddr.IPAddressString(host).getAddress();
        if (ip == null) {
            throw bad(text);
        }
        return new InetSocketAddress(ip.toInetAddress(), port);
    }

    private static int port(String text, String p) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) {
                throw bad(text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw bad(text);
        }
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("The DNS server \"" + text + "\" isn't valid: give an"
                + " IP address with an optional port, such as 127.0.0.1:5353 or [::1]:53");
    }

    static InetAddress literal(String ip) throws UnknownHostException {
        return InetAddress.getByAddress(new inet.ipaddr.IPAddressString(ip).getAddress()
                .getBytes());
    }
}
