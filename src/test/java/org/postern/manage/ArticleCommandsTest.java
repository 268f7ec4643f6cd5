package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

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
 * the real shell engine and Postern's Exchange cmdlets on a configuration in a temporary
 * directory.
 */
class ArticleCommandsTest {

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

    private ExecutionResult ok(String script) {
        ExecutionResult r = shell.run(script);
        assertThat(r.success()).as("%s\nstdout:\n%s\nstderr:\n%s", script, r.stdout(), r.stderr())
                .isTrue();
        assertThat(r.stderr()).isEmpty();
        return r;
    }

    private ReceiveConnector relay() {
        return repo.current().receiveConnector("Anonymous Relay").orElseThrow();
    }

    @Test
    void newReceiveConnectorCreatesTheRelayConnector() {
        ExecutionResult r = ok("New-ReceiveConnector -Name \"Anonymous Relay\" -TransportRole"
                + " FrontendTransport -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges"
                + " 192.168.5.10,192.168.5.11");
        assertThat(r.stdout()).contains("EX01\\Anonymous Relay");
        ReceiveConnector c = relay();
        assertThat(c.get(org.postern.config.ReceiveConnectorSchema.REMOTE_IP_RANGES).toString())
                .isEqualTo("[192.168.5.10, 192.168.5.11]");
        assertThat(c.get(org.postern.config.ReceiveConnectorSchema.BINDINGS).toString())
                .isEqualTo("[0.0.0.0:25]");
        assertThat(c.get(org.postern.config.ReceiveConnectorSchema.TRANSPORT_ROLE).toString())
                .isEqualTo("FrontendTransport");
    }

    @Test
    void method1AnonymousPermissionsThroughThePipeline() {
        ok("New-ReceiveConnector -Name \"Anonymous Relay\" -TransportRole FrontendTransport"
                + " -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges 192.168.5.10,192.168.5.11");
        ExecutionResult set = ok("Set-ReceiveConnector \"Anonymous Relay\" -PermissionGroups"
                + " AnonymousUsers");
        assertThat(set.stdout()).isEmpty();
        ExecutionResult add = ok("Get-ReceiveConnector \"Anonymous Relay\" | Add-ADPermission"
                + " -User \"NT AUTHORITY\\ANONYMOUS LOGON\" -ExtendedRights"
                + " \"Ms-Exch-SMTP-Accept-Any-Recipient\"");
        assertThat(add.stdout()).contains("NT AUTHORITY\\ANONYMOUS LOGON");
        ExecutionResult get = ok("Get-ADPermission \"Anonymous Relay\" -User \"NT AUTHORITY\\"
                + "ANONYMOUS LOGON\" | where {($_.Deny -eq $false) -and ($_.IsInherited -eq"
                + " $false)} | Format-Table User,ExtendedRights");
        assertThat(get.stdout()).contains("ms-Exch-SMTP-Accept-Any-Recipient")
                .contains("ms-Exch-SMTP-Submit");
    }

    @Test
    void method2ExternallySecured() {
        ok("New-ReceiveConnector -Name \"Anonymous Relay\" -TransportRole FrontendTransport"
                + " -Custom -Bindings 0.0.0.0:25 -RemoteIpRanges 192.168.5.10,192.168.5.11");
        ok("Set-ReceiveConnector \"Anonymous Relay\" -AuthMechanism ExternalAuthoritative"
                + " -PermissionGroups ExchangeServers");
        ExecutionResult fl = ok("Get-ReceiveConnector \"Anonymous Relay\" | Format-List"
                + " Enabled,TransportRole,Bindings,RemoteIPRanges");
        assertThat(fl.stdout()).contains("FrontendTransport");
        ExecutionResult get = ok("Get-ADPermission \"Anonymous Relay\" -User \"MS Exchange\\"
                + "Externally Secured Servers\" | where {($_.Deny -eq $false) -and"
                + " ($_.IsInherited -eq $false)} | Format-Table User,ExtendedRights");
        assertThat(get.stdout()).contains("ms-Exch-SMTP-Accept-Any-Recipient");
    }
}
