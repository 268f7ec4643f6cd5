package org.postern.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postern.config.ReceiveConnectorSchema.AUTH_MECHANISM;
import static org.postern.config.ReceiveConnectorSchema.BINDINGS;
import static org.postern.config.ReceiveConnectorSchema.REMOTE_IP_RANGES;
import static org.postern.config.ReceiveConnectorSchema.TRANSPORT_ROLE;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postern.config.AuthMechanism;
import org.postern.config.Binding;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.config.IpRange;
import org.postern.config.MessageRateSource;
import org.postern.config.ReceiveConnector;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.config.TransportRole;
import org.postern.permission.AccessEntry;
import org.postern.permission.Acl;
import org.postern.permission.ExtendedRight;
import org.postern.permission.PermissionGroup;
import org.postern.permission.Principal;

/** The session's principal and rights as the connector and its ACL decide them. */
class ConnectorSessionPolicyTest {

    private static final ServerIdentity SERVER =
            new ServerIdentity("EX01", "ex01.contoso.com", "CONTOSO");
    private static final Configuration DEFAULTS =
            Setup.initial(SERVER, "contoso.com", 0, Instant.EPOCH);

    private static ReceiveConnector relay() {
        return ReceiveConnector.create("Anonymous Relay", "EX01", Instant.EPOCH)
                .with(TRANSPORT_ROLE, TransportRole.FrontendTransport)
                .with(BINDINGS, List.of(Binding.parse("0.0.0.0:25")))
                .with(REMOTE_IP_RANGES, List.of(IpRange.parse("192.168.5.10")));
    }

    @Test
    @DisplayName("a new Custom connector has no group and its anonymous sessions no right at all")
    void newCustomConnectorGrantsNothing() {
        ConnectorSessionPolicy p = new ConnectorSessionPolicy(relay(), DEFAULTS);
        assertThat(p.principal()).isEqualTo("NT AUTHORITY\\ANONYMOUS LOGON");
        assertThat(p.rights()).isEmpty();
        assertThat(p.fqdn()).isEqualTo("ex01.contoso.com");
        assertThat(p.acceptedDomain("contoso.com")).contains(DomainType.Authoritative);
        assertThat(p.acceptedDomain("fabrikam.com")).isEmpty();
    }

    @Test
    @DisplayName("method 1: anonymous sessions get the five relay rights")
    void methodOne() {
        ReceiveConnector c = relay().withAcl(Acl.empty()
                .withGroups(List.of(PermissionGroup.AnonymousUsers), "CONTOSO")
                .with(new AccessEntry(Principal.ANONYMOUS_LOGON,
                        ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT, false, null)));
        ConnectorSessionPolicy p = new ConnectorSessionPolicy(c, DEFAULTS);
        assertThat(p.principal()).isEqualTo("NT AUTHORITY\\ANONYMOUS LOGON");
        assertThat(p.rights()).hasSize(5).contains(ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT);
    }

    @Test
    @DisplayName("method 2: ExternalAuthoritative sessions run as Externally Secured Servers")
    void methodTwo() {
        ReceiveConnector c = relay()
                .with(AUTH_MECHANISM, EnumSet.of(AuthMechanism.ExternalAuthoritative))
                .withAcl(Acl.empty().withGroups(List.of(PermissionGroup.ExchangeServers),
                        "CONTOSO"));
        ConnectorSessionPolicy p = new ConnectorSessionPolicy(c, DEFAULTS);
        assertThat(p.principal()).isEqualTo("MS Exchange\\Externally Secured Servers");
        assertThat(p.rights()).hasSize(9).contains(ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT,
                ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT);
    }

    @Test
    @DisplayName("Default Frontend's anonymous sessions may not relay")
    void defaultFrontend() {
        ConnectorSessionPolicy p = new ConnectorSessionPolicy(
                DEFAULTS.receiveConnectors().get(0), DEFAULTS);
        assertThat(p.connectorId()).isEqualTo("EX01\\Default Frontend EX01");
        assertThat(p.rights()).containsExactlyInAnyOrder(ExtendedRight.SMTP_SUBMIT,
                ExtendedRight.SMTP_ACCEPT_ANY_SENDER,
                ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER,
                ExtendedRight.ACCEPT_HEADERS_ROUTING);
    }
    @Test
    @DisplayName("a user who signed in runs as DOMAIN\\alias with the ExchangeUsers rights")
    void authenticatedUserGetsExchangeUsersRights() {
        ReceiveConnector c = relay().with(AUTH_MECHANISM,
                EnumSet.of(AuthMechanism.Tls, AuthMechanism.BasicAuth)).withAcl(Acl.empty()
                .withGroups(List.of(PermissionGroup.AnonymousUsers, PermissionGroup.ExchangeUsers),
                        "CONTOSO"));
        org.postern.config.Mailbox kim = org.postern.config.Mailbox.create("Kim Akers",
                "Kim Akers", "kim@contoso.com", List.of("k.akers@contoso.com"), Instant.EPOCH)
                .withPassword(org.postern.config.PasswordHash.of("pw".toCharArray()),
                        Instant.EPOCH);
        ConnectorSessionPolicy p = new ConnectorSessionPolicy(c, DEFAULTS.withMailbox(kim));
        assertThat(p.basicAuth()).isTrue();
        assertThat(p.basicAuthRequireTls()).isFalse();
        assertThat(p.maxLogonFailures()).isEqualTo(3);
        assertThat(p.authTarpitInterval()).hasSeconds(5);
        for (String login : List.of("kim@contoso.com", "K.Akers@contoso.com", "contoso\\kimakers",
                "CONTOSO\\KimAkers")) {
            assertThat(p.account(login)).as(login).hasValueSatisfying(a ->
                    assertThat(a.userName()).isEqualTo("CONTOSO\\KimAkers"));
        }
        for (String login : List.of("KimAkers", "FABRIKAM\\KimAkers", "kim@fabrikam.com", "")) {
            assertThat(p.account(login)).as(login).isEmpty();
        }
        org.postern.smtp.SessionPolicy user =
                p.authenticatedAs(p.account("kim@contoso.com").orElseThrow(), "LOGIN");
        assertThat(user.principal()).isEqualTo("CONTOSO\\KimAkers");
        assertThat(user.rights()).containsExactlyInAnyOrder(ExtendedRight.SMTP_SUBMIT,
                ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT, ExtendedRight.BYPASS_ANTI_SPAM,
                ExtendedRight.ACCEPT_HEADERS_ROUTING);
        assertThat(user.authentication()).hasValueSatisfying(a ->
                assertThat(a.mechanism()).isEqualTo("LOGIN"));
        assertThat(p.authentication()).isEmpty();
    }

    private static final java.util.function.Function<String, java.net.InetAddress> IP = a -> {
        try {
            return java.net.InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    };

    private static ConnectorSessionPolicy rated(MessageRateSource by,
            Configuration cfg, MessageRates rates) {
        ReceiveConnector c = relay().with(AUTH_MECHANISM,
                EnumSet.of(AuthMechanism.Tls, AuthMechanism.BasicAuth))
                .with(org.postern.config.ReceiveConnectorSchema.MESSAGE_RATE_LIMIT,
                        org.postern.config.Unlimited.of(1))
                .with(org.postern.config.ReceiveConnectorSchema.MESSAGE_RATE_SOURCE, by);
        return new ConnectorSessionPolicy(c, cfg, null, null, rates);
    }

    @Test
    @DisplayName("MessageRateSource decides what a message counts against: the address, the "
            + "signed-in user, both, or nothing")
    void messageRateSource() {
        org.postern.config.Mailbox kim = org.postern.config.Mailbox.create("Kim Akers",
                "Kim Akers", "kim@contoso.com", List.of(), Instant.EPOCH)
                .withPassword(org.postern.config.PasswordHash.of("pw".toCharArray()),
                        Instant.EPOCH);
        Configuration cfg = DEFAULTS.withMailbox(kim);

        ConnectorSessionPolicy byIp = rated(MessageRateSource.IPAddress, cfg,
                new MessageRates());
        assertThat(byIp.messageRateLimit()).isEqualTo(1);
        assertThat(byIp.takeMessage(IP.apply("127.0.0.10"))).isTrue();
        assertThat(byIp.takeMessage(IP.apply("127.0.0.10"))).isFalse();
        assertThat(byIp.takeMessage(IP.apply("127.0.0.11"))).isTrue();

        ConnectorSessionPolicy none = rated(MessageRateSource.None, cfg, new MessageRates());
        assertThat(none.takeMessage(IP.apply("127.0.0.10"))).isTrue();
        assertThat(none.takeMessage(IP.apply("127.0.0.10"))).isTrue();

        // User: anonymous sessions are not counted; a signed-in user is, from any address.
        ConnectorSessionPolicy byUser = rated(MessageRateSource.User, cfg,
                new MessageRates());
        assertThat(byUser.takeMessage(IP.apply("127.0.0.10"))).isTrue();
        assertThat(byUser.takeMessage(IP.apply("127.0.0.10"))).isTrue();
        var kimSession = byUser.authenticatedAs(byUser.account("kim@contoso.com")
                .orElseThrow(), "LOGIN");
        assertThat(kimSession.takeMessage(IP.apply("127.0.0.10"))).isTrue();
        assertThat(kimSession.takeMessage(IP.apply("127.0.0.12"))).isFalse();

        // All: the address and the user each count.
        ConnectorSessionPolicy all = rated(MessageRateSource.All, cfg, new MessageRates());
        assertThat(all.takeMessage(IP.apply("127.0.0.10"))).isTrue();
        var kimAll = all.authenticatedAs(all.account("kim@contoso.com").orElseThrow(), "LOGIN");
        assertThat(kimAll.takeMessage(IP.apply("127.0.0.10"))).as("address used up").isFalse();
        assertThat(kimAll.takeMessage(IP.apply("127.0.0.13"))).isTrue();
        assertThat(kimAll.takeMessage(IP.apply("127.0.0.14"))).as("user used up").isFalse();
    }
}
