package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.config.AcceptedDomain;
import org.postern.config.DomainType;
import org.postern.config.Mailbox;
import org.postern.shell.PsObject;
import org.postern.shell.View;

class MailboxCmdletsTest extends LiveConfigTest {

    @BeforeEach
    void setUp() {
        repo.update(c -> {
            List<AcceptedDomain> d = new java.util.ArrayList<>(c.acceptedDomains());
            d.add(new AcceptedDomain("Shared", "shared.example", DomainType.InternalRelay, false));
            d.add(new AcceptedDomain("Relayed", "relayed.example", DomainType.ExternalRelay,
                    false));
            return c.withAcceptedDomains(d);
        });
    }

    private Mailbox mailbox(String name) {
        return repo.current().mailbox(name).orElseThrow();
    }

    @Test
    void newMailboxPrintsInExchangesTableViewWithUnlimitedQuota() {
        DirectRun r = DirectRun.run(repo, "New-Mailbox", "Name", "Kim Akers", "DisplayName",
                "Kim Akers (Sales)", "PrimarySmtpAddress", "kim@contoso.com");
        PsObject o = (PsObject) r.output.get(0);
        assertThat(o.view().columns()).containsExactly(new View.Column("Name", "Name", 25),
                new View.Column("Alias", "Alias", 20),
                new View.Column("ServerName", "ServerName", 16),
                new View.Column("ProhibitSendQuota", "ProhibitSendQuota", 0));
        assertThat(o.get("Alias")).isEqualTo("KimAkers");
        assertThat(o.get("ServerName")).isEqualTo("ex01");
        assertThat(o.get("ProhibitSendQuota")).isEqualTo("Unlimited");
        assertThat(o.get("EmailAddresses")).isEqualTo(List.of("SMTP:kim@contoso.com"));
        assertThat(mailbox("Kim Akers").maildirFolderName()).isEqualTo("kimakers");
    }

    @Test
    void primaryAddressDefaultsToAliasAtTheDefaultDomain() {
        DirectRun.run(repo, "New-Mailbox", "Name", "Pat Coleman");
        Mailbox m = mailbox("Pat Coleman");
        assertThat(m.primarySmtpAddress()).isEqualTo("PatColeman@contoso.com");
        assertThat(m.displayName()).isEqualTo("Pat Coleman");
    }

    @Test
    void addressesMustBeInAuthoritativeOrInternalRelayDomains() {
        DirectRun.run(repo, "New-Mailbox", "Name", "A", "PrimarySmtpAddress", "a@shared.example");
        assertThatThrownBy(() -> DirectRun.run(repo, "New-Mailbox", "Name", "B",
                "PrimarySmtpAddress", "b@fabrikam.com"))
                .hasMessageContaining("\"b@fabrikam.com\"")
                .hasMessageContaining("isn't an accepted domain");
        assertThatThrownBy(() -> DirectRun.run(repo, "New-Mailbox", "Name", "C",
                "PrimarySmtpAddress", "c@relayed.example"))
                .hasMessageContaining("ExternalRelay");
        assertThat(repo.current().mailboxes()).hasSize(1);
    }

    @Test
    void anAddressOfAnotherMailboxIsRefusedNamingIt() {
        DirectRun.run(repo, "New-Mailbox", "Name", "Kim", "PrimarySmtpAddress",
                "kim@contoso.com", "EmailAddresses", List.of("smtp:sales@contoso.com"));
        assertThatThrownBy(() -> DirectRun.run(repo, "New-Mailbox", "Name", "Pat",
                "PrimarySmtpAddress", "Sales@Contoso.com"))
                .hasMessageContaining("\"Sales@Contoso.com\"").hasMessageContaining("\"Kim\"");
        DirectRun.run(repo, "New-Mailbox", "Name", "Pat", "PrimarySmtpAddress",
                "pat@contoso.com");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-Mailbox", "Identity", "Pat",
                "EmailAddresses", Map.of("Add", "smtp:KIM@contoso.com")))
                .hasMessageContaining("\"Kim\"");
    }

    @Test
    void setMailboxEmailAddressesReplacesOrAddsAndRemoves() {
        DirectRun.run(repo, "New-Mailbox", "Name", "Kim", "PrimarySmtpAddress",
                "kim@contoso.com");
        DirectRun.run(repo, "Set-Mailbox", "Identity", "kim@contoso.com", "EmailAddresses",
                Map.of("Add", List.of("ka@contoso.com", "kim@shared.example")));
        assertThat(mailbox("Kim").proxyAddresses()).containsExactly("SMTP:kim@contoso.com",
                "smtp:ka@contoso.com", "smtp:kim@shared.example");
        DirectRun.run(repo, "Set-Mailbox", "Identity", "Kim", "EmailAddresses",
                Map.of("Add", "SMTP:kim.akers@contoso.com", "Remove", "ka@contoso.com"));
        assertThat(mailbox("Kim").primarySmtpAddress()).isEqualTo("kim.akers@contoso.com");
        assertThat(mailbox("Kim").emailAddresses()).containsExactlyInAnyOrder(
                "kim.akers@contoso.com", "kim@contoso.com", "kim@shared.example");
        DirectRun.run(repo, "Set-Mailbox", "Identity", "Kim", "EmailAddresses",
                List.of("smtp:k@contoso.com", "SMTP:kim@contoso.com"));
        assertThat(mailbox("Kim").proxyAddresses()).containsExactly("SMTP:kim@contoso.com",
                "smtp:k@contoso.com");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-Mailbox", "Identity", "Kim",
                "EmailAddresses", Map.of("Remove", "kim@contoso.com")))
                .hasMessageContaining("primary");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-Mailbox", "Identity", "Kim",
                "EmailAddresses", List.of("SMTP:a@contoso.com", "SMTP:b@contoso.com")))
                .hasMessageContaining("only one address can be the primary");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-Mailbox", "Identity", "Kim",
                "EmailAddresses", "X500:/o=Contoso"))
                .hasMessageContaining("SMTP addresses only");
    }

    @Test
    void setPrimaryKeepsTheOldAddressAndDisplayNameChanges() {
        DirectRun.run(repo, "New-Mailbox", "Name", "Kim", "PrimarySmtpAddress",
                "kim@contoso.com");
        DirectRun.run(repo, "Set-Mailbox", "Identity", "Kim", "PrimarySmtpAddress",
                "kim.akers@contoso.com", "DisplayName", "Kim Akers");
        Mailbox m = mailbox("Kim");
        assertThat(m.proxyAddresses()).containsExactly("SMTP:kim.akers@contoso.com",
                "smtp:kim@contoso.com");
        assertThat(m.displayName()).isEqualTo("Kim Akers");
        assertThat(repo.current().mailboxByAddress("KIM@contoso.com")).hasValue(m);
        assertThat(DirectRun.run(repo, "Set-Mailbox", "Identity", "Kim", "DisplayName",
                "Kim Akers").warnings).singleElement().asString()
                .contains("no settings of 'Kim'");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-Mailbox", "Identity", "Kim",
                "PrimarySmtpAddress", "a@contoso.com", "EmailAddresses", "b@contoso.com"))
                .hasMessageContaining("can't be used together");
    }

    @Test
    void getFindsByNameAliasAddressAndWildcardAndRemoveDeletes() {
        DirectRun.run(repo, "New-Mailbox", "Name", "Kim Akers", "PrimarySmtpAddress",
                "kim@contoso.com");
        DirectRun.run(repo, "New-Mailbox", "Name", "Kim Abercrombie", "PrimarySmtpAddress",
                "kima@contoso.com");
        assertThat(DirectRun.run(repo, "Get-Mailbox").output).hasSize(2);
        assertThat(DirectRun.run(repo, "Get-Mailbox", "Identity", "Kim*").output).hasSize(2);
        assertThat(DirectRun.run(repo, "Get-Mailbox", "Identity", "KimAkers").output).hasSize(1);
        assertThat(DirectRun.run(repo, "Get-Mailbox", "Identity", "KIMA@contoso.com").output)
                .singleElement().extracting(o -> ((PsObject) o).get("Name"))
                .isEqualTo("Kim Abercrombie");
        assertThat(DirectRun.run(repo, "Get-Mailbox", "Identity", "nobody").errors).hasSize(1);
        assertThat(DirectRun.whatIf(repo, "Remove-Mailbox", "Identity", "Kim Akers").whatIf)
                .containsExactly("Removing mailbox \"Kim Akers\".");
        DirectRun.run(repo, "Remove-Mailbox", "Identity", "Kim Akers");
        assertThat(repo.current().mailboxes()).extracting(Mailbox::name)
                .containsExactly("Kim Abercrombie");
    }

    @Test
    void sameAliasIsRefusedAndAnExplicitAliasAvoidsIt() {
        DirectRun.run(repo, "New-Mailbox", "Name", "Kim Akers", "PrimarySmtpAddress",
                "kim@contoso.com");
        assertThatThrownBy(() -> DirectRun.run(repo, "New-Mailbox", "Name", "KimAkers",
                "PrimarySmtpAddress", "k2@contoso.com"))
                .hasMessageContaining("alias \"KimAkers\"");
        DirectRun.run(repo, "New-Mailbox", "Name", "KimAkers", "Alias", "kim2",
                "PrimarySmtpAddress", "k2@contoso.com");
        assertThat(mailbox("KimAkers").maildirFolderName()).isEqualTo("kim2");
        assertThatThrownBy(() -> DirectRun.run(repo, "New-Mailbox", "Name", "X", "Alias",
                "a/b")).hasMessageContaining("\"a/b\"");
    }
}
