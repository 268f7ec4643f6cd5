package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export-PosternConfiguration end to end: a configured server exports its configuration, a
 * server on a fresh data directory runs the script with {@code postern exec --file}, and every
 * Get- cmdlet then prints what it printed on the first (GUIDs and times aside). Also what
 * {@code exec --file} does with statements, comments and errors.
 */
class ExportRoundTripEndToEndTest {

    private static final String GETS = String.join("\n",
            "Get-ReceiveConnector | Format-List",
            "Get-ReceiveConnector | ForEach-Object { Get-ADPermission $_.Identity }"
                    + " | Format-Table -AutoSize Identity,User,Deny,ExtendedRights",
            "Get-AcceptedDomain | Format-List",
            "Get-SendConnector | Format-List",
            "Get-Mailbox | Format-List",
            "Get-TransportService | Format-List",
            "Get-BackPressure | Format-List Resource,*Threshold,Enabled,MonitoringInterval");

    private static String stable(String output) {
        return output.replaceAll("(?m)^(Guid|ExchangeGuid|WhenChanged|WhenCreated"
                + "|WhenChangedUTC|WhenCreatedUTC|DistinguishedName) *:.*\\n", "");
    }

    /** {@code postern exec --data DIR ARGS...} as a child process: exit status and output. */
    private record Cli(int status, String stdout, String stderr) {
    }

    private static Cli exec(Path data, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.postern.cli.Main", "exec",
                "--data", data.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] err = p.getErrorStream().readAllBytes();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Cli(p.exitValue(), out, new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aFreshServerRunningTheExportPrintsTheSameGetOutput(@TempDir Path first,
            @TempDir Path fresh, @TempDir Path work) throws Exception {
        int offset = PosternProcess.freePortOffset();
        String before;
        Path script = work.resolve("postern-config.ps1");
        try (PosternProcess a = PosternProcess.start(first, offset)) {
            a.execOk(String.join("\n",
                    "New-ReceiveConnector -Name 'Anonymous Relay' -TransportRole"
                            + " FrontendTransport -Custom -Bindings 0.0.0.0:" + a.port(25)
                            + " -RemoteIPRanges 127.0.0.10,127.0.0.11 -PermissionGroups"
                            + " AnonymousUsers -Banner '220 relay ready' -MaxMessageSize 10MB",
                    "Get-ReceiveConnector 'Anonymous Relay' | Add-ADPermission -User"
                            + " 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights"
                            + " ms-Exch-SMTP-Accept-Any-Recipient",
                    "Remove-ADPermission 'Default Frontend EX01' -User 'NT AUTHORITY\\ANONYMOUS"
                            + " LOGON' -ExtendedRights"
                            + " ms-Exch-SMTP-Accept-Authoritative-Domain-Sender -Confirm:$false",
                    "Set-ReceiveConnector 'Client Proxy EX01' -Enabled $false",
                    "Remove-ReceiveConnector 'Outbound Proxy Frontend EX01' -Confirm:$false",
                    "New-AcceptedDomain -Name Fabrikam -DomainName fabrikam.com -DomainType"
                            + " InternalRelay",
                    "Set-ReceiveConnector 'Client Proxy EX01' -DefaultDomain Fabrikam"
                            + " -SmtpUtf8Enabled $false -TlsDomainCapabilities"
                            + " 'NO-TLS:AcceptOorgProtocol' -ConnectionTimeout 1.00:00:00",
                    "New-SendConnector -Name 'To ISP' -Internet -AddressSpaces *"
                            + " -SmartHosts 127.0.0.1 -DNSRoutingEnabled $false -Port 2587"
                            + " -SmartHostAuthMechanism BasicAuth"
                            + " -AuthenticationCredential @{UserName='relay'; Password='pw'}",
                    "New-Mailbox -Name 'Chris Lee' -PrimarySmtpAddress chris@contoso.com",
                    "Set-TransportService EX01 -MessageExpirationTimeout 1.00:00:00",
                    "Set-BackPressure -QueueLengthNormalThreshold 10 -QueueLengthMediumThreshold"
                            + " 20 -QueueLengthHighThreshold 30 -MonitoringInterval 00:00:05"));
            before = stable(a.execOk(GETS));
            Cli export = exec(first, "Export-PosternConfiguration -Path '" + script
                    + "' -IncludeCredentials");
            assertThat(export.status()).as(export.stderr()).isZero();
            assertThat(export.stdout()).contains("Path").contains(script.toString());
        }
        assertThat(before).contains("Anonymous Relay").contains("Fabrikam").contains("To ISP")
                .contains("Chris Lee").doesNotContain("Outbound Proxy Frontend")
                .contains("HighThreshold      : 30").contains("MonitoringInterval : 00:00:05");

        try (PosternProcess b = PosternProcess.start(fresh, offset)) {
            assertThat(stable(b.execOk(GETS))).isNotEqualTo(before);
            Cli run = exec(fresh, "--file", script.toString());
            assertThat(run.status()).as("stdout %s\nstderr %s", run.stdout(), run.stderr())
                    .isZero();
            assertThat(run.stderr()).isEmpty();
            assertThat(stable(b.execOk(GETS))).isEqualTo(before);
            // The restored relay connector relays for its host, and the Internet one doesn't.
            try (SmtpClient c = SmtpClient.connect("127.0.0.10", "127.0.0.1", b.port(25))) {
                assertThat(c.reply().get(0)).isEqualTo("220 relay ready");
                c.command("EHLO scanner.contoso.com");
                assertThat(c.command("MAIL FROM:<scanner@contoso.com>")).startsWith("250 ");
                assertThat(c.command("RCPT TO:<carol@fabrikam.net>"))
                        .isEqualTo("250 2.1.5 Recipient OK");
            }
            try (SmtpClient c = SmtpClient.connect("127.0.0.12", "127.0.0.1", b.port(25))) {
                c.reply();
                c.command("EHLO outside.example.net");
                assertThat(c.command("MAIL FROM:<chris@contoso.com>")).isEqualTo("550 5.7.1"
                        + " Anonymous client does not have permission to send as this sender");
            }
        }
    }

    @Test
    void execFileRunsTheWholeFileAndFailsWhenAnErrorWasWritten(@TempDir Path data,
            @TempDir Path work) throws Exception {
        try (PosternProcess server = PosternProcess.start(data)) {
            Path good = work.resolve("good.ps1");
            Files.writeString(good, "\uFEFF# A comment line\n"
                    + "New-AcceptedDomain -Name One -DomainName one.example.com | Out-Null;"
                    + " New-AcceptedDomain -Name Two -DomainName two.example.com | Out-Null\n"
                    + "\n"
                    + "Get-AcceptedDomain |  # the pipeline goes on\n"
                    + "    Sort-Object Name |\n"
                    + "    ForEach-Object { $_.DomainName }\n");
            Cli ok = exec(data, "--file", good.toString());
            assertThat(ok.status()).as(ok.stderr()).isZero();
            assertThat(ok.stdout()).isEqualTo("contoso.com\none.example.com\ntwo.example.com\n");

            Path bad = work.resolve("bad.ps1");
            Files.writeString(bad, "New-AcceptedDomain -Name Three -DomainName three.example.com"
                    + " | Out-Null\nGet-AcceptedDomain 'No Such Domain'\n"
                    + "New-AcceptedDomain -Name Four -DomainName four.example.com | Out-Null\n");
            Cli failed = exec(data, "--file", bad.toString());
            assertThat(failed.status()).isEqualTo(1);
            assertThat(failed.stderr()).contains("No Such Domain");
            // A non-terminating error does not stop the script.
            assertThat(server.execOk("(Get-AcceptedDomain).Count").trim()).isEqualTo("5");

            Cli missing = exec(data, "--file", work.resolve("nope.ps1").toString());
            assertThat(missing.status()).isEqualTo(2);
            assertThat(missing.stderr()).contains("nope.ps1").contains("does not exist");
        }
    }
}
