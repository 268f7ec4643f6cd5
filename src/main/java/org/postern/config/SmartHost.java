package org.postern.config;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Locale;

/**
 * A smart host of a send connector: a host name or an IP address. Exchange takes hosts only; the
 * port of every smart host is the connector's {@code Port}. An IP address prints in brackets,
 * {@code [192.0.2.25]}, as Exchange shows it; a name prints as given, in lower case.
 */
public record SmartHost(String host, boolean isAddress) {

    /**
     * Parses {@code mail.contoso.com}, {@code 192.0.2.25}, {@code [192.0.2.25]} or
     * {@code [2001:db8::25]}.
     *
     * @throws IllegalArgumentException naming the value when it is neither a host name nor an IP
     *     address, or carries a port
     */
    public static SmartHost parse(String value) {
        String t = value.trim();
        boolean bracketed = t.startsWith("[") && t.endsWith("]");
        String inner = bracketed ? t.substring(1, t.length() - 1) : t;
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            inner = inner.substring(5);
        }
        IPAddressString ip = new IPAddressString(inner);
        if (ip.isIPAddress() && !ip.isPrefixed()) {
            IPAddress a = ip.getAddress();
            return new SmartHost(a.toCanonicalString(), true);
        }
        String name = inner.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!bracketed && DomainNames.isValid(name)) {
            return new SmartHost(name, false);
        }
        int colon = t.lastIndexOf(':');
        if (colon > 0 && t.indexOf(':') == colon && t.substring(colon + 1).matches("\\d+")) {
            throw new IllegalArgumentException("The smart host \"" + value + "\" isn't valid: give"
                    + " the host only (" + t.substring(0, colon) + ") and the port with -Port.");
        }
        throw new IllegalArgumentException("The smart host \"" + value + "\" isn't valid. Use a"
                + " host name such as mail.contoso.com or an IP address such as 192.168.1.25.");
    }

    @Override
    public String toString() {
        return isAddress ? "[" + host + "]" : host;
    }
}
