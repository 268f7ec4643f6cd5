package org.postern.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Local addresses as a dual-stack socket reports them, turned into what bindings compare. */
final class LocalAddress {

    private LocalAddress() {
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) becomes the IPv4 address. */
    static InetAddress normalise(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are always an IPv4 address", e);
                }
            }
        }
        return address;
    }
}
