package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.admin.CompletionQuery;
import org.postern.admin.CompletionQuery.Kind;

/** What tab completion offers, from the registry and the live configuration. */
class CompletionsTest extends LiveConfigTest {

    private List<String> complete(Kind kind, String command, List<String> args, String prefix) {
        return new ManagementHost(repo, null, null).complete(
                new CompletionQuery(kind, command, args, prefix));
    }

    @Test
    void commandNamesByPrefixIgnoringCase() {
        assertThat(complete(Kind.COMMAND, null, null, "get-rece"))
                .containsExactly("Get-ReceiveConnector");
        assertThat(complete(Kind.COMMAND, null, null, "Test-"))
                .containsExactly("Test-ReceiveConnectorAccess");
        assertThat(complete(Kind.COMMAND, null, null, "New-")).contains("New-AcceptedDomain",
                "New-ReceiveConnector", "New-SendConnector");
        assertThat(complete(Kind.COMMAND, null, null, "Frobnicate")).isEmpty();
    }

    @Test
    void parametersOfTheCommandBeingTyped() {
        assertThat(complete(Kind.PARAMETER, "Set-ReceiveConnector", null, "Perm"))
                .containsExactly("-PermissionGroups");
        assertThat(complete(Kind.PARAMETER, "set-receiveconnector", null, "Max"))
                .startsWith("-MaxInboundConnection").contains("-MaxMessageSize");
        assertThat(complete(Kind.PARAMETER, "Remove-ReceiveConnector", null, ""))
                .contains("-Identity", "-WhatIf", "-Confirm", "-ErrorAction");
        assertThat(complete(Kind.PARAMETER, "Get-ReceiveConnector", null, "Zz")).isEmpty();
        assertThat(complete(Kind.PARAMETER, "Get-ReceiveConnector", null, "Wh")).isEmpty();
        assertThat(complete(Kind.PARAMETER, "Add-ADPermission", null, "F"))
                .containsExactly("-Force");
    }

    @Test
    void identitiesForTheFirstPositionAndForIdentity() {
        assertThat(complete(Kind.ARGUMENT, "Get-ReceiveConnector", List.of(), "def"))
                .containsExactly("Default EX01", "Default Frontend EX01");
        assertThat(complete(Kind.ARGUMENT, "Set-ReceiveConnector", List.of("-Identity"), "Cl"))
                .containsExactly("Client Frontend EX01", "Client Proxy EX01");
        assertThat(complete(Kind.ARGUMENT, "Get-AcceptedDomain", List.of(), ""))
                .containsExactly("contoso.com");
        assertThat(complete(Kind.ARGUMENT, "Get-ADPermission", List.of(), "Outbound"))
                .containsExactly("Outbound Proxy Frontend EX01");
    }

    @Test
    void valuesOfNamedParameters() {
        assertThat(complete(Kind.ARGUMENT, "Add-ADPermission",
                List.of("Relay", "-User"), "nt authority\\anon"))
                .containsExactly("NT AUTHORITY\\ANONYMOUS LOGON");
        assertThat(complete(Kind.ARGUMENT, "Add-ADPermission",
                List.of("Relay", "-User", "'NT AUTHORITY\\ANONYMOUS LOGON'", "-ExtendedRights"),
                "ms-Exch-SMTP-Accept-Any-R"))
                .containsExactly("ms-Exch-SMTP-Accept-Any-Recipient");
        assertThat(complete(Kind.ARGUMENT, "Set-ReceiveConnector",
                List.of("Relay", "-PermissionGroups"), "")).containsExactly("None",
                "AnonymousUsers", "ExchangeUsers", "ExchangeServers", "ExchangeLegacyServers",
                "Partners");
        assertThat(complete(Kind.ARGUMENT, "Set-ReceiveConnector",
                List.of("Relay", "-AuthMech"), "ext")).containsExactly("ExternalAuthoritative");
        assertThat(complete(Kind.ARGUMENT, "Set-ReceiveConnector",
                List.of("Relay", "-Auth"), "ext")).as("-Auth is ambiguous").isEmpty();
        assertThat(complete(Kind.ARGUMENT, "Set-ReceiveConnector",
                List.of("Relay", "-Enabled"), "")).containsExactly("$true", "$false");
        assertThat(complete(Kind.ARGUMENT, "Test-ReceiveConnectorAccess",
                List.of("127.0.0.1", "-LocalEndPoint"), "0.0.0.0:2"))
                .containsExactly("0.0.0.0:25", "0.0.0.0:2525");
    }

    @Test
    void aSwitchTakesNoValueSoTheNextWordIsPositional() {
        assertThat(complete(Kind.ARGUMENT, "Remove-ReceiveConnector",
                List.of("-WhatIf"), "Default F")).containsExactly("Default Frontend EX01");
        assertThat(complete(Kind.ARGUMENT, "New-ReceiveConnector",
                List.of("-Custom", "-TransportRole"), "Front"))
                .containsExactly("FrontendTransport");
        assertThat(complete(Kind.ARGUMENT, "Get-ReceiveConnector",
                List.of("'Default EX01'"), "")).isEmpty();
    }

    @Test
    void theNextValueOfAnArrayBelongsToTheSameParameter() {
        assertThat(complete(Kind.ARGUMENT, "Add-ADPermission", List.of("Relay", "-User", "x",
                "-ExtendedRights", "ms-Exch-SMTP-Submit,"), "ms-Exch-SMTP-Accept-Any-S"))
                .containsExactly("ms-Exch-SMTP-Accept-Any-Sender");
    }

    @Test
    void getHelpCompletesCommandNamesAndTheParametersOfTheCommandNamed() {
        assertThat(complete(Kind.ARGUMENT, "Get-Help", List.of(), "Set-ReceiveC"))
                .containsExactly("Set-ReceiveConnector");
        assertThat(complete(Kind.ARGUMENT, "Get-Help", List.of("Set-ReceiveConnector",
                "-Parameter"), "Remote")).containsExactly("RemoteIPRanges");
        assertThat(complete(Kind.ARGUMENT, "Get-Help", List.of("-Parameter", "x", "-Name",
                "'Remove-ReceiveConnector'", "-Parameter"), "")).containsExactly("Identity",
                "WhatIf", "Confirm");
        assertThat(complete(Kind.ARGUMENT, "help", List.of("New-Mailbox", "-Parameter"),
                "Dis")).containsExactly("DisplayName");
    }
}
