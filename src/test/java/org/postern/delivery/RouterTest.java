package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.config.AcceptedDomain;
import org.postern.config.AddressSpace;
import org.postern.config.ByteLimit;
import org.postern.config.ByteSize;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.config.Mailbox;
import org.postern.config.SendConnector;
import org.postern.config.SendConnectorUsage;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.config.SmartHost;

class RouterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final ServerIdentity SERVER = new ServerIdentity("EX01", "ex01.contoso.com",
            "CONTOSO");

    private static SendConnector connector(String name, String... spaces) {
        List<AddressSpace> as = new java.util.ArrayList<>();
        for (String s : spaces) {
            as.add(AddressSpace.parse(s));
        }
        return SendConnector.create(name, SendConnectorUsage.Custom, as, "EX01", NOW);
    }

    private static SendConnector smartHost(String name, String... spaces) {
        return connector(name, spaces).toBuilder().dnsRoutingEnabled(false)
                .smartHosts(List.of(SmartHost.parse("127.0.0.1"))).build(NOW);
    }

    private static Configuration config(SendConnector... connectors) {
        Configuration c = Setup.initial(SERVER, "contoso.com", 0, NOW);
        List<AcceptedDomain> domains = new java.util.ArrayList<>(c.acceptedDomains());
        domains.add(new AcceptedDomain("Fabrikam", "fabrikam.com", DomainType.InternalRelay,
                false));
        domains.add(new AcceptedDomain("Partner", "partner.net", DomainType.ExternalRelay,
                false));
        c = c.withAcceptedDomains(domains);
        for (SendConnector s : connectors) {
            c = c.withSendConnector(s);
        }
        return c.withMailbox(Mailbox.create("Kim Akers", "Kim Akers", "kim@contoso.com",
                List.of(), NOW)).withMailbox(Mailbox.create("Lee", "Lee", "lee@fabrikam.com",
                        List.of(), NOW));
    }

    @Test
    void exactDomainBeatsLongerWildcardBeatsShorterWildcardBeatsStar() {
        Configuration cfg = config(connector("Star", "*"), connector("Corp", "*.corp.example"),
                connector("Eu", "*.eu.corp.example"), connector("Exact", "mail.eu.corp.example"));
        assertThat(Router.route(cfg, "a@mail.eu.corp.example", 10).connector().name())
                .isEqualTo("Exact");
        assertThat(Router.route(cfg, "a@x.eu.corp.example", 10).connector().name())
                .isEqualTo("Eu");
        assertThat(Router.route(cfg, "a@us.corp.example", 10).connector().name())
                .isEqualTo("Corp");
        assertThat(Router.route(cfg, "a@corp.example", 10).connector().name())
                .isEqualTo("Corp");
        assertThat(Router.route(cfg, "a@elsewhere.org", 10).connector().name())
                .isEqualTo("Star");
    }

    @Test
    void lowerCostWinsAmongEquallySpecificSpaces() {
        Configuration cfg = config(connector("Expensive", "SMTP:*;10"),
                connector("Cheap", "SMTP:*;2"));
        assertThat(Router.route(cfg, "a@elsewhere.org", 10).connector().name())
                .isEqualTo("Cheap");
    }

    @Test
    void specificityWinsOverCost() {
        Configuration cfg = config(connector("Cheap", "SMTP:*;1"),
                connector("Specific", "SMTP:elsewhere.org;100"));
        assertThat(Router.route(cfg, "a@elsewhere.org", 10).connector().name())
                .isEqualTo("Specific");
    }

    @Test
    void disabledConnectorIsSkipped() {
        Configuration cfg = config(connector("Off", "elsewhere.org").toBuilder().enabled(false)
                .build(NOW), connector("On", "*"));
        assertThat(Router.route(cfg, "a@elsewhere.org", 10).connector().name()).isEqualTo("On");
    }

    @Test
    void dnsConnectorQueuesPerRecipientDomainAndSmartHostPerConnector() {
        Configuration cfg = config(connector("Internet", "*"), smartHost("Relay", "relay.net"));
        Route dns = Router.route(cfg, "a@Elsewhere.ORG", 10);
        assertThat(dns.kind()).isEqualTo(Route.Kind.DNS);
        assertThat(dns.nextHopDomain()).isEqualTo("elsewhere.org");
        Route smart = Router.route(cfg, "a@relay.net", 10);
        assertThat(smart.kind()).isEqualTo(Route.Kind.SMART_HOST);
        assertThat(smart.nextHopDomain()).isEqualTo("Relay");
        assertThat(Router.route(cfg, "b@relay.net", 10).key()).isEqualTo(smart.key());
    }

    @Test
    void authoritativeDomainGoesToTheMailboxOrFailsWith511() {
        Configuration cfg = config(connector("Internet", "*"));
        Route kim = Router.route(cfg, "KIM@contoso.com", 10);
        assertThat(kim.kind()).isEqualTo(Route.Kind.MAILBOX);
        assertThat(kim.mailbox().name()).isEqualTo("Kim Akers");
        Route nobody = Router.route(cfg, "nobody@contoso.com", 10);
        assertThat(nobody.kind()).isEqualTo(Route.Kind.FAIL);
        assertThat(nobody.reply()).startsWith("550 5.1.1 ");
    }

    @Test
    void internalRelayDeliversLocallyWhenThereIsAMailboxElseSendsOn() {
        Configuration cfg = config(connector("Internet", "*"));
        assertThat(Router.route(cfg, "lee@fabrikam.com", 10).kind())
                .isEqualTo(Route.Kind.MAILBOX);
        Route other = Router.route(cfg, "someone@fabrikam.com", 10);
        assertThat(other.kind()).isEqualTo(Route.Kind.DNS);
        assertThat(other.connector().name()).isEqualTo("Internet");
    }

    @Test
    void externalRelayAlwaysGoesThroughAConnector() {
        Configuration cfg = config(smartHost("Partner hop", "partner.net"));
        assertThat(Router.route(cfg, "x@partner.net", 10).connector().name())
                .isEqualTo("Partner hop");
    }

    @Test
    void withoutAMatchingConnectorTheRecipientIsUnreachableWithAReason() {
        Configuration cfg = config(connector("Only", "only.example"));
        Route r = Router.route(cfg, "x@partner.net", 10);
        assertThat(r.kind()).isEqualTo(Route.Kind.UNREACHABLE);
        assertThat(r.reply()).contains("No send connector").contains("partner.net")
                .contains("ExternalRelay");
        assertThat(r.nextHopDomain()).isEqualTo("Unreachable");
    }

    @Test
    void messageLargerThanTheConnectorAllowsFailsWith534() {
        Configuration cfg = config(connector("Small", "*").toBuilder()
                .maxMessageSize(ByteLimit.of(ByteSize.ofKilobytes(1))).build(NOW));
        assertThat(Router.route(cfg, "x@elsewhere.org", 1024).kind())
                .isEqualTo(Route.Kind.DNS);
        Route big = Router.route(cfg, "x@elsewhere.org", 1025);
        assertThat(big.kind()).isEqualTo(Route.Kind.FAIL);
        assertThat(big.reply()).startsWith("550 5.3.4 ");
    }

    @Test
    void connectorOfAnotherSourceServerIsNotUsed() {
        Configuration cfg = config(connector("Elsewhere", "*").toBuilder()
                .sourceTransportServers(List.of("EX02")).build(NOW));
        assertThat(Router.route(cfg, "x@elsewhere.org", 10).kind())
                .isEqualTo(Route.Kind.UNREACHABLE);
    }

    @Test
    void organizationLimitsApplyByWhoSentTheMessage() {
        org.postern.config.TransportConfig t = org.postern.config.TransportConfig.defaults()
                .withMaxSendSize(ByteLimit.of(ByteSize.ofMegabytes(20)));
        long mb15 = 15L * 1024 * 1024;
        assertThat(Router.organizationLimit(t, "Anonymous", mb15, 1)).hasValueSatisfying(r ->
                assertThat(r).startsWith("550 5.3.4 RESOLVER.RST.RecipSizeLimit.Org; ")
                        .contains("MaxReceiveSize (10 MB (10,485,760 bytes))"));
        assertThat(Router.organizationLimit(t, "Internal", mb15, 1)).isEmpty();
        assertThat(Router.organizationLimit(t, "Internal", 2 * mb15, 1)).hasValueSatisfying(r ->
                assertThat(r).startsWith("550 5.3.4 RESOLVER.RST.SendSizeLimit.Org; "));
        assertThat(Router.organizationLimit(t, "Partner", 1000, 501))
                .hasValue("550 5.5.3 RESOLVER.ADR.RecipLimit; too many recipients");
        assertThat(Router.organizationLimit(t, "Anonymous", 1000, 500)).isEmpty();
        assertThat(Router.organizationLimit(t, null, 2 * mb15, 5000)).isEmpty();
        assertThat(Router.organizationLimit(t.withMaxReceiveSize(ByteLimit.UNLIMITED)
                .withMaxRecipientEnvelopeLimit(org.postern.config.Unlimited.UNLIMITED),
                "Anonymous", 2 * mb15, 5000)).isEmpty();
    }
}
