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
        try {
            String name = InetAddress.getLocalHost().getCanonicalHostName();
            if (name != null && !name.isBlank() && !name.matches("[0-9.:a-fA-F]+")) {
                return name.toLowerCase(Locale.ROOT);
            }
        } catch (UnknownHostException e) {
            // fall through to the plain host name
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env.toLowerCase(Locale.ROOT);
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
