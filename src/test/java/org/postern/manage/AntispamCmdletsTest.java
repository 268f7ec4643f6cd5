package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.config.AntispamConfig;
import org.postern.config.ConfigFile;

class AntispamCmdletsTest extends LiveConfigTest {

    private String shell(String script) {
        return ok(script).stdout();
    }

    @Test
    void senderFilterListsTakeValuesAndAddRemoveAndAreKeptInTheFile() throws Exception {
        shell("Set-SenderFilterConfig -BlockedSenders a@fabrikam.com,B@Fabrikam.com"
                + " -BlockedDomains spam.example");
        shell("Set-SenderFilterConfig -BlockedSenders @{Add='c@fabrikam.com';"
                + " Remove='a@fabrikam.com'} -BlockedDomainsAndSubdomains junk.example");
        AntispamConfig.SenderFilter f = repo.current().antispam().senderFilter();
        assertThat(f.blockedSenders()).containsExactly("b@fabrikam.com", "c@fabrikam.com");
        assertThat(f.blockedDomains()).containsExactly("spam.example");
        assertThat(f.blockedDomainsAndSubdomains()).containsExactly("junk.example");
        assertThat(new ConfigFile(dir).read().antispam().senderFilter()).isEqualTo(f);
        assertThat(shell("Get-SenderFilterConfig")).contains(
                "BlockedSenders               : {b@fabrikam.com, c@fabrikam.com}",
                "Enabled                      : True");
    }

    @Test
    void aBadBlockedSenderIsRefusedByValueAndNothingChanges() {
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SenderFilterConfig",
                "BlockedSenders", "not-an-address")).hasMessageContaining("not-an-address");
        assertThat(repo.current().antispam()).isEqualTo(AntispamConfig.defaults());
    }

    @Test
    void recipientFilterDefaultsAreExchangesAndSetChangesThem() {
        assertThat(shell("Get-RecipientFilterConfig")).contains(
                "RecipientValidationEnabled : False", "BlockListEnabled           : False",
                "Enabled                    : True");
        shell("Set-RecipientFilterConfig -RecipientValidationEnabled $true"
                + " -BlockedRecipients old@contoso.com -BlockListEnabled $true");
        AntispamConfig.RecipientFilter f = repo.current().antispam().recipientFilter();
        assertThat(f.recipientValidationEnabled()).isTrue();
        assertThat(f.blockedRecipients()).containsExactly("old@contoso.com");
    }

    @Test
    void senderIdDefaultsAreExchangesAndSetChangesThemAndKeepsThemInTheFile()
            throws Exception {
        assertThat(shell("Get-SenderIdConfig")).contains(
                "SpoofedDomainAction   : StampStatus", "TempErrorAction       : StampStatus",
                "BypassedSenderDomains : {}", "Name                  : SenderIdConfig",
                "Enabled               : True");
        shell("Set-SenderIdConfig -SpoofedDomainAction Reject -TempErrorAction Reject"
                + " -BypassedSenderDomains Partner.Example");
        shell("Set-SenderIdConfig -BypassedSenderDomains @{Add='other.example'}");
        AntispamConfig.SenderId c = repo.current().antispam().senderId();
        assertThat(c.spoofedDomainAction()).isEqualTo(AntispamConfig.SenderIdAction.Reject);
        assertThat(c.tempErrorAction()).isEqualTo(AntispamConfig.SenderIdAction.Reject);
        assertThat(c.bypassedSenderDomains()).containsExactly("partner.example",
                "other.example");
        assertThat(new ConfigFile(dir).read().antispam().senderId()).isEqualTo(c);
        assertThat(shell("Get-SenderIdConfig")).contains(
                "SpoofedDomainAction   : Reject",
                "BypassedSenderDomains : {partner.example, other.example}");
    }

    @Test
    void senderIdDeleteAndUnknownActionsAreRefusedByValueAndNothingChanges() {
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SenderIdConfig",
                "SpoofedDomainAction", "Delete")).hasMessageContaining("Delete")
                .hasMessageContaining("StampStatus or Reject");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SenderIdConfig",
                "TempErrorAction", "Quarantine")).hasMessageContaining("Quarantine");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SenderIdConfig",
                "BypassedSenderDomains", "not a domain")).hasMessageContaining("not a domain");
        assertThat(repo.current().antispam()).isEqualTo(AntispamConfig.defaults());
    }

    @Test
    void ipBlockListEntriesAreNumberedListedAndRemovedByNumber() {
        String added = shell("Add-IPBlockListEntry -IPAddress 192.0.2.1 -Comment 'one'");
        assertThat(added).contains("Identity").contains("192.0.2.1").contains("one");
        shell("Add-IPBlockListEntry -IPRange 198.51.100.0/24");
        assertThat(repo.current().antispam().blockList()).extracting(e -> e.identity())
                .containsExactly(1, 2);
        assertThat(shell("(Get-IPBlockListEntry -IPAddress 198.51.100.7).Identity"))
                .isEqualTo("2\n");
        shell("Remove-IPBlockListEntry 1 -Confirm:$false");
        assertThat(repo.current().antispam().blockList()).extracting(e -> e.identity())
                .containsExactly(2);
        assertThat(repo.current().antispam().allowList()).isEmpty();
    }

    @Test
    void anEntryNeedsExactlyOneOfIpAddressAndIpRange() {
        assertThatThrownBy(() -> DirectRun.run(repo, "Add-IPAllowListEntry"))
                .hasMessageContaining("-IPAddress or -IPRange");
        assertThatThrownBy(() -> DirectRun.run(repo, "Add-IPAllowListEntry", "IPAddress",
                "10.0.0.0/8")).hasMessageContaining("single address");
        assertThatThrownBy(() -> DirectRun.run(repo, "Add-IPAllowListEntry", "IPRange",
                "10.0.0.300")).hasMessageContaining("10.0.0.300");
    }

    @Test
    void providersAreAddedWithPrioritiesChangedAndRemoved() {
        shell("Add-IPBlockListProvider -Name Zen -LookupDomain zen.dnsbl.example"
                + " -RejectionResponse 'Listed at Zen'");
        shell("Add-IPBlockListProvider Second -LookupDomain b.example");
        List<AntispamConfig.BlockListProvider> p = repo.current().antispam().providers();
        assertThat(p).extracting(x -> x.priority()).containsExactly(1, 2);
        assertThat(shell("Get-IPBlockListProvider")).contains("Zen", "zen.dnsbl.example");
        shell("Set-IPBlockListProvider Second -Enabled $false");
        assertThat(repo.current().antispam().provider("second").orElseThrow().enabled())
                .isFalse();
        assertThatThrownBy(() -> DirectRun.run(repo, "Add-IPBlockListProvider", "Name", "x",
                "LookupDomain", "bad domain")).hasMessageContaining("bad domain");
        shell("Remove-IPBlockListProvider Zen -Confirm:$false");
        assertThat(repo.current().antispam().providers()).extracting(x -> x.name())
                .containsExactly("Second");
    }
}
