package org.postern.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** The defaults Exchange setup would take from the host: server name, FQDN, domain. */
final class HostNames {

    private HostNames() {
    }

    /** The host's fully qualified name, or its plain name when no domain is known. */
    static String fqdn() {
        String host = null;
        String canonical = null;
        try {
            InetAddress local = InetAddress.getLocalHost();
            host = local.getHostName();
            canonical = local.getCanonicalHostName();
        } catch (UnknownHostException e) {
            // fall through to the environment
        }
        return choose(host, canonical, System.getenv("HOSTNAME"));
    }

    /**
     * Picks the FQDN from the host's own name and the name its address resolves back to. The
     * reverse name is taken only when it extends the host name ({@code vm} and
     * {@code vm.contoso.com}); a loopback alias such as {@code localhost} or a bare address is
     * not the server's name. Regression: a host "vm" whose address is 127.0.0.1 was set up as
     * server "LOCALHOST".
     */
    static String choose(String host, String canonical, String env) {
        String name = usable(host) ? host : usable(env) ? env : null;
        if (name == null) {
            return usable(canonical) ? canonical.toLowerCase(Locale.ROOT) : "localhost";
        }
        name = name.toLowerCase(Locale.ROOT);
        if (usable(canonical)) {
            String c = canonical.toLowerCase(Locale.ROOT);
            String first = name.split("\\.", 2)[0];
            if (c.startsWith(first + ".") && c.length() > name.length()) {
                return c;
            }
        }
        return name;
    }

    private static boolean usable(String name) {
        return name != null && !name.isBlank() && !name.matches("[0-9.:a-fA-F]+")
                && !name.equalsIgnoreCase("localhost")
                && !name.toLowerCase(Locale.ROOT).startsWith("localhost.");
    }

    /** The first label of the FQDN in upper case, as Windows shows computer names. */
    static String serverName(String fqdn) {
        String first = fqdn.split("\\.", 2)[0];
        return first.toUpperCase(Locale.ROOT);
    }

    /** The FQDN without its first label, when that leaves at least two labels; else null. */
    static String domain(String fqdn) {
        String[] parts = fqdn.split("\\.", 2);
        if (parts.length == 2 && parts[1].contains(".")) {
            return parts[1];
        }
        return null;
    }

    /** The NetBIOS name of the organisation's domain: its first label in upper case. */
    static String netbiosDomain(String domain) {
        if (domain == null) {
            return "POSTERN";
        }
        String first = domain.split("\\.", 2)[0].toUpperCase(Locale.ROOT);
        return first.length() > 15 ? first.substring(0, 15) : first;
    }
}
