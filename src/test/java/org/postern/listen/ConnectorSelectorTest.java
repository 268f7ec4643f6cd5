package org.postern.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postern.config.ReceiveConnectorSchema.BINDINGS;
import static org.postern.config.ReceiveConnectorSchema.ENABLED;
import static org.postern.config.ReceiveConnectorSchema.REMOTE_IP_RANGES;
import static org.postern.config.ReceiveConnectorSchema.TRANSPORT_ROLE;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postern.config.Binding;
import org.postern.config.Configuration;
import org.postern.config.IpRange;
import org.postern.config.ReceiveConnector;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.config.TransportRole;

/**
 * Connector selection (fact sheet section (f), relay-cases A01, A04, A06): the local binding
 * first, then the most specific RemoteIPRanges entry that holds the client.
 */
class ConnectorSelectorTest {

    private static final ServerIdentity SERVER =
            new ServerIdentity("EX01", "ex01.contoso.com", "CONTOSO");
    private static final InetSocketAddress LOCAL_V4 = local("127.0.0.1", 25);
    private static final InetSocketAddress LOCAL_V6 = local("::1", 25);

    private static InetSocketAddress local(String ip, int port) {
        return new InetSocketAddress(addr(ip), port);
    }

    private static InetAddress addr(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The five default connectors (Default Frontend on port 25) plus the given ones. */
    private static Configuration config(ReceiveConnector... extra) {
        Configuration base = Setup.initial(SERVER, "contoso.com", 0, Instant.EPOCH);
        List<ReceiveConnector> all = new ArrayList<>(base.receiveConnectors());
        all.addAll(Arrays.asList(extra));
        return new Configuration(SERVER, all, base.acceptedDomains());
    }

    private static ReceiveConnector frontend(String name, String bindings, String... ranges) {
        List<Binding> b = new ArrayList<>();
        for (String s : bindings.split(",")) {
            b.add(Binding.parse(s));
        }
        List<IpRange> r = new ArrayList<>();
        for (String s : ranges) {
            r.add(IpRange.parse(s));
        }
        return ReceiveConnector.create(name, "EX01", Instant.EPOCH)
                .with(TRANSPORT_ROLE, TransportRole.FrontendTransport)
                .with(BINDINGS, b).with(REMOTE_IP_RANGES, r);
    }

    private static String chosen(Configuration cfg, InetSocketAddress local, String client) {
        Optional<ConnectorSelector.Selection> s =
                ConnectorSelector.select(cfg, local, addr(client));
        return s.map(x -> x.connector().name()).orElse("(none)");
    }

    @Test
    @DisplayName("A06 single address beats a range, a range beats a CIDR block, a CIDR block "
            + "beats everything")
    void mostSpecificRangeWins() {
        Configuration cfg = config(
                frontend("Scanner", "0.0.0.0:25", "127.0.0.10"),
                frontend("Printers", "0.0.0.0:25", "127.0.0.20-127.0.0.29"),
                frontend("Lab", "0.0.0.0:25", "127.0.0.0/24"));
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.10")).isEqualTo("Scanner");
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.20")).isEqualTo("Printers");
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.29")).isEqualTo("Printers");
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.30")).isEqualTo("Lab");
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.11")).isEqualTo("Lab");
        assertThat(chosen(cfg, LOCAL_V4, "127.0.1.1")).isEqualTo("Default Frontend EX01");
    }

    @Test
    @DisplayName("the winning range is reported with the candidates it beat, most specific first")
    void selectionExplainsItself() {
        Configuration cfg = config(frontend("Scanner", "0.0.0.0:25", "127.0.0.0/8", "127.0.0.10"));
        ConnectorSelector.Selection s =
                ConnectorSelector.select(cfg, LOCAL_V4, addr("127.0.0.10")).orElseThrow();
        assertThat(s.range()).hasToString("127.0.0.10");
        assertThat(s.binding()).hasToString("0.0.0.0:25");
        assertThat(s.beaten()).extracting(c -> c.connector().name())
                .containsExactly("Default Frontend EX01");
    }

    @Test
    @DisplayName("A04 range bounds are inclusive and compared unsigned")
    void rangeBoundsAndHighOctets() {
        Configuration cfg = config(
                frontend("High", "0.0.0.0:25", "127.200.0.200-127.200.0.250"),
                frontend("Block", "0.0.0.0:25", "127.0.0.64-127.0.0.127"));
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.63")).isEqualTo("Default Frontend EX01");
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.64")).isEqualTo("Block");
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.127")).isEqualTo("Block");
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.128")).isEqualTo("Default Frontend EX01");
        assertThat(chosen(cfg, LOCAL_V4, "127.200.0.220")).isEqualTo("High");
        assertThat(chosen(cfg, LOCAL_V4, "127.200.0.199")).isEqualTo("Default Frontend EX01");
    }

    @Test
    @DisplayName("A01 an IPv4-mapped IPv6 client matches IPv4 ranges, never IPv6 ones")
    void ipv4MappedClientMatchesIpv4Ranges() throws Exception {
        Configuration cfg = config(frontend("Relay", "0.0.0.0:25,[::]:25", "127.0.0.10"),
                frontend("Relay6", "[::]:25", "::ffff:127.0.0.0/120"));
        InetAddress mapped = java.net.Inet6Address.getByAddress(null, new byte[] {0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 10}, -1);
        assertThat(mapped).isInstanceOf(java.net.Inet6Address.class);
        InetSocketAddress mappedLocal = new InetSocketAddress(java.net.Inet6Address.getByAddress(
                null, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0,
                    0, 1}, -1), 25);
        assertThat(ConnectorSelector.select(cfg, mappedLocal, mapped).orElseThrow()
                .connector().name()).isEqualTo("Relay");
        assertThat(ConnectorSelector.select(cfg, LOCAL_V4, mapped).orElseThrow()
                .connector().name()).isEqualTo("Relay");
    }

    @Test
    @DisplayName("IPv6 clients (::1) match IPv6 ranges over the IPv6 binding")
    void ipv6Client() {
        Configuration cfg = config(frontend("Relay6", "[::]:25", "::1"),
                frontend("Relay4", "0.0.0.0:25", "127.0.0.1"));
        assertThat(chosen(cfg, LOCAL_V6, "::1")).isEqualTo("Relay6");
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.1")).isEqualTo("Relay4");
        // An IPv6 client never reaches a connector bound only to IPv4 addresses.
        Configuration v4only = config(frontend("Relay4", "0.0.0.0:25", "::1"));
        assertThat(chosen(v4only, LOCAL_V6, "::1")).isEqualTo("Default Frontend EX01");
    }

    @Test
    @DisplayName("a disabled connector is skipped and its clients fall through to the catch-all")
    void disabledConnectorIsSkipped() {
        Configuration cfg = config(
                frontend("Relay", "0.0.0.0:25", "127.0.0.10").with(ENABLED, false));
        assertThat(chosen(cfg, LOCAL_V4, "127.0.0.10")).isEqualTo("Default Frontend EX01");
    }

    @Test
    @DisplayName("no connector holds the client: no selection (the listener closes without a "
            + "banner)")
    void noMatch() {
        Configuration cfg = config(frontend("Only", "0.0.0.0:2600", "127.0.0.10"));
        InetSocketAddress port2600 = local("127.0.0.1", 2600);
        assertThat(chosen(cfg, port2600, "127.0.0.10")).isEqualTo("Only");
        assertThat(chosen(cfg, port2600, "127.0.0.11")).isEqualTo("(none)");
        assertThat(chosen(cfg, local("127.0.0.1", 2601), "127.0.0.10")).isEqualTo("(none)");
    }

    @Test
    @DisplayName("at equal ranges a binding to the local address beats a wildcard binding")
    void specificBindingBeatsWildcardAtEqualRange() {
        // ConnectorRules refuses such a pair on one server; this is the selector's last word.
        Configuration cfg = config(
                frontend("Wild", "0.0.0.0:2600", "127.0.0.0/8"),
                frontend("Bound", "127.0.0.1:2600", "127.0.0.0-127.255.255.255"));
        assertThat(chosen(cfg, local("127.0.0.1", 2600), "127.0.0.10")).isEqualTo("Bound");
        assertThat(chosen(cfg, local("127.0.0.2", 2600), "127.0.0.10")).isEqualTo("Wild");
    }

    @Test
    @DisplayName("the local port decides first: Hub's Default connector takes port 2525 only")
    void localPortDecidesFirst() {
        Configuration cfg = config();
        assertThat(chosen(cfg, local("127.0.0.1", 2525), "127.0.0.10")).isEqualTo("Default EX01");
        assertThat(chosen(cfg, local("127.0.0.1", 587), "127.0.0.10"))
                .isEqualTo("Client Frontend EX01");
        assertThat(chosen(cfg, LOCAL_V6, "::1")).isEqualTo("Default Frontend EX01");
    }
}
