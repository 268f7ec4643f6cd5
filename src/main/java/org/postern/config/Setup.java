package org.postern.config;

import static org.postern.config.AuthMechanism.*;
import static org.postern.config.ReceiveConnectorSchema.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.postern.permission.Acl;
import org.postern.permission.PermissionGroup;

/**
 * What Exchange setup creates on a Mailbox server, done at Postern's first start: the five
 * default receive connectors of section (e) of the fact sheet and the organisation's default
 * accepted domain.
 */
public final class Setup {

    private Setup() {
    }

    /**
     * The first configuration of a new data directory.
     *
     * @param portOffset added to every default port (0 for Exchange's own ports), so a server
     *     can be set up next to another mail server or without the privilege to bind port 25
     */
    public static Configuration initial(ServerIdentity server, String defaultDomain,
            int portOffset, Instant now) {
        List<ReceiveConnector> connectors = new ArrayList<>();
        String s = server.name();
        String nb = server.netbiosDomain();

        ReceiveConnector frontend = base("Default Frontend " + s, s,
                TransportRole.FrontendTransport, now, nb,
                EnumSet.of(Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer),
                EnumSet.of(PermissionGroup.AnonymousUsers, PermissionGroup.ExchangeServers,
                        PermissionGroup.ExchangeLegacyServers));
        frontend = frontend
                .with(BINDINGS, bindings(true, 25 + portOffset))
                .with(PROTOCOL_LOGGING_LEVEL, ProtocolLoggingLevel.Verbose);
        connectors.add(frontend);

        ReceiveConnector client = base("Client Frontend " + s, s, TransportRole.FrontendTransport,
                now, nb, EnumSet.of(Tls, BasicAuth, BasicAuthRequireTLS, Integrated),
                EnumSet.of(PermissionGroup.ExchangeUsers));
        client = client.with(BINDINGS, bindings(true, 587 + portOffset))
                .with(MESSAGE_RATE_LIMIT, Unlimited.of(5))
                .with(MESSAGE_RATE_SOURCE, MessageRateSource.User);
        connectors.add(client);

        ReceiveConnector proxy = base("Outbound Proxy Frontend " + s, s,
                TransportRole.FrontendTransport, now, nb,
                EnumSet.of(Tls, BasicAuth, BasicAuthRequireTLS, ExchangeServer, Integrated),
                EnumSet.of(PermissionGroup.ExchangeServers));
        connectors.add(proxy.with(BINDINGS, bindings(true, 717 + portOffset)));

        ReceiveConnector hub = base("Default " + s, s, TransportRole.HubTransport, now, nb,
                EnumSet.of(Tls, BasicAuth, ExchangeServer, Integrated),
                EnumSet.of(PermissionGroup.ExchangeLegacyServers, PermissionGroup.ExchangeServers,
                        PermissionGroup.ExchangeUsers));
        hub = hub.with(BINDINGS, bindings(false, 2525 + portOffset))
                .with(MAX_INBOUND_CONNECTION_PER_SOURCE, Unlimited.UNLIMITED)
                .with(MAX_INBOUND_CONNECTION_PERCENTAGE_PER_SOURCE, 100)
                .with(MAX_RECIPIENTS_PER_MESSAGE, 5000);
        connectors.add(hub);

        ReceiveConnector clientProxy = base("Client Proxy " + s, s, TransportRole.HubTransport,
                now, nb,
                EnumSet.of(Tls, BasicAuth, BasicAuthRequireTLS, ExchangeServer, Integrated),
                EnumSet.of(PermissionGroup.ExchangeServers, PermissionGroup.ExchangeUsers));
        clientProxy = clientProxy.with(BINDINGS, bindings(true, 465 + portOffset))
                .with(MESSAGE_RATE_LIMIT, Unlimited.of(5))
                .with(MESSAGE_RATE_SOURCE, MessageRateSource.User);
        connectors.add(clientProxy);

        List<AcceptedDomain> domains = new ArrayList<>();
        if (defaultDomain != null) {
            domains.add(new AcceptedDomain(defaultDomain, defaultDomain, DomainType.Authoritative,
                    true));
        }
        return new Configuration(server, connectors, domains);
    }

    private static ReceiveConnector base(String name, String server, TransportRole role,
            Instant now, String netbiosDomain, EnumSet<AuthMechanism> auth,
            EnumSet<PermissionGroup> groups) {
        ReceiveConnector c = ReceiveConnector.create(name, server, now)
                .with(TRANSPORT_ROLE, role)
                .with(AUTH_MECHANISM, auth)
                .with(REMOTE_IP_RANGES, List.of(IpRange.ALL_IPV6, IpRange.ALL_IPV4));
        return c.withAcl(Acl.empty().withGroups(groups, netbiosDomain));
    }

    /** All local IPv6 and IPv4 addresses on a port; Exchange lists IPv6 first except on Hub. */
    private static List<Binding> bindings(boolean ipv6First, int port) {
        Binding v6 = Binding.parse("[::]:" + port);
        Binding v4 = Binding.parse("0.0.0.0:" + port);
        return ipv6First ? List.of(v6, v4) : List.of(v4, v6);
    }
}
