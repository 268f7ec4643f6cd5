package org.postern.log;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Writes socket addresses the way Exchange's logs do: {@code 192.0.2.1:25} and, for IPv6,
 * {@code [2001:db8::1]:25}. The address is always the numeric literal, never a host name, so
 * formatting never touches DNS.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /** The endpoint as {@code ip:port}; {@code null} gives the empty string. */
    public static String format(InetSocketAddress endpoint) {
        if (endpoint == null) {
            return "";
        }
        InetAddress address = endpoint.getAddress();
        String host;
        if (address == null) {
            host = endpoint.getHostString();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
        } else if (address instanceof Inet6Address) {
            host = "[" + compress(address.getHostAddress()) + "]";
        } else {
            host = address.getHostAddress();
        }
        return host + ":" + endpoint.getPort();
    }

    /**
     * Java prints IPv6 in full ({@code 0:0:0:0:0:0:0:1}); logs and operators expect the RFC 5952
     * short form ({@code ::1}). The scope suffix ({@code %eth0}), if any, is kept.
     */
    static String compress(String full) {
        String scope = "";
        int percent = full.indexOf('%');
        if (percent >= 0) {
            scope = full.substring(percent);
            full = full.substring(0, percent);
        }
        String[] groups = full.split(":", -1);
        if (groups.length != 8) {
            return full + scope;
        }
        // Longest run of zero groups, at least two long, leftmost on a tie (RFC 5952 4.2).
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (isZero(groups[i])) {
                int j = i;
                while (j < 8 && isZero(groups[j])) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestLength >= 2 && i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
            if (i < 7) {
                out.append(':');
            }
        }
        return out + scope;
    }

    private static boolean isZero(String group) {
        return Integer.parseInt(group, 16) == 0;
    }
}
