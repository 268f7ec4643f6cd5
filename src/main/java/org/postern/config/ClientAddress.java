package org.postern.config;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressNetwork.IPAddressGenerator;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.InetAddress;

/** Turns a socket's address into the form connector matching uses. */
final class ClientAddress {

    private static final IPAddressGenerator GENERATOR = new IPAddressGenerator();

    private ClientAddress() {
    }

    /** The address, with an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) turned into IPv4. */
    static IPAddress of(InetAddress inet) {
        IPAddress address = GENERATOR.from(inet);
        if (address instanceof IPv6Address) {
            IPv6Address v6 = ((IPv6Address) address).removeZone();
            if (v6.isIPv4Mapped()) {
                return v6.getEmbeddedIPv4Address();
            }
            return v6;
        }
        return address;
    }
}
