package org.postern.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * One local binding of a receive connector: an IP address and a TCP port. {@code 0.0.0.0} stands
 * for every local IPv4 address and {@code [::]} for every local IPv6 address. Printed as Exchange
 * prints it: {@code 0.0.0.0:25}, {@code [::]:25}, {@code [2001:db8::5]:25}.
 */
public final class Binding {

    private final InetAddress address;
    private final int port;

    public Binding(InetAddress address, int port) {
        this.address = address;
        this.port = port;
    }

    /**
     * Parses {@code IPv4:port} or {@code [IPv6]:port}.
     *
     * @throws IllegalArgumentException naming the value when it is not of that form
     */
    public static Binding parse(String value) {
        String text = value.trim();
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw invalid(value);
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
            if (!host.contains(":")) {
                throw invalid(value);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw invalid(value);
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
            if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw invalid(value);
            }
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The value \"" + value
                    + "\" isn't a valid binding: the port must be between 1 and 65535.");
        }
        try {
            // Only literals reach this point, so no name lookup happens.
            return new Binding(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw invalid(value);
        }
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("The value \"" + value + "\" isn't a valid binding."
                + " Use IPv4Address:Port (0.0.0.0:25) or [IPv6Address]:Port ([::]:25).");
    }

    public InetAddress address() {
        return address;
    }

    public int port() {
        return port;
    }

    public boolean isWildcard() {
        return address.isAnyLocalAddress();
    }

    public boolean isIPv4() {
        return address.getAddress().length == 4;
    }

    /** Whether a connection that arrived on this local address and port is covered. */
    public boolean covers(InetAddress local, int localPort) {
        if (localPort != port) {
            return false;
        }
        InetAddress normal = LocalAddress.normalise(local);
        boolean sameFamily = (normal.getAddress().length == 4) == isIPv4();
        return sameFamily && (isWildcard() || address.equals(normal));
    }

    /** Whether both bindings can receive the same connection (same port, overlapping address). */
    public boolean overlaps(Binding other) {
        if (port != other.port || isIPv4() != other.isIPv4()) {
            return false;
        }
        return isWildcard() || other.isWildcard() || address.equals(other.address);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Binding && ((Binding) o).address.equals(address)
                && ((Binding) o).port == port;
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        if (isIPv4()) {
            return address.getHostAddress() + ":" + port;
        }
        String host = isWildcard() ? "::" : compressed(address);
        return "[" + host + "]:" + port;
    }

    private static String compressed(InetAddress v6) {
        return new inet.ipaddr.IPAddressNetwork.IPAddressGenerator().from(v6)
                .toCompressedString().toLowerCase(Locale.ROOT);
    }
}
