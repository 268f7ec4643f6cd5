package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postern.config.ReceiveConnectorSchema.AUTH_MECHANISM;
import static org.postern.config.ReceiveConnectorSchema.BINDINGS;
import static org.postern.config.ReceiveConnectorSchema.REMOTE_IP_RANGES;
import static org.postern.config.ReceiveConnectorSchema.TRANSPORT_ROLE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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
                .hasMessageContaining("192.0.2.0-192.0.2.255 overlaps 192.0.2.0/24");
        ReceiveConnector partial = connector("Other", TransportRole.FrontendTransport,
                "0.0.0.0:25", "192.0.2.128-192.0.3.10");
        assertThatThrownBy(() -> ConnectorRules.check(partial, cfg.withReceiveConnector(partial)))
                .isInstanceOf(InvalidConfigurationException.class);
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
}
