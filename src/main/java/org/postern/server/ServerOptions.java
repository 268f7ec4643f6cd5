package org.postern.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * How {@code postern serve} was asked to run.
 *
 * @param dataDirectory where the configuration, queue, logs and admin secret live
 * @param serverName the server's short name at first start, or null for the host's
 * @param fqdn the server's FQDN at first start, or null for the host's
 * @param domain the default accepted domain at first start, or null to derive it from the FQDN
 * @param portOffset added to the default connectors' ports at first start
 * @param adminListen where the management endpoint listens
 * @param dnsServer the DNS server delivery asks for MX and address records, or null for the
 *     system's resolvers
 */
public record ServerOptions(Path dataDirectory, String serverName, String fqdn, String domain,
        int portOffset, InetSocketAddress adminListen, InetSocketAddress dnsServer) {
}
