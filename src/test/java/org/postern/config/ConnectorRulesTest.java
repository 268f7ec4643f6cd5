package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postern.config.ReceiveConnectorSchema.AUTH_MECHANISM;
import static org.postern.config.ReceiveConnectorSchema.BINDINGS;
import static org.postern.config.ReceiveConnectorSchema.REMOTE_IP_RANGES;
import static org.postern.config.ReceiveConnectorSchema.TLS_CIPHER_SUITES;
import static org.postern.config.ReceiveConnectorSchema.TLS_PROTOCOLS;
import static org.postern.config.ReceiveConnectorSchema.TRANSPORT_ROLE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postern.permission.Acl;
import org.postern.permission.PermissionGroup;

/** The rules New-/Set-ReceiveConnector enforce (fact sheet (c) and (f); relay-cases A06). */
class ConnectorRulesTest {

    private static final ServerIdentity SERVER =
            new ServerIdentity("EX01", "ex01.contoso.com", "CONTOSO");

    private static Configuration defaults() {
        return Setup.initial(SERVER, "contoso.com", 0, Instant.EPOCH);
    }

    private static ReceiveConnector connector(String name, TransportRole role, String binding,
            String... ranges) {
        List<IpRange> r = new ArrayList<>();
        for (String s : ranges) {
            r.add(IpRange.parse(s));
        }
        return ReceiveConnector.create(name, "EX01", Instant.EPOCH)
                .with(TRANSPORT_ROLE, role)
                .with(BINDINGS, List.of(Binding.parse(binding)))
                .with(REMOTE_IP_RANGES, r);
    }

    private static void check(ReceiveConnector c) {
        Configuration cfg = defaults().withReceiveConnector(c);
        ConnectorRules.check(c, cfg);
    }

    @Test
    @DisplayName("TlsProtocols and TlsCipherSuites name what the JDK can offer")
    void tlsProtocolsAndCipherSuites() {
        ReceiveConnector c = connector("Printers", TransportRole.FrontendTransport,
                "0.0.0.0:2526", "192.168.10.0/24");
        check(c.with(TLS_PROTOCOLS, List.of("TLSv1", "Tls11", "TLS1.2"))
                .with(TLS_CIPHER_SUITES, List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")));
        assertThatThrownBy(() -> check(c.with(TLS_PROTOCOLS, List.of("SSLv3"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("\"SSLv3\"").hasMessageContaining("TLSv1.3");
        assertThatThrownBy(() -> check(c.with(TLS_CIPHER_SUITES, List.of("RC4-MD5"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("\"RC4-MD5\"");
    }

    @Test
    @DisplayName("the article's relay connector nests inside Default Frontend's ranges on port 25")
    void articleConnectorIsAccepted() {
        check(connector("Anonymous Relay", TransportRole.FrontendTransport, "0.0.0.0:25",
                "192.168.5.10", "192.168.5.11"));
        check(connector("Relay Net", TransportRole.FrontendTransport, "0.0.0.0:25",
                "192.168.5.1/24"));
    }

    @Test
    @DisplayName("a HubTransport connector on Default Frontend's port is a role conflict")
    void roleConflictOnSharedBinding() {
        assertThatThrownBy(() -> check(connector("Hub Relay", TransportRole.HubTransport,
                "0.0.0.0:25", "192.168.5.10")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Receive connectors assigned to different Transport roles")
                .hasMessageContaining("EX01\\Default Frontend EX01");
        // on its own port it is fine
        check(connector("Hub Relay", TransportRole.HubTransport, "0.0.0.0:2600",
                "192.168.5.10"));
    }

    @Test
    @DisplayName("A06 equally specific or partially overlapping ranges on one binding are refused")
    void sameRoleRangeClashes() {
        Configuration cfg = defaults().withReceiveConnector(connector("Relay",
                TransportRole.FrontendTransport, "0.0.0.0:25", "192.0.2.0/24"));
        ReceiveConnector same = connector("Other", TransportRole.FrontendTransport, "0.0.0.0:25",
                "192.0.2.0-192.0.2.255");
        assertThatThrownBy(() -> ConnectorRules.check(same, cfg.withReceiveConnector(same)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("192.0.2.0-192.0.2.255 and 192.0.2.0/24 are the same"
                        + " addresses.");
        ReceiveConnector partial = connector("Other", TransportRole.FrontendTransport,
                "0.0.0.0:25", "192.0.2.128-192.0.3.10");
        assertThatThrownBy(() -> ConnectorRules.check(partial, cfg.withReceiveConnector(partial)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("192.0.2.128-192.0.3.10 overlaps 192.0.2.0/24.");
        ReceiveConnector nested = connector("Scanner", TransportRole.FrontendTransport,
                "0.0.0.0:25", "192.0.2.10");
        ConnectorRules.check(nested, cfg.withReceiveConnector(nested));
        // the same ranges on a binding that does not overlap are fine
        ReceiveConnector elsewhere = connector("Other", TransportRole.FrontendTransport,
                "0.0.0.0:2600", "192.0.2.0-192.0.2.255");
        ConnectorRules.check(elsewhere, cfg.withReceiveConnector(elsewhere));
    }

    @Test
    @DisplayName("ExternalAuthoritative needs ExchangeServers and combines only with Tls")
    void externalAuthoritativeRules() {
        ReceiveConnector c = connector("Anonymous Relay", TransportRole.FrontendTransport,
                "0.0.0.0:25", "192.168.5.10")
                .with(AUTH_MECHANISM, EnumSet.of(AuthMechanism.ExternalAuthoritative));
        assertThatThrownBy(() -> check(c)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("requires the PermissionGroups value ExchangeServers");
        ReceiveConnector ok = c.withAcl(Acl.empty().withGroups(
                EnumSet.of(PermissionGroup.ExchangeServers), "CONTOSO"));
        check(ok);
        check(ok.with(AUTH_MECHANISM, EnumSet.of(AuthMechanism.Tls,
                AuthMechanism.ExternalAuthoritative)));
        assertThatThrownBy(() -> check(ok.with(AUTH_MECHANISM, EnumSet.of(AuthMechanism.BasicAuth,
                AuthMechanism.ExternalAuthoritative))))
                .hasMessageContaining("ExternalAuthoritative can only be combined with Tls");
    }

    @Test
    @DisplayName("None stands alone; BasicAuthRequireTLS needs BasicAuth and Tls")
    void authMechanismCombinations() {
        ReceiveConnector c = connector("X", TransportRole.FrontendTransport, "0.0.0.0:2600",
                "192.0.2.1");
        assertThatThrownBy(() -> check(c.with(AUTH_MECHANISM,
                EnumSet.of(AuthMechanism.None, AuthMechanism.Tls))))
                .hasMessageContaining("None can't be combined");
        assertThatThrownBy(() -> check(c.with(AUTH_MECHANISM,
                EnumSet.of(AuthMechanism.BasicAuthRequireTLS, AuthMechanism.Tls))))
                .hasMessageContaining("BasicAuthRequireTLS requires both BasicAuth and Tls");
    }

    @Test
    @DisplayName("every default connector passes the rules against the others")
    void defaultsAreValid() {
        Configuration cfg = defaults();
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            ConnectorRules.check(c, cfg);
        }
        assertThat(cfg.receiveConnectors()).hasSize(5);
    }

    private static ReceiveConnector relay() {
        return connector("Relay", TransportRole.FrontendTransport, "0.0.0.0:2600", "192.0.2.1");
    }

    private static <T> ReceiveConnector with(String property, String value) {
        @SuppressWarnings("unchecked")
        Property<T> p = (Property<T>) ReceiveConnectorSchema.byName(property).orElseThrow();
        return relay().with(p, p.type().convert(value, relay().get(p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "MaxRecipientsPerMessage | 0 | 1 to 512000",
        "MaxRecipientsPerMessage | 512001 | 1 to 512000",
        "MaxHopCount | 0 | 1 to 500",
        "MaxHopCount | 501 | 1 to 500",
        "MaxLocalHopCount | 51 | 0 to 50",
        "MaxLogonFailures | 11 | 0 to 10",
        "MaxInboundConnectionPercentagePerSource | 0 | 1 to 100",
        "MaxInboundConnectionPercentagePerSource | 101 | 1 to 100",
        "MaxInboundConnection | 0 | 1 to 2147483647 or Unlimited",
        "MaxInboundConnection | 2147483648 | 1 to 2147483647 or Unlimited",
        "MaxInboundConnectionPerSource | 10001 | 1 to 10000 or Unlimited",
        "MessageRateLimit | 0 | 1 to 2147483647 or Unlimited",
        "MaxProtocolErrors | 2147483648 | 0 to 2147483647 or Unlimited",
        "ConnectionTimeout | 00:00:00 | 00:00:01 to 1.00:00:00",
        "ConnectionTimeout | 1.00:00:01 | 00:00:01 to 1.00:00:00",
        "TarpitInterval | 00:10:01 | 00:00:00 to 00:10:00",
        "AuthTarpitInterval | 00:10:01 | 00:00:00 to 00:10:00",
        "MaxMessageSize | 65535 | 64 KB (65,536 bytes) to 2,147,483,647 bytes"
            + " (one byte less than 2 GB)",
        "MaxMessageSize | 2GB | 64 KB (65,536 bytes) to 2,147,483,647 bytes"
            + " (one byte less than 2 GB)",
        "MaxHeaderSize | 0 | 1 B (1 bytes) to 2,147,483,647 bytes"
            + " (one byte less than 2 GB)",
    })
    @DisplayName("a limit outside Exchange's range is refused, naming the value and the range")
    void limitsOutOfRange(String property, String value, String range) {
        ReceiveConnector c = with(property, value);
        String shown = c.get(ReceiveConnectorSchema.byName(property).orElseThrow()).toString();
        if (property.endsWith("Timeout") || property.endsWith("Interval")) {
            shown = value;
        }
        String expected = "The " + property + " value \"" + shown + "\" is out of range: use "
                + range + ".";
        assertThatThrownBy(() -> check(c)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "MaxRecipientsPerMessage | 1", "MaxRecipientsPerMessage | 512000",
        "MaxHopCount | 500", "MaxLocalHopCount | 0", "MaxLogonFailures | 0",
        "MaxInboundConnection | 2147483647", "MaxInboundConnection | unlimited",
        "MaxInboundConnectionPerSource | 10000", "MessageRateLimit | 1",
        "MaxProtocolErrors | 0", "MaxProtocolErrors | Unlimited",
        "ConnectionTimeout | 1.00:00:00", "TarpitInterval | 00:00:00",
        "TarpitInterval | 00:10:00", "AuthTarpitInterval | 00:00:00",
        "MaxMessageSize | 64KB", "MaxMessageSize | 2147483647", "MaxHeaderSize | 1",
    })
    @DisplayName("the ends of each range are accepted")
    void limitsAtTheirBounds(String property, String value) {
        check(with(property, value));
    }

    @Test
    @DisplayName("ConnectionInactivityTimeout must stay below ConnectionTimeout")
    void inactivityBelowConnectionTimeout() {
        ReceiveConnector c = with("ConnectionTimeout", "00:05:00");
        assertThatThrownBy(() -> check(c)).hasMessage("ConnectionInactivityTimeout (00:05:00)"
                + " must be less than ConnectionTimeout (00:05:00).");
        check(c.with(ReceiveConnectorSchema.CONNECTION_INACTIVITY_TIMEOUT,
                java.time.Duration.ofSeconds(299)));
    }

    @Test
    @DisplayName("LongAddressesEnabled only on HubTransport connectors")
    void longAddressesOnlyOnHubTransport() {
        ReceiveConnector fet = with("LongAddressesEnabled", "true");
        assertThatThrownBy(() -> check(fet)).hasMessage("LongAddressesEnabled can be $true only"
                + " on a Receive connector of the HubTransport role (the Transport service), not"
                + " on \"EX01\\Relay\" of the FrontendTransport role.");
        check(fet.with(TRANSPORT_ROLE, TransportRole.HubTransport));
    }

    @Test
    @DisplayName("Fqdn and ServiceDiscoveryFqdn must be domain names; Banner must start with 220")
    void namesAndBanner() {
        assertThatThrownBy(() -> check(with("Fqdn", "mail_relay.contoso.com")))
                .hasMessage("The Fqdn value \"mail_relay.contoso.com\" isn't a valid domain"
                        + " name.");
        assertThatThrownBy(() -> check(with("ServiceDiscoveryFqdn", "-bad.contoso.com")))
                .hasMessage("The ServiceDiscoveryFqdn value \"-bad.contoso.com\" isn't a valid"
                        + " domain name.");
        check(with("ServiceDiscoveryFqdn", "autodiscover.contoso.com"));
        assertThatThrownBy(() -> check(with("Banner", "250 hello")))
                .hasMessage("The Banner value \"250 hello\" isn't valid: a banner must start"
                        + " with 220.");
        check(with("Banner", "220 relay.contoso.com ready"));
    }

    @Test
    @DisplayName("RequireTLS and DomainSecureEnabled need Tls; BinaryMime needs Chunking")
    void dependentSwitches() {
        ReceiveConnector noTls = relay().with(AUTH_MECHANISM, EnumSet.of(AuthMechanism.None));
        assertThatThrownBy(() -> check(noTls.with(ReceiveConnectorSchema.REQUIRE_TLS, true)))
                .hasMessage("RequireTLS can be $true only when AuthMechanism includes Tls.");
        assertThatThrownBy(() -> check(noTls.with(ReceiveConnectorSchema.DOMAIN_SECURE_ENABLED,
                true))).hasMessage("DomainSecureEnabled can be $true only when AuthMechanism"
                        + " includes Tls and not ExternalAuthoritative.");
        assertThatThrownBy(() -> check(relay().with(ReceiveConnectorSchema.CHUNKING_ENABLED,
                false))).hasMessage("BinaryMimeEnabled can be $true only when ChunkingEnabled"
                        + " is $true.");
        check(relay().with(ReceiveConnectorSchema.CHUNKING_ENABLED, false)
                .with(ReceiveConnectorSchema.BINARY_MIME_ENABLED, false));
    }
}
