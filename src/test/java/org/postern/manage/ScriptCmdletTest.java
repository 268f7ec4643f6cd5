package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.postern.shell.ExecutionResult;

/**
 * The delivery cmdlets as an administrator types them, through the shell language engine;
 * {@link SendConnectorCmdletsTest} and the other direct tests cover the cmdlets' logic.
 */
class ScriptCmdletTest extends LiveConfigTest {

    @Test
    void smartHostConnectorFromTheCommandLine() {
        ExecutionResult r = ok("New-SendConnector -Name 'To ISP' -Internet -AddressSpaces *"
                + " -SmartHosts smtp.isp.example,192.0.2.25 -DNSRoutingEnabled $false -Port 587"
                + " -SmartHostAuthMechanism BasicAuth"
                + " -AuthenticationCredential @{UserName='relay'; Password='s3cret!'}");
        assertThat(r.stdout()).contains("Identity").contains("AddressSpaces")
                .contains("Enabled").contains("To ISP").contains("{SMTP:*;1}").contains("True");
        ExecutionResult fl = ok("Get-SendConnector 'To ISP' | Format-List"
                + " SmartHosts,Port,AuthenticationCredential,MaxMessageSize");
        assertThat(fl.stdout()).contains("{smtp.isp.example, [192.0.2.25]}").contains("587")
                .contains("System.Management.Automation.PSCredential")
                .contains("35 MB (36,700,160 bytes)").doesNotContain("s3cret!");
    }

    @Test
    void smartHostsWithDnsRoutingOnIsAnErrorNamingTheHost() {
        ExecutionResult r = fails("New-SendConnector -Name Relay -AddressSpaces *"
                + " -SmartHosts smtp.isp.example");
        assertThat(r.stderr()).contains("smtp.isp.example").contains("DNSRoutingEnabled");
        assertThat(repo.current().sendConnectors()).isEmpty();
    }

    @Test
    void addressSpacesGrowWithAHashtable() {
        ok("New-SendConnector -Name Out -AddressSpaces contoso.net");
        ok("Set-SendConnector Out -AddressSpaces @{Add='SMTP:*.fabrikam.com;5'}");
        ExecutionResult r = ok("(Get-SendConnector Out).AddressSpaces | ForEach-Object"
                + " { $_.ToString() }");
        assertThat(r.stdout()).contains("SMTP:contoso.net;1").contains("SMTP:*.fabrikam.com;5");
    }

    @Test
    void whatIfPrintsTheActionAndChangesNothing() {
        ExecutionResult r = ok("New-SendConnector -Name Out -AddressSpaces * -WhatIf");
        assertThat(r.stdout()).contains("What if: Creating Send connector \"Out\".");
        assertThat(repo.current().sendConnectors()).isEmpty();
    }

    @Test
    void mailboxesInTheirTableView() {
        ok("New-Mailbox -Name 'Kim Akers' -DisplayName 'Kim Akers' -PrimarySmtpAddress"
                + " kim@contoso.com");
        ExecutionResult r = ok("Get-Mailbox");
        assertThat(r.stdout()).contains(
                "Name                      Alias                ServerName       ProhibitSendQuota",
                "Kim Akers                 KimAkers             ex01             Unlimited");
        ok("Set-Mailbox 'Kim Akers' -EmailAddresses @{Add='ka@contoso.com'}");
        assertThat(ok("(Get-Mailbox ka@contoso.com).EmailAddresses").stdout())
                .contains("SMTP:kim@contoso.com").contains("smtp:ka@contoso.com");
        ExecutionResult dup = fails("New-Mailbox -Name Other -PrimarySmtpAddress KA@contoso.com");
        assertThat(dup.stderr()).contains("KA@contoso.com").contains("Kim Akers");
        ExecutionResult foreign = fails("New-Mailbox -Name X -PrimarySmtpAddress x@fabrikam.com");
        assertThat(foreign.stderr()).contains("x@fabrikam.com").contains("accepted domain");
    }

    @Test
    void transportServiceSettingsInAList() {
        ok("Set-TransportService EX01 -MessageExpirationTimeout 1.00:00:00"
                + " -TransientFailureRetryCount 3");
        ExecutionResult r = ok("Get-TransportService");
        assertThat(r.stdout()).containsPattern("MessageExpirationTimeout\\s+: 1\\.00:00:00")
                .containsPattern("TransientFailureRetryCount\\s+: 3")
                .containsPattern("DelayNotificationTimeout\\s+: 04:00:00");
        ExecutionResult warn = ok("Set-TransportService EX01 -TransientFailureRetryCount 3");
        assertThat(warn.stdout() + warn.stderr()).contains("WARNING: The command completed"
                + " successfully but no settings of 'EX01' have been modified.");
    }
    @Test
    void convertToSecureStringMakesASecureStringThatNeverShowsItsText() {
        ExecutionResult r = ok("$s = ConvertTo-SecureString -String 'Pa55w.rd' -AsPlainText"
                + " -Force; $s; $s.Length; \"$s\"; $s | Format-List");
        assertThat(r.stdout()).contains("System.Security.SecureString").contains("8")
                .doesNotContain("Pa55w.rd");
        ExecutionResult positional = ok("ConvertTo-SecureString 'x' -AsPlainText -Force");
        assertThat(positional.stdout().strip()).isEqualTo("System.Security.SecureString");
    }

    @Test
    void convertToSecureStringWithoutForceOrPlainTextIsRefused() {
        ExecutionResult noForce = fails("ConvertTo-SecureString -String 'pw' -AsPlainText");
        assertThat(noForce.stderr()).contains("specifying the Force parameter");
        ExecutionResult encrypted = fails("ConvertTo-SecureString -String '01000000d08c9ddf'");
        assertThat(encrypted.stderr()).contains("-AsPlainText -Force");
    }

    @Test
    void mailboxPasswordFromTheConvertToSecureStringIdiomIsStoredHashed() throws Exception {
        ok("New-Mailbox -Name 'Kim Akers' -PrimarySmtpAddress kim@contoso.com -Password"
                + " (ConvertTo-SecureString -String 'Pa55w.rd' -AsPlainText -Force)");
        org.postern.config.Mailbox m = repo.current().mailbox("Kim Akers").orElseThrow();
        assertThat(m.password().encoded()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(m.password().verify("Pa55w.rd".toCharArray())).isTrue();
        String file = java.nio.file.Files.readString(dir.resolve("config.json"));
        assertThat(file).contains(m.password().encoded()).doesNotContain("Pa55w.rd");
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("config.json")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        ok("$pw = ConvertTo-SecureString 'N3w.pass' -AsPlainText -Force;"
                + " Set-Mailbox kim@contoso.com -Password $pw");
        m = repo.current().mailbox("Kim Akers").orElseThrow();
        assertThat(m.password().verify("N3w.pass".toCharArray())).isTrue();
        assertThat(m.password().verify("Pa55w.rd".toCharArray())).isFalse();

        ExecutionResult shown = ok("Get-Mailbox 'Kim Akers' | Format-List *");
        assertThat(shown.stdout()).doesNotContain("argon2").doesNotContain("N3w.pass");
    }

    @Test
    void aPlainStringPasswordIsRefusedWithoutEchoingIt() {
        ok("New-Mailbox -Name Kim -PrimarySmtpAddress kim@contoso.com");
        ExecutionResult r = fails("Set-Mailbox Kim -Password 'Pa55w.rd'");
        assertThat(r.stderr()).contains("System.Security.SecureString")
                .contains("ConvertTo-SecureString").doesNotContain("Pa55w.rd");
        ExecutionResult empty = fails("Set-Mailbox Kim -Password (ConvertTo-SecureString ''"
                + " -AsPlainText -Force)");
        assertThat(empty.stderr()).contains("can't be empty");
        assertThat(repo.current().mailbox("Kim").orElseThrow().password()).isNull();
    }

    @Test
    void passwordHashParameterRestoresAndNullRemovesThePassword() {
        String hash = org.postern.config.PasswordHash.of("Pa55w.rd".toCharArray()).encoded();
        ok("New-Mailbox -Name Kim -PrimarySmtpAddress kim@contoso.com -PasswordHash '"
                + hash + "'");
        assertThat(repo.current().mailbox("Kim").orElseThrow().password().encoded())
                .isEqualTo(hash);
        ExecutionResult bad = fails("Set-Mailbox Kim -PasswordHash 'md5:abc'");
        assertThat(bad.stderr()).contains("Argon2id");
        ok("Set-Mailbox Kim -PasswordHash $null");
        assertThat(repo.current().mailbox("Kim").orElseThrow().password()).isNull();
    }
}
