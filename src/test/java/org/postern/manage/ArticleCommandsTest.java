package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postern.config.ReceiveConnectorSchema.AUTH_MECHANISM;
import static org.postern.config.ReceiveConnectorSchema.BINDINGS;
import static org.postern.config.ReceiveConnectorSchema.REMOTE_IP_RANGES;
import static org.postern.config.ReceiveConnectorSchema.TRANSPORT_ROLE;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.ConfigFile;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.ReceiveConnector;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.shell.ExecutionResult;
import org.postern.shell.Shell;

/**
 * The commands of the article "Allow anonymous relay on Exchange servers", verbatim, through
 * the shell engine and Postern's Exchange cmdlets on a configuration in a temporary directory,
 * with the text EMS prints.
 */
class ArticleCommandsTest {

    private static final String NEW = "New-ReceiveConnector -Name \"Anonymous Relay\""
            + " -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges"
            + " 192.168.5.10,192.168.5.11";

    @TempDir
    Path dir;

    ConfigRepository repo;
    Shell shell;

    @BeforeEach
    void setUp() throws Exception {
        ConfigFile file = new ConfigFile(dir);
        Configuration initial = Setup.initial(new ServerIdentity("EX01", "ex01.contoso.com",
                "CONTOSO"), "contoso.com", 0, Instant.parse("2024-01-01T00:00:00Z"));
        file.write(initial);
        repo = new ConfigRepository(file, initial);
        shell = ManagementShell.session(repo);
    }

    private String ok(String script) {
        ExecutionResult r = shell.run(script);
        assertThat(r.stderr()).as(script).isEmpty();
        assertThat(r.success()).as(script).isTrue();
        return r.stdout();
    }

    private ReceiveConnector relay() {
        return repo.current().receiveConnector("Anonymous Relay").orElseThrow();
    }

    @Test
    void step1CreatesTheConnectorAndPrintsItInTheDefaultView() {
        assertThat(ok(NEW)).isEqualTo("\n"
                + "Identity             Bindings     Enabled\n"
                + "--------             --------     -------\n"
                + "EX01\\Anonymous Relay {0.0.0.0:25} True   \n"
                + "\n\n");
        ReceiveConnector c = relay();
        assertThat(c.get(REMOTE_IP_RANGES).toString()).isEqualTo("[192.168.5.10, 192.168.5.11]");
        assertThat(c.get(BINDINGS).toString()).isEqualTo("[0.0.0.0:25]");
        assertThat(c.get(TRANSPORT_ROLE).toString()).isEqualTo("FrontendTransport");
    }

    @Test
    void method1AnonymousUsersAndTheAcceptAnyRecipientRight() {
        ok(NEW);
        assertThat(ok("Set-ReceiveConnector \"Anonymous Relay\" -PermissionGroups"
                + " AnonymousUsers")).isEmpty();
        String added = ok("Get-ReceiveConnector \"Anonymous Relay\" | Add-ADPermission -User"
                + " \"NT AUTHORITY\\ANONYMOUS LOGON\" -ExtendedRights"
                + " \"Ms-Exch-SMTP-Accept-Any-Recipient\"");
        assertThat(added).contains("EX01\\Anonymous Relay NT AUTHORITY\\ANONYMOUS LOGON False"
                + " False     {ms-Exch-SMTP-Accept-Any-Recipient}");
        assertThat(ok("Get-ADPermission \"Anonymous Relay\" -User \"NT AUTHORITY\\ANONYMOUS"
                + " LOGON\" | where {($_.Deny -eq $false) -and ($_.IsInherited -eq $false)} |"
                + " Format-Table User,ExtendedRights")).isEqualTo("\n"
                + "User                         ExtendedRights                                   \n"
                + "----                         --------------                                   \n"
                + "NT AUTHORITY\\ANONYMOUS LOGON "
                + "{ms-Exch-SMTP-Submit}                            \n"
                + "NT AUTHORITY\\ANONYMOUS LOGON "
                + "{ms-Exch-SMTP-Accept-Any-Sender}                 \n"
                + "NT AUTHORITY\\ANONYMOUS LOGON "
                + "{ms-Exch-SMTP-Accept-Authoritative-Domain-Sender}\n"
                + "NT AUTHORITY\\ANONYMOUS LOGON "
                + "{ms-Exch-Accept-Headers-Routing}                 \n"
                + "NT AUTHORITY\\ANONYMOUS LOGON "
                + "{ms-Exch-SMTP-Accept-Any-Recipient}              \n"
                + "\n\n");
        assertThat(ok("(Get-ReceiveConnector \"Anonymous Relay\").PermissionGroups"))
                .isEqualTo("AnonymousUsers, Custom\n");
    }

    @Test
    void method2ExternallySecured() {
        ok(NEW);
        ok("Set-ReceiveConnector \"Anonymous Relay\" -AuthMechanism ExternalAuthoritative"
                + " -PermissionGroups ExchangeServers");
        assertThat(relay().get(AUTH_MECHANISM).toString()).contains("ExternalAuthoritative");
        assertThat(ok("Get-ReceiveConnector \"Anonymous Relay\" | Format-List"
                + " Enabled,TransportRole,Bindings,RemoteIPRanges")).isEqualTo("\n\n"
                + "Enabled        : True\n"
                + "TransportRole  : FrontendTransport\n"
                + "Bindings       : {0.0.0.0:25}\n"
                + "RemoteIPRanges : {192.168.5.10, 192.168.5.11}\n"
                + "\n\n\n");
        String table = ok("Get-ADPermission \"Anonymous Relay\" -User \"MS Exchange\\Externally"
                + " Secured Servers\" | where {($_.Deny -eq $false) -and ($_.IsInherited -eq"
                + " $false)} | Format-Table User,ExtendedRights");
        assertThat(table).startsWith("\nUser                                   ExtendedRights");
        assertThat(table).contains("MS Exchange\\Externally Secured Servers"
                + " {ms-Exch-SMTP-Accept-Any-Recipient}")
                .contains("{ms-Exch-Bypass-Anti-Spam}").contains("{ms-Exch-SMTP-Accept-Exch50}");
        assertThat(table.lines().filter(l -> l.startsWith("MS Exchange"))).hasSize(9);
    }

    @Test
    void aMissingConnectorIsAnExchangeErrorAndTheScriptGoesOn() {
        ExecutionResult r = shell.run("Get-ReceiveConnector \"Anonymous Relay\"; 'next'");
        assertThat(r.success()).isFalse();
        assertThat(r.stdout()).isEqualTo("next\n");
        assertThat(r.stderr()).startsWith("The operation couldn't be performed because object"
                + " 'Anonymous Relay' couldn't be found on 'ex01.contoso.com'.\n"
                + "    + CategoryInfo          : NotSpecified: (:) [Get-ReceiveConnector],"
                + " ManagementObjectNotFoundException\n"
                + "    + FullyQualifiedErrorId : [Server=EX01,RequestId=")
                .endsWith("    + PSComputerName        : ex01.contoso.com\n \n");
        assertThat(r.stderr().replaceAll("\n +", "")).contains("SystemConfigurationTasks"
                + ".GetReceiveConnector");
    }

    @Test
    void removeProceedsWithoutAConsoleAndWhatIfOnlyTells() {
        ok(NEW);
        assertThat(ok("Remove-ReceiveConnector \"Anonymous Relay\" -WhatIf")).isEqualTo(
                "What if: Removing Receive connector \"EX01\\Anonymous Relay\".\n");
        assertThat(repo.current().receiveConnector("Anonymous Relay")).isPresent();
        assertThat(ok("Remove-ReceiveConnector \"Anonymous Relay\"")).isEmpty();
        assertThat(repo.current().receiveConnector("Anonymous Relay")).isEmpty();
    }

    @Test
    void aStringWhereABooleanBelongsIsRefusedLocally() {
        ExecutionResult r = shell.run("Set-ReceiveConnector \"Default EX01\" -Enabled False");
        assertThat(r.success()).isFalse();
        assertThat(r.stderr()).startsWith("Set-ReceiveConnector : Cannot process argument"
                + " transformation on parameter 'Enabled'.")
                .contains("ParameterArgumentTransformationError,Set-ReceiveConnector");
    }

    @Test
    void pipingEveryConnectorChangesEach() {
        ok("Get-ReceiveConnector | Set-ReceiveConnector -MaxRecipientsPerMessage 300"
                + " -WarningAction SilentlyContinue");
        assertThat(ok("Get-ReceiveConnector | ? MaxRecipientsPerMessage -ne 300 | % Name"))
                .isEmpty();
        assertThat(ok("\"$(Get-ReceiveConnector 'Default EX01')\"")).isEqualTo(
                "EX01\\Default EX01\n");
    }
}
