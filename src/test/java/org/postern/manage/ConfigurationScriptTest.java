package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.ConfigFile;
import org.postern.config.ConfigRepository;
import org.postern.config.Setup;
import org.postern.shell.ExecutionResult;

/**
 * Export-PosternConfiguration's script, run in a fresh configuration, gives the same Get-
 * output as the original (GUIDs and times aside).
 */
class ConfigurationScriptTest extends LiveConfigTest {

    /** What an administrator set up: every kind of object and ACL edit. */
    static final String SETUP = String.join("\n",
            "New-ReceiveConnector -Name 'Anonymous Relay' -TransportRole FrontendTransport"
                    + " -Custom -Bindings 0.0.0.0:2526 -RemoteIPRanges 127.0.0.10,127.0.0.11"
                    + " -PermissionGroups AnonymousUsers -Banner '220 relay.contoso.com ready'"
                    + " -MaxMessageSize 10MB -ProtocolLoggingLevel Verbose",
            "Get-ReceiveConnector 'Anonymous Relay' | Add-ADPermission -User 'NT AUTHORITY\\"
                    + "ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient",
            "New-ReceiveConnector -Name 'It''s Secured' -TransportRole FrontendTransport"
                    + " -Custom -Bindings 0.0.0.0:2527 -RemoteIPRanges 10.20.0.0/16"
                    + " -AuthMechanism ExternalAuthoritative -PermissionGroups ExchangeServers"
                    + " -Comment 'printers; scanners'",
            "Remove-ADPermission 'Default Frontend EX01' -User 'NT AUTHORITY\\ANONYMOUS LOGON'"
                    + " -ExtendedRights ms-Exch-SMTP-Accept-Authoritative-Domain-Sender"
                    + " -Confirm:$false",
            "Add-ADPermission 'Default Frontend EX01' -User 'NT AUTHORITY\\ANONYMOUS LOGON'"
                    + " -ExtendedRights ms-Exch-Accept-Headers-Routing -Deny",
            "Set-ReceiveConnector 'Client Proxy EX01' -Enabled $false"
                    + " -TarpitInterval 00:00:01 -MaxRecipientsPerMessage 50",
            "Remove-ReceiveConnector 'Outbound Proxy Frontend EX01' -Confirm:$false",
            "Add-ADPermission 'Default EX01' -User 'MS Exchange\\Partner Servers'"
                    + " -ExtendedRights ms-Exch-SMTP-Submit",
            "Remove-ADPermission 'Default EX01' -User 'MS Exchange\\Partner Servers'"
                    + " -ExtendedRights ms-Exch-SMTP-Submit -Confirm:$false",
            "New-AcceptedDomain -Name Fabrikam -DomainName fabrikam.com -DomainType"
                    + " InternalRelay",
            "New-AcceptedDomain -Name 'Contoso Net' -DomainName contoso.net",
            "Set-ReceiveConnector 'Default EX01' -DefaultDomain Fabrikam -LongAddressesEnabled"
                    + " $true -SmtpUtf8Enabled $false -BareLinefeedRejectionEnabled $true"
                    + " -TlsDomainCapabilities"
                    + " 'mail.protection.outlook.com:AcceptCloudServicesMail',"
                    + "'NO-TLS:AcceptOorgProtocol' -TlsCertificateName"
                    + " '<I>CN=Contoso CA<S>CN=ex01.contoso.com' -ServiceDiscoveryFqdn"
                    + " autodiscover.contoso.com -ConnectionTimeout 1.00:00:00 -MessageRateLimit"
                    + " 600 -MaxInboundConnection unlimited -SizeEnabled EnabledWithoutValue"
                    + " -OrarEnabled $true -AdvertiseClientSettings $true"
                    + " -MaxAcknowledgementDelay 00:01:00 -AuthMechanism None -MaxHeaderSize 1MB",
            "Set-ReceiveConnector 'Client Proxy EX01' -TransportRole FrontendTransport",
            "Set-AcceptedDomain 'Contoso Net' -MakeDefault",
            "New-SendConnector -Name 'To ISP' -Internet -AddressSpaces '*','contoso.org;5'"
                    + " -SmartHosts smtp.isp.example,192.0.2.25 -DNSRoutingEnabled $false"
                    + " -Port 587 -SmartHostAuthMechanism BasicAuth"
                    + " -AuthenticationCredential @{UserName='relay'; Password='s3cr''et!'}"
                    + " -MaxMessageSize 20MB -Comment 'outbound'",
            "New-SendConnector -Name Partners -AddressSpaces fabrikam.com -Enabled $false",
            "New-Mailbox -Name 'Chris Lee' -PrimarySmtpAddress chris@contoso.com"
                    + " -EmailAddresses smtp:c.lee@contoso.net"
                    + " -Password (ConvertTo-SecureString 'Ch0ose.well' -AsPlainText -Force)",
            "Set-TransportService EX01 -MessageExpirationTimeout 1.00:00:00"
                    + " -MaxPerDomainOutboundConnections 5 -MaxConnectionRatePerMinute 600",
            "Set-TransportConfig -MaxReceiveSize 25MB -MaxSendSize unlimited"
                    + " -MaxRecipientEnvelopeLimit 1000",
            "Set-SenderFilterConfig -BlockedSenders spam@fabrikam.org,x@y.example"
                    + " -BlockedDomainsAndSubdomains junk.example",
            "Set-SenderFilterConfig -BlockedSenders @{Remove='x@y.example'}"
                    + " -BlockedDomains @{Add='bad.example'}",
            "Set-RecipientFilterConfig -RecipientValidationEnabled $true -BlockListEnabled"
                    + " $true -BlockedRecipients 'old@contoso.com'",
            "Set-SenderIdConfig -SpoofedDomainAction Reject -TempErrorAction Reject"
                    + " -BypassedSenderDomains partner.example,other.example",
            "Add-IPBlockListEntry -IPRange 192.0.2.0/24 -Comment 'it''s spam' | Out-Null",
            "Add-IPBlockListEntry -IPAddress 192.0.2.77 -ExpirationTime"
                    + " '2099-01-01T00:00:00Z' | Out-Null",
            "Add-IPAllowListEntry -IPAddress 192.0.2.10 | Out-Null",
            "Add-IPBlockListProvider -Name 'Zen' -LookupDomain zen.dnsbl.example"
                    + " -RejectionResponse 'Listed at Zen' | Out-Null",
            "Add-IPBlockListProvider Other -LookupDomain other.example -Enabled $false"
                    + " | Out-Null",
            "Set-BackPressure -Enabled $false -MonitoringInterval 00:00:00.5"
                    + " -UsedDiskSpaceHighThreshold 90 -UsedDiskSpaceMediumThreshold 80"
                    + " -UsedDiskSpaceNormalThreshold 70 -QueueLengthHighThreshold 30000");

    /** What the administrator compares. */
    static final String GETS = String.join("\n",
            "Get-ReceiveConnector | Format-List",
            "Get-ReceiveConnector | ForEach-Object { Get-ADPermission $_.Identity } | Format-Table"
                    + " -AutoSize Identity,User,Deny,ExtendedRights",
            "Get-AcceptedDomain | Format-List",
            "Get-SendConnector | Format-List",
            "Get-Mailbox | Format-List",
            "Get-TransportService | Format-List",
            "Get-TransportConfig | Format-List",
            "Get-SenderFilterConfig | Format-List",
            "Get-RecipientFilterConfig | Format-List",
            "Get-SenderIdConfig | Format-List",
            "Get-IPAllowListEntry | Format-List",
            "Get-IPBlockListEntry | Format-List",
            "Get-IPBlockListProvider | Format-List");

    /** The output without what a copy cannot keep: GUIDs and times. */
    static String stable(String output) {
        return output.replaceAll("(?m)^(Guid|ExchangeGuid|WhenChanged|WhenCreated"
                + "|WhenChangedUTC|WhenCreatedUTC|DistinguishedName) *:.*\\n", "");
    }

    private ExecutionResult run(ConfigRepository on, String script) {
        ExecutionResult r = ManagementShell.session(on).run(script);
        assertThat(r.stderr()).as(script).isEmpty();
        assertThat(r.success()).isTrue();
        return r;
    }

    @Test
    void theScriptRecreatesTheConfigurationInAFreshDirectory(@TempDir Path fresh)
            throws Exception {
        run(repo, SETUP);
        String before = stable(run(repo, GETS).stdout());
        assertThat(before).contains("Anonymous Relay").contains("It's Secured")
                .contains("Contoso Net").contains("To ISP").contains("Chris Lee")
                .contains("MaxReceiveSize            : 25 MB (26,214,400 bytes)")
                .contains("MaxRecipientEnvelopeLimit : 1000")
                .contains("MaxSendSize               : Unlimited")
                .contains("BlockedSenders               : {spam@fabrikam.org}")
                .contains("SpoofedDomainAction   : Reject")
                .contains("BypassedSenderDomains : {partner.example, other.example}")
                .contains("LookupDomain      : zen.dnsbl.example");

        Path file = dir.resolve("config.ps1");
        String summary = run(repo, "Export-PosternConfiguration -Path '" + file
                + "' -IncludeCredentials").stdout();
        assertThat(summary).contains("ReceiveConnectors   : 6");
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String script = Files.readString(file);

        ConfigRepository target = new ConfigRepository(new ConfigFile(fresh),
                Setup.initial(SERVER, "contoso.com", 0, Instant.now()));
        run(target, script);
        assertThat(stable(run(target, GETS).stdout())).isEqualTo(before);
        // Get-BackPressure needs a running server's monitor; the settings themselves:
        assertThat(target.current().backPressure()).isEqualTo(repo.current().backPressure())
                .isNotEqualTo(org.postern.config.BackPressureConfig.defaults());
        assertThat(script).doesNotContain("Ch0ose.well").contains("-PasswordHash '$argon2id$");
        assertThat(target.current().mailbox("Chris Lee").orElseThrow().password()
                .verify("Ch0ose.well".toCharArray())).isTrue();
        // Running it again changes nothing either.
        run(target, script);
        assertThat(stable(run(target, GETS).stdout())).isEqualTo(before);
    }

    @Test
    void withoutIncludeCredentialsThePasswordStaysOut() {
        run(repo, SETUP);
        String script = run(repo, "Export-PosternConfiguration").stdout();
        assertThat(script).doesNotContain("s3cr").contains("# Set-SendConnector 'To ISP'"
                + " -SmartHostAuthMechanism BasicAuth -AuthenticationCredential"
                + " @{UserName='relay'; Password='<the password>'}");
    }

    @Test
    void anOpenRelayMadeWithForceIsExportedWithForce(@TempDir Path fresh) {
        run(repo, "Set-ReceiveConnector 'Default Frontend EX01' -PermissionGroups"
                + " AnonymousUsers,ExchangeServers,ExchangeLegacyServers");
        run(repo, "Add-ADPermission 'Default Frontend EX01' -User 'NT AUTHORITY\\ANONYMOUS"
                + " LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient -Force");
        String script = run(repo, "Export-PosternConfiguration").stdout();
        assertThat(script).contains("-ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient -Force");
        ConfigRepository target = new ConfigRepository(new ConfigFile(fresh),
                Setup.initial(SERVER, "contoso.com", 0, Instant.now()));
        ExecutionResult r = ManagementShell.session(target).run(script);
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).contains("WARNING: -Force: Receive connector \"EX01\\Default"
                + " Frontend EX01\" would relay");
    }
}
