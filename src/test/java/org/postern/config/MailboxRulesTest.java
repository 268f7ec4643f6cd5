package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailboxRulesTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final ServerIdentity SERVER = new ServerIdentity("EX01", "ex01.contoso.com",
            "CONTOSO");
    private static final List<AcceptedDomain> DOMAINS = List.of(
            new AcceptedDomain("contoso.com", "contoso.com", DomainType.Authoritative, true),
            new AcceptedDomain("shared", "*.shared.example", DomainType.InternalRelay, false),
            new AcceptedDomain("relayed", "relayed.example", DomainType.ExternalRelay, false));

    private static Configuration with(Mailbox... boxes) {
        return new Configuration(SERVER, List.of(), DOMAINS, List.of(), List.of(boxes), null);
    }

    @Test
    void aliasComesFromTheNameWithoutSpaces() {
        assertThat(Mailbox.deriveAlias("Kim Akers")).isEqualTo("KimAkers");
        assertThat(Mailbox.deriveAlias("Jörg Müller")).isEqualTo("J?rgM?ller");
        assertThat(Mailbox.deriveAlias(".a..b/c.")).isEqualTo("a.b?c");
        assertThatThrownBy(() -> Mailbox.deriveAlias("   ")).hasMessageContaining("\"   \"");
    }

    @Test
    void maildirFolderIsTheLowerCaseAlias() {
        Mailbox m = Mailbox.create("Kim Akers", "Kim Akers", "kim@contoso.com", List.of(), NOW);
        assertThat(m.maildirFolderName()).isEqualTo("kimakers");
    }

    @Test
    void primaryIsFirstAndProxyPrefixesFollowExchange() {
        Mailbox m = Mailbox.create("Kim", "Kim", "Kim@contoso.com",
                List.of("kim.akers@contoso.com", "KIM@contoso.com"), NOW);
        assertThat(m.emailAddresses()).containsExactly("Kim@contoso.com",
                "kim.akers@contoso.com");
        assertThat(m.proxyAddresses()).containsExactly("SMTP:Kim@contoso.com",
                "smtp:kim.akers@contoso.com");
        Mailbox moved = m.withPrimarySmtpAddress("kim.akers@contoso.com", NOW);
        assertThat(moved.proxyAddresses()).containsExactly("SMTP:kim.akers@contoso.com",
                "smtp:Kim@contoso.com");
    }

    @Test
    void lookupByAnyAddressIgnoresCase() {
        Mailbox m = Mailbox.create("Kim", "Kim", "kim@contoso.com",
                List.of("ka@contoso.com"), NOW);
        Configuration c = with(m);
        assertThat(c.mailboxByAddress("KA@Contoso.COM")).hasValue(m);
        assertThat(c.mailboxByAddress("kim@contoso.com")).hasValue(m);
        assertThat(c.mailboxByAddress("nobody@contoso.com")).isEmpty();
        assertThat(c.mailbox("KIM")).hasValue(m);
    }

    @Test
    void addressUsedByAnotherMailboxIsRefusedNamingBoth() {
        Mailbox kim = Mailbox.create("Kim", "Kim", "kim@contoso.com", List.of("k@contoso.com"),
                NOW);
        Mailbox other = Mailbox.create("Other", "Other", "other@contoso.com",
                List.of("K@contoso.com"), NOW);
        assertThatThrownBy(() -> MailboxRules.check(other, with(kim, other)))
                .hasMessageContaining("\"K@contoso.com\"").hasMessageContaining("\"Kim\"");
    }

    @Test
    void sameNameOrAliasIsRefused() {
        Mailbox a = Mailbox.create("Kim Akers", "Kim", "kim@contoso.com", List.of(), NOW);
        Mailbox b = Mailbox.create("KimAkers", "Kim", "kim2@contoso.com", List.of(), NOW);
        assertThatThrownBy(() -> MailboxRules.check(b, with(a, b)))
                .hasMessageContaining("alias \"KimAkers\"").hasMessageContaining("\"Kim Akers\"");
    }

    @Test
    void addressesMustBeInAuthoritativeOrInternalRelayDomains() {
        Mailbox ok = Mailbox.create("A", "A", "a@contoso.com", List.of("a@x.shared.example"),
                NOW);
        assertThatCode(() -> MailboxRules.checkDomains(ok, with(ok)))
                .doesNotThrowAnyException();
        Mailbox foreign = Mailbox.create("B", "B", "b@fabrikam.com", List.of(), NOW);
        assertThatThrownBy(() -> MailboxRules.checkDomains(foreign, with(foreign)))
                .hasMessageContaining("\"b@fabrikam.com\"")
                .hasMessageContaining("isn't an accepted domain");
        Mailbox relayed = Mailbox.create("C", "C", "c@contoso.com", List.of("c@relayed.example"),
                NOW);
        assertThatThrownBy(() -> MailboxRules.checkDomains(relayed, with(relayed)))
                .hasMessageContaining("\"c@relayed.example\"")
                .hasMessageContaining("ExternalRelay");
    }

    @Test
    void malformedAddressesAreRefusedByName() {
        for (String bad : List.of("kim", "@contoso.com", "kim@", "kim..a@contoso.com",
                "kim@contoso..com", "k im@contoso.com")) {
            assertThatThrownBy(() -> MailboxRules.checkAddress(bad))
                    .hasMessageContaining("\"" + bad + "\"");
        }
        assertThatCode(() -> MailboxRules.checkAddress("kim.akers+tag@mail.contoso.com"))
                .doesNotThrowAnyException();
    }

    @Test
    void transportServiceDefaultsAreExchangesAndRangesNameTheValue() {
        TransportService t = TransportService.defaults("EX01");
        assertThat(TimeSpans.format(t.transientFailureRetryInterval())).isEqualTo("00:05:00");
        assertThat(TimeSpans.format(t.outboundConnectionFailureRetryInterval()))
                .isEqualTo("00:10:00");
        assertThat(TimeSpans.format(t.messageExpirationTimeout())).isEqualTo("2.00:00:00");
        assertThat(TimeSpans.format(t.delayNotificationTimeout())).isEqualTo("04:00:00");
        assertThat(TimeSpans.format(t.messageRetryInterval())).isEqualTo("00:15:00");
        assertThat(t.transientFailureRetryCount()).isEqualTo(6);
        assertThat(t.maxOutboundConnections().toString()).isEqualTo("1000");
        assertThat(t.maxPerDomainOutboundConnections().toString()).isEqualTo("20");
        assertThatCode(() -> TransportServiceRules.check(t)).doesNotThrowAnyException();
        assertThatThrownBy(() -> TransportServiceRules.check(t.withTransientFailureRetryCount(16)))
                .hasMessageContaining("TransientFailureRetryCount value \"16\"");
        assertThatThrownBy(() -> TransportServiceRules.check(
                t.withMessageExpirationTimeout(TimeSpans.parse("91.00:00:00"))))
                .hasMessageContaining("\"91.00:00:00\"").hasMessageContaining("90.00:00:00");
        assertThatThrownBy(() -> TransportServiceRules.check(
                t.withMaxPerDomainOutboundConnections(Unlimited.of(0))))
                .hasMessageContaining("MaxPerDomainOutboundConnections value \"0\"");
    }
}
