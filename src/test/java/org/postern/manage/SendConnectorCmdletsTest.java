package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postern.config.AddressSpace;
import org.postern.config.SendConnector;
import org.postern.config.SendConnectorUsage;
import org.postern.config.SmartHost;
import org.postern.config.SmartHostAuthMechanism;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;
import org.postern.shell.View;

class SendConnectorCmdletsTest extends LiveConfigTest {

    private SendConnector connector(String name) {
        return repo.current().sendConnector(name).orElseThrow();
    }

    @Test
    void newInternetConnectorPrintsInTheIdentityAddressSpacesEnabledView() {
        DirectRun r = DirectRun.run(repo, "New-SendConnector", "Name", "To Internet",
                "Internet", true, "AddressSpaces", "*");
        PsObject o = (PsObject) r.output.get(0);
        assertThat(o.view().columns()).extracting(View.Column::property)
                .containsExactly("Identity", "AddressSpaces", "Enabled");
        assertThat(o.get("Identity")).isEqualTo("To Internet");
        assertThat(o.get("AddressSpaces").toString()).isEqualTo("[SMTP:*;1]");
        assertThat(o.get("MaxMessageSize").toString()).isEqualTo("35 MB (36,700,160 bytes)");
        assertThat(o.get("SourceTransportServers")).isEqualTo(List.of("EX01"));
        SendConnector c = connector("To Internet");
        assertThat(c.usage()).isEqualTo(SendConnectorUsage.Internet);
        assertThat(c.dnsRoutingEnabled()).isTrue();
    }

    @Test
    void internalUsageHasNoSizeLimitAndUsageDefaultsToCustom() {
        DirectRun.run(repo, "New-SendConnector", "Name", "Org", "Usage", "Internal",
                "AddressSpaces", "contoso.net");
        assertThat(connector("Org").maxMessageSize().isUnlimited()).isTrue();
        DirectRun.run(repo, "New-SendConnector", "Name", "Plain", "AddressSpaces", "*");
        assertThat(connector("Plain").usage()).isEqualTo(SendConnectorUsage.Custom);
        assertThatThrownBy(() -> DirectRun.run(repo, "New-SendConnector", "Name", "Two",
                "Internet", true, "Partner", true, "AddressSpaces", "*"))
                .hasMessageContaining("only one usage type");
    }

    @Test
    void addressSpacesMustBeGivenAndValid() {
        assertThatThrownBy(() -> DirectRun.run(repo, "New-SendConnector", "Name", "X"))
                .hasMessageContaining("'AddressSpaces'");
        assertThatThrownBy(() -> DirectRun.run(repo, "New-SendConnector", "Name", "X",
                "AddressSpaces", List.of("contoso.com", "SMTP:*.fabrikam.com;500")))
                .isInstanceOf(ShellError.class)
                .hasMessageContaining("'AddressSpaces'")
                .hasMessageContaining("SMTP:*.fabrikam.com;500");
        assertThat(repo.current().sendConnectors()).isEmpty();
    }

    @Test
    void smartHostsNeedDnsRoutingOffInTheSameCommand() {
        assertThatThrownBy(() -> DirectRun.run(repo, "New-SendConnector", "Name", "Relay",
                "AddressSpaces", "*", "SmartHosts", "smtp.example.net"))
                .hasMessageContaining("smtp.example.net").hasMessageContaining("DNSRoutingEnabled");
        assertThatThrownBy(() -> DirectRun.run(repo, "New-SendConnector", "Name", "Relay",
                "AddressSpaces", "*", "DNSRoutingEnabled", false))
                .hasMessageContaining("SmartHosts");
        DirectRun.run(repo, "New-SendConnector", "Name", "Relay", "AddressSpaces", "*",
                "SmartHosts", List.of("smtp.example.net", "192.0.2.25"), "DNSRoutingEnabled",
                false, "Port", 587);
        SendConnector c = connector("Relay");
        assertThat(c.smartHosts()).containsExactly(SmartHost.parse("smtp.example.net"),
                SmartHost.parse("[192.0.2.25]"));
        assertThat(c.port()).isEqualTo(587);
        PsObject o = (PsObject) DirectRun.run(repo, "Get-SendConnector", "Identity", "relay")
                .output.get(0);
        assertThat(o.get("SmartHostsString")).isEqualTo("smtp.example.net,[192.0.2.25]");
    }

    @Test
    void basicAuthWithoutCredentialIsRefusedAndTheCredentialNeverPrints() throws Exception {
        DirectRun.run(repo, "New-SendConnector", "Name", "Relay", "AddressSpaces", "*",
                "SmartHosts", "smtp.example.net", "DNSRoutingEnabled", false);
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SendConnector", "Identity", "Relay",
                "SmartHostAuthMechanism", "BasicAuth"))
                .hasMessageContaining("BasicAuth").hasMessageContaining("AuthenticationCredential");
        DirectRun.run(repo, "Set-SendConnector", "Identity", "Relay", "SmartHostAuthMechanism",
                "BasicAuthRequireTLS", "AuthenticationCredential",
                Map.of("UserName", "relay@contoso.com", "Password", "Tr0ub4dor&3"));
        SendConnector c = connector("Relay");
        assertThat(c.smartHostAuthMechanism())
                .isEqualTo(SmartHostAuthMechanism.BasicAuthRequireTLS);
        assertThat(c.authenticationCredential().password()).isEqualTo("Tr0ub4dor&3");
        PsObject o = (PsObject) DirectRun.run(repo, "Get-SendConnector").output.get(0);
        PsObject cred = (PsObject) o.get("AuthenticationCredential");
        assertThat(cred.toString()).isEqualTo("System.Management.Automation.PSCredential");
        assertThat(cred.get("UserName")).isEqualTo("relay@contoso.com");
        assertThat(cred.get("Password").toString()).isEqualTo("System.Security.SecureString");
        assertThat(Files.readString(dir.resolve("config.json"))).doesNotContain("Tr0ub4dor&3");
    }

    @Test
    void credentialAlsoComesAsUserColonPassword() {
        DirectRun.run(repo, "New-SendConnector", "Name", "Relay", "AddressSpaces", "*",
                "SmartHosts", "smtp.example.net", "DNSRoutingEnabled", false,
                "SmartHostAuthMechanism", "BasicAuth", "AuthenticationCredential",
                "relay:pa:ss");
        assertThat(connector("Relay").authenticationCredential().userName()).isEqualTo("relay");
        assertThat(connector("Relay").authenticationCredential().password()).isEqualTo("pa:ss");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SendConnector", "Identity", "Relay",
                "AuthenticationCredential", "nopassword"))
                .hasMessageContaining("'AuthenticationCredential'")
                .hasMessageContaining("user:password");
    }

    @Test
    void setChangesListsWithAddAndRemoveAndWarnsWhenNothingChanged() {
        DirectRun.run(repo, "New-SendConnector", "Name", "Out", "AddressSpaces",
                List.of("contoso.net", "fabrikam.com;5"));
        DirectRun.run(repo, "Set-SendConnector", "Identity", "Out", "AddressSpaces",
                Map.of("Add", "*.tailspin.example;2", "Remove", "contoso.net"));
        assertThat(connector("Out").addressSpaces()).containsExactly(
                AddressSpace.parse("fabrikam.com;5"), AddressSpace.parse("*.tailspin.example;2"));
        DirectRun same = DirectRun.run(repo, "Set-SendConnector", "Identity", "Out", "Enabled",
                true);
        assertThat(same.warnings).containsExactly("The command completed successfully but no"
                + " settings of 'Out' have been modified.");
        DirectRun.run(repo, "Set-SendConnector", "Identity", "Out", "Enabled", false,
                "MaxMessageSize", "10MB", "ConnectionInactivityTimeOut", "00:02:00",
                "SmtpMaxMessagesPerConnection", 5, "Fqdn", "out.contoso.com", "Comment", "x",
                "RequireTLS", true);
        SendConnector c = connector("Out");
        assertThat(c.enabled()).isFalse();
        assertThat(c.maxMessageSize().toString()).isEqualTo("10 MB (10,485,760 bytes)");
        assertThat(c.connectionInactivityTimeOut()).hasMinutes(2);
        assertThat(c.smtpMaxMessagesPerConnection()).isEqualTo(5);
        assertThat(c.fqdn()).isEqualTo("out.contoso.com");
        assertThat(c.requireTls()).isTrue();
        assertThat(c.whenChanged()).isAfterOrEqualTo(c.whenCreated());
    }

    @Test
    void badValuesNameTheParameterAndValue() {
        DirectRun.run(repo, "New-SendConnector", "Name", "Out", "AddressSpaces", "*");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SendConnector", "Identity", "Out",
                "Port", "smtp")).hasMessageContaining("'Port'").hasMessageContaining("\"smtp\"");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SendConnector", "Identity", "Out",
                "Port", 70000)).hasMessageContaining("\"70000\"");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SendConnector", "Identity", "Out",
                "SmartHostAuthMechanism", "Kerberos"))
                .hasMessageContaining("\"Kerberos\"").hasMessageContaining("BasicAuthRequireTLS");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SendConnector", "Identity", "Out",
                "MaxMessageSize", "huge")).hasMessageContaining("\"huge\"");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SendConnector", "Identity", "Out",
                "SourceTransportServers", "EX02")).hasMessageContaining("\"EX02\"");
    }

    @Test
    void duplicateNameIsRefusedAndIdentityTakesWildcardsAndGuid() {
        DirectRun.run(repo, "New-SendConnector", "Name", "To Internet", "AddressSpaces", "*");
        DirectRun.run(repo, "New-SendConnector", "Name", "To Partner", "AddressSpaces",
                "fabrikam.com");
        assertThatThrownBy(() -> DirectRun.run(repo, "New-SendConnector", "Name", "to internet",
                "AddressSpaces", "*")).hasMessageContaining("\"To Internet\" already exists");
        assertThat(DirectRun.run(repo, "Get-SendConnector", "Identity", "To*").output).hasSize(2);
        String guid = connector("To Partner").guid().toString();
        assertThat(((PsObject) DirectRun.run(repo, "Get-SendConnector", "Identity", guid)
                .output.get(0)).get("Name")).isEqualTo("To Partner");
        DirectRun missing = DirectRun.run(repo, "Get-SendConnector", "Identity", "Nope");
        assertThat(missing.errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("The operation couldn't be performed because object 'Nope' couldn't"
                        + " be found on 'ex01.contoso.com'.");
        assertThatThrownBy(() -> DirectRun.run(repo, "Set-SendConnector", "Identity", "To*",
                "Enabled", false)).hasMessageContaining("matches multiple entries");
    }

    @Test
    void whatIfDescribesAndChangesNothing() {
        DirectRun r = DirectRun.whatIf(repo, "New-SendConnector", "Name", "Out",
                "AddressSpaces", "*");
        assertThat(r.whatIf).containsExactly("Creating Send connector \"Out\".");
        assertThat(repo.current().sendConnectors()).isEmpty();
        DirectRun.run(repo, "New-SendConnector", "Name", "Out", "AddressSpaces", "*");
        assertThat(DirectRun.whatIf(repo, "Remove-SendConnector", "Identity", "Out").whatIf)
                .containsExactly("Removing Send connector \"Out\".");
        assertThat(repo.current().sendConnectors()).hasSize(1);
        DirectRun.run(repo, "Remove-SendConnector", "Identity", "Out");
        assertThat(repo.current().sendConnectors()).isEmpty();
    }

    @Test
    void renameKeepsTheGuid() {
        DirectRun.run(repo, "New-SendConnector", "Name", "Out", "AddressSpaces", "*");
        String guid = connector("Out").guid().toString();
        DirectRun.run(repo, "Set-SendConnector", "Identity", "Out", "Name", "Outbound");
        assertThat(connector("Outbound").guid().toString()).isEqualTo(guid);
        assertThat(repo.current().sendConnector("Out")).isEmpty();
    }
}
