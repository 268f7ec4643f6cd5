package org.postern.antispam;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postern.config.AntispamConfig;
import org.postern.config.AntispamConfig.BlockListProvider;
import org.postern.config.AntispamConfig.IpListEntry;
import org.postern.config.AntispamConfig.RecipientFilter;
import org.postern.config.AntispamConfig.SenderFilter;
import org.postern.config.DomainType;
import org.postern.config.IpRange;

class AgentDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");
    private static final Optional<DomainType> AUTH = Optional.of(DomainType.Authoritative);

    @Test
    void blockedSendersDomainsAndSubdomainsAreDeniedAtMail() {
        SenderFilter f = new SenderFilter(true, List.of("Spam@Fabrikam.com"),
                List.of("bad.example"), List.of("junk.example"));
        assertThat(SenderFilterAgent.check(f, "spam@FABRIKAM.com")).get()
                .satisfies(r -> {
                    assertThat(r.code()).isEqualTo(554);
                    assertThat(r.status()).isEqualTo("5.1.0");
                    assertThat(r.text()).isEqualTo("Sender Denied");
                    assertThat(r.agent()).isEqualTo("Sender Filter Agent");
                    assertThat(r.reason()).isEqualTo("blocked-sender");
                });
        assertThat(SenderFilterAgent.check(f, "x@bad.example")).get()
                .extracting(Rejection::reason).isEqualTo("blocked-domain");
        assertThat(SenderFilterAgent.check(f, "x@sub.bad.example")).isEmpty();
        assertThat(SenderFilterAgent.check(f, "x@a.b.junk.example")).get()
                .extracting(Rejection::reason).isEqualTo("blocked-domain-and-subdomains");
        assertThat(SenderFilterAgent.check(f, "x@notjunk.example")).isEmpty();
        assertThat(SenderFilterAgent.check(f, "other@fabrikam.com")).isEmpty();
        assertThat(SenderFilterAgent.check(f, null)).isEmpty();
        assertThat(SenderFilterAgent.check(f.withEnabled(false), "spam@fabrikam.com")).isEmpty();
    }

    @Test
    void recipientValidationRefusesOnlyMissingMailboxesOfAuthoritativeDomains() {
        RecipientFilter on = new RecipientFilter(true, true, false, List.of());
        assertThat(RecipientFilterAgent.check(on, "nobody@contoso.com", AUTH, false)).get()
                .satisfies(r -> {
                    assertThat(r.code()).isEqualTo(550);
                    assertThat(r.status()).isEqualTo("5.1.1");
                    assertThat(r.text()).isEqualTo("User unknown");
                    assertThat(r.reason()).isEqualTo("unknown-recipient");
                });
        assertThat(RecipientFilterAgent.check(on, "kim@contoso.com", AUTH, true)).isEmpty();
        assertThat(RecipientFilterAgent.check(on, "x@fabrikam.com",
                Optional.of(DomainType.InternalRelay), false)).isEmpty();
        assertThat(RecipientFilterAgent.check(on, "x@relay.test", Optional.empty(), false))
                .isEmpty();
        RecipientFilter off = RecipientFilter.defaults();
        assertThat(RecipientFilterAgent.check(off, "nobody@contoso.com", AUTH, false)).isEmpty();
    }

    @Test
    void blockedRecipientsNeedBlockListEnabled() {
        RecipientFilter f = new RecipientFilter(true, false, true, List.of("old@contoso.com"));
        assertThat(RecipientFilterAgent.check(f, "OLD@contoso.com", AUTH, true)).get()
                .extracting(Rejection::reason).isEqualTo("blocked-recipient");
        assertThat(RecipientFilterAgent.check(f.withBlockListEnabled(false), "old@contoso.com",
                AUTH, true)).isEmpty();
    }

    @Test
    void aBlockListEntryRejectsUnlessAnAllowEntryCoversTheClient() throws Exception {
        InetAddress client = InetAddress.getByName("127.0.0.10");
        AntispamConfig block = AntispamConfig.defaults().withBlockList(List.of(
                new IpListEntry(1, IpRange.parse("127.0.0.8/29"), null, "")));
        assertThat(ConnectionFilterAgent.check(block, client, NOW, Optional.empty())).get()
                .satisfies(r -> {
                    assertThat(r.code()).isEqualTo(550);
                    assertThat(r.status()).isEqualTo("5.7.1");
                    assertThat(r.text()).contains("127.0.0.10");
                    assertThat(r.agent()).isEqualTo("Connection Filtering Agent");
                });
        AntispamConfig allowed = block.withAllowList(List.of(
                new IpListEntry(1, IpRange.parse("127.0.0.10"), null, "")));
        assertThat(ConnectionFilterAgent.check(allowed, client, NOW, Optional.empty()))
                .isEmpty();
        assertThat(ConnectionFilterAgent.check(AntispamConfig.defaults(), client, NOW,
                Optional.empty())).isEmpty();
    }

    @Test
    void anExpiredEntryNoLongerApplies() throws Exception {
        InetAddress client = InetAddress.getByName("127.0.0.10");
        AntispamConfig c = AntispamConfig.defaults().withBlockList(List.of(new IpListEntry(1,
                IpRange.parse("127.0.0.10"), NOW.minusSeconds(1), "")));
        assertThat(ConnectionFilterAgent.check(c, client, NOW, Optional.empty())).isEmpty();
    }

    @Test
    void aProviderListingGivesItsRejectionResponseOrTheDefault() throws Exception {
        InetAddress client = InetAddress.getByName("127.0.0.10");
        BlockListProvider p = new BlockListProvider("Zen", UUID.randomUUID(), "zen.test", true,
                "Listed at Zen", 1);
        assertThat(ConnectionFilterAgent.check(AntispamConfig.defaults(), client, NOW,
                Optional.of(p))).get().extracting(Rejection::text).isEqualTo("Listed at Zen");
        assertThat(ConnectionFilterAgent.check(AntispamConfig.defaults(), client, NOW,
                Optional.of(p.withRejectionResponse("")))).get().extracting(Rejection::text)
                .isEqualTo(ConnectionFilterAgent.PROVIDER_TEXT);
    }

    @Test
    void theDnsblNameIsTheReversedAddressUnderTheZone() throws Exception {
        assertThat(Dnsbl.queryName((java.net.Inet4Address) InetAddress.getByName("127.0.0.10"),
                "zen.test").toString()).isEqualTo("10.0.0.127.zen.test.");
    }
}
