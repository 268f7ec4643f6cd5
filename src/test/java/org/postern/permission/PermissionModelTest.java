package org.postern.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postern.permission.ExtendedRight.*;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Permission groups, principals and rights (fact sheet sections (b) and (d)). */
class PermissionModelTest {

    private static final String DOMAIN = "CONTOSO";

    private static Acl groups(PermissionGroup... g) {
        return Acl.empty().withGroups(List.of(g), DOMAIN);
    }

    @Test
    @DisplayName("AnonymousUsers gives ANONYMOUS LOGON exactly the four rights of Default Frontend")
    void anonymousUsers() {
        assertThat(groups(PermissionGroup.AnonymousUsers)
                .effectiveRights(List.of(Principal.ANONYMOUS_LOGON)))
                .containsExactlyInAnyOrder(SMTP_SUBMIT, SMTP_ACCEPT_ANY_SENDER,
                        SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER, ACCEPT_HEADERS_ROUTING);
    }

    @Test
    @DisplayName("method 1: AnonymousUsers plus an explicit Accept-Any-Recipient makes the five "
            + "relay rights, and Custom")
    void articleMethodOne() {
        Acl acl = groups(PermissionGroup.AnonymousUsers).with(new AccessEntry(
                Principal.ANONYMOUS_LOGON, SMTP_ACCEPT_ANY_RECIPIENT, false, null));
        assertThat(acl.effectiveRights(List.of(Principal.ANONYMOUS_LOGON)))
                .containsExactlyInAnyOrder(SMTP_SUBMIT, SMTP_ACCEPT_ANY_RECIPIENT,
                        SMTP_ACCEPT_ANY_SENDER, SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER,
                        ACCEPT_HEADERS_ROUTING);
        assertThat(acl.displayGroups()).containsExactly(PermissionGroup.AnonymousUsers,
                PermissionGroup.Custom);
        assertThat(acl.storedGroups()).containsExactly(PermissionGroup.AnonymousUsers);
    }

    @Test
    @DisplayName("method 2: ExchangeServers gives Externally Secured Servers the nine rights, no "
            + "org/forest headers")
    void articleMethodTwo() {
        Acl acl = groups(PermissionGroup.ExchangeServers);
        assertThat(acl.effectiveRights(List.of(Principal.EXTERNALLY_SECURED_SERVERS)))
                .containsExactlyInAnyOrder(ACCEPT_HEADERS_ROUTING, BYPASS_ANTI_SPAM,
                        BYPASS_MESSAGE_SIZE_LIMIT, SMTP_ACCEPT_ANY_RECIPIENT,
                        SMTP_ACCEPT_ANY_SENDER, SMTP_ACCEPT_AUTHENTICATION_FLAG,
                        SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER, SMTP_ACCEPT_EXCH50, SMTP_SUBMIT);
        assertThat(acl.effectiveRights(List.of(Principal.ANONYMOUS_LOGON))).isEmpty();
        assertThat(acl.displayGroups()).containsExactly(PermissionGroup.ExchangeServers);
        assertThat(acl.effectiveRights(List.of(Principal.exchangeServers(DOMAIN))))
                .contains(ACCEPT_HEADERS_ORGANIZATION, ACCEPT_HEADERS_FOREST);
    }

    @Test
    @DisplayName("an explicit deny wins over the allow of a group")
    void denyWins() {
        Acl acl = groups(PermissionGroup.AnonymousUsers).with(new AccessEntry(
                Principal.ANONYMOUS_LOGON, SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER, true, null));
        assertThat(acl.effectiveRights(List.of(Principal.ANONYMOUS_LOGON)))
                .doesNotContain(SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER).contains(SMTP_SUBMIT);
        assertThat(acl.explain(List.of(Principal.ANONYMOUS_LOGON))
                .get(SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER).deniedBy()).hasSize(1);
        // ExchangeLegacyServers writes its own denies on org and forest headers
        Acl legacy = groups(PermissionGroup.ExchangeLegacyServers);
        assertThat(legacy.effectiveRights(List.of(Principal.exchangeLegacyInterop(DOMAIN))))
                .doesNotContain(ACCEPT_HEADERS_ORGANIZATION, ACCEPT_HEADERS_FOREST)
                .contains(SMTP_SUBMIT, SMTP_ACCEPT_ANY_RECIPIENT);
    }

    @Test
    @DisplayName("re-setting PermissionGroups keeps explicit entries and Custom; no group, no "
            + "rights")
    void regroupingKeepsExplicitEntries() {
        Acl acl = groups(PermissionGroup.AnonymousUsers).with(new AccessEntry(
                Principal.ANONYMOUS_LOGON, SMTP_ACCEPT_ANY_RECIPIENT, false, null));
        Acl none = acl.withGroups(EnumSet.noneOf(PermissionGroup.class), DOMAIN);
        assertThat(none.effectiveRights(List.of(Principal.ANONYMOUS_LOGON)))
                .containsExactly(SMTP_ACCEPT_ANY_RECIPIENT);
        assertThat(none.displayGroups()).containsExactly(PermissionGroup.Custom);
        assertThat(Acl.empty().displayGroups()).containsExactly(PermissionGroup.None);
        assertThat(Acl.empty().effectiveRights(List.of(Principal.ANONYMOUS_LOGON))).isEmpty();
    }

    @Test
    @DisplayName("the permission line of the protocol log names rights in Exchange's order")
    void protocolLogNamesInOrder() {
        StringBuilder sb = new StringBuilder();
        var rights = groups(PermissionGroup.ExchangeServers)
                .effectiveRights(List.of(Principal.EXTERNALLY_SECURED_SERVERS));
        for (ExtendedRight r : ExtendedRight.values()) {
            if (rights.contains(r) && r.logName() != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(r.logName());
            }
        }
        assertThat(sb).hasToString("SMTPSubmit SMTPAcceptAnyRecipient SMTPAcceptAuthenticationFlag"
                + " SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender BypassAntiSpam"
                + " BypassMessageSizeLimit SMTPAcceptEXCH50 AcceptRoutingHeaders");
    }
}
