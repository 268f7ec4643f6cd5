package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendConnectorRulesTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final ServerIdentity SERVER = new ServerIdentity("EX01", "ex01.contoso.com",
            "CONTOSO");

    static SendConnector internet(String name) {
        return SendConnector.create(name, SendConnectorUsage.Internet,
                List.of(AddressSpace.parse("*")), "EX01", NOW);
    }

    private static Configuration with(SendConnector... connectors) {
        return new Configuration(SERVER, List.of(), List.of(), List.of(connectors), List.of(),
                null);
    }

    @Test
    void newConnectorGetsExchangeDefaultsForItsUsage() {
        SendConnector c = internet("To Internet");
        assertThat(c.port()).isEqualTo(25);
        assertThat(c.dnsRoutingEnabled()).isTrue();
        assertThat(c.enabled()).isTrue();
        assertThat(c.maxMessageSize().toString()).isEqualTo("35 MB (36,700,160 bytes)");
        assertThat(c.connectionInactivityTimeOut()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.smtpMaxMessagesPerConnection()).isEqualTo(20);
        assertThat(c.sourceTransportServers()).containsExactly("EX01");
        assertThat(SendConnector.create("Org", SendConnectorUsage.Internal,
                List.of(AddressSpace.parse("*")), "EX01", NOW).maxMessageSize().isUnlimited())
                .isTrue();
        assertThatCode(() -> SendConnectorRules.check(c, with(c))).doesNotThrowAnyException();
    }

    @Test
    void smartHostsWithDnsRoutingOnAreRefusedNamingTheHosts() {
        SendConnector c = internet("Relay").toBuilder()
                .smartHosts(List.of(SmartHost.parse("192.0.2.25"))).build(NOW);
        assertThatThrownBy(() -> SendConnectorRules.check(c, with(c)))
                .hasMessageContaining("[192.0.2.25]").hasMessageContaining("DNSRoutingEnabled");
    }

    @Test
    void dnsRoutingOffWithoutSmartHostsIsRefused() {
        SendConnector c = internet("Relay").toBuilder().dnsRoutingEnabled(false).build(NOW);
        assertThatThrownBy(() -> SendConnectorRules.check(c, with(c)))
                .hasMessageContaining("SmartHosts").hasMessageContaining("\"Relay\"");
    }

    @Test
    void basicAuthNeedsACredential() {
        SendConnector.Builder b = internet("Relay").toBuilder().dnsRoutingEnabled(false)
                .smartHosts(List.of(SmartHost.parse("smtp.example.net")))
                .smartHostAuthMechanism(SmartHostAuthMechanism.BasicAuth);
        SendConnector without = b.build(NOW);
        assertThatThrownBy(() -> SendConnectorRules.check(without, with(without)))
                .hasMessageContaining("BasicAuth").hasMessageContaining("AuthenticationCredential");
        SendConnector withCred = b.authenticationCredential(new SmtpCredential("relay", "pw"))
                .build(NOW);
        assertThatCode(() -> SendConnectorRules.check(withCred, with(withCred)))
                .doesNotThrowAnyException();
    }

    @Test
    void smartHostAuthenticationWithDnsRoutingIsRefused() {
        SendConnector c = internet("Relay").toBuilder()
                .smartHostAuthMechanism(SmartHostAuthMechanism.BasicAuth)
                .authenticationCredential(new SmtpCredential("u", "p")).build(NOW);
        assertThatThrownBy(() -> SendConnectorRules.check(c, with(c)))
                .hasMessageContaining("applies only to smart hosts");
    }

    @Test
    void duplicateNamesIgnoringCaseNameTheExistingConnector() {
        SendConnector a = internet("To Internet");
        SendConnector b = internet("TO INTERNET");
        assertThatThrownBy(() -> SendConnectorRules.check(b, with(a, b)))
                .hasMessageContaining("\"To Internet\" already exists");
    }

    @Test
    void repeatedAddressSpaceIsRefused() {
        SendConnector c = internet("X").toBuilder().addressSpaces(List.of(
                AddressSpace.parse("contoso.com;1"), AddressSpace.parse("SMTP:contoso.com;2")))
                .build(NOW);
        assertThatThrownBy(() -> SendConnectorRules.check(c, with(c)))
                .hasMessageContaining("SMTP:contoso.com;2").hasMessageContaining("more than once");
    }

    @Test
    void rangesNameTheValue() {
        assertThatThrownBy(() -> SendConnectorRules.checkOwn(internet("X").toBuilder().port(0)
                .build(NOW))).hasMessageContaining("Port value \"0\"");
        assertThatThrownBy(() -> SendConnectorRules.checkOwn(internet("X").toBuilder()
                .connectionInactivityTimeOut(Duration.ofDays(2)).build(NOW)))
                .hasMessageContaining("\"2.00:00:00\"");
        assertThatThrownBy(() -> SendConnectorRules.checkOwn(internet("X").toBuilder()
                .smtpMaxMessagesPerConnection(0).build(NOW)))
                .hasMessageContaining("SmtpMaxMessagesPerConnection value \"0\"");
        assertThatThrownBy(() -> SendConnectorRules.checkOwn(internet("X").toBuilder()
                .fqdn("bad_name").build(NOW))).hasMessageContaining("\"bad_name\"");
        assertThatThrownBy(() -> SendConnectorRules.checkOwn(internet("X").toBuilder()
                .addressSpaces(List.of()).build(NOW))).hasMessageContaining("AddressSpaces");
    }

    @Test
    void bestAddressSpacePrefersSpecificThenCheap() {
        SendConnector c = internet("X").toBuilder().addressSpaces(List.of(
                AddressSpace.parse("*;1"), AddressSpace.parse("*.contoso.com;9"),
                AddressSpace.parse("fabrikam.com;3"))).build(NOW);
        assertThat(c.bestAddressSpace("mail.contoso.com")).hasValue(
                AddressSpace.parse("*.contoso.com;9"));
        assertThat(c.bestAddressSpace("example.org")).hasValue(AddressSpace.parse("*"));
    }

    @Test
    void credentialNeverPrintsThePassword() {
        assertThat(new SmtpCredential("relay", "s3cret").toString())
                .isEqualTo("System.Management.Automation.PSCredential").doesNotContain("s3cret");
    }
}
