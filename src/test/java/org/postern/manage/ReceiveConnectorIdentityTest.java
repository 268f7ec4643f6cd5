package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postern.shell.ExecutionResult;

/**
 * How the receive-connector cmdlets find the connectors an identity names (shell-behaviour
 * section 5): Name, SERVER\Name, GUID, wildcards at either end of either part, and the errors
 * for none and for several.
 */
class ReceiveConnectorIdentityTest extends LiveConfigTest {

    private static final String NOT_FOUND = "The operation couldn't be performed because object"
            + " '%s' couldn't be found on 'ex01.contoso.com'.";

    private String names(String script) {
        return ok(script + " | % Identity").stdout();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"'Default EX01'", "'EX01\\Default EX01'", "'ex01\\default ex01'",
        "'DEFAULT EX01'", "(Get-ReceiveConnector 'Default EX01').Guid",
        "(Get-ReceiveConnector 'Default EX01').DistinguishedName",
        "\"$((Get-ReceiveConnector 'Default EX01').Guid)\"", "'*\\Default EX01'",
        "'EX01\\*t EX01'"})
    @DisplayName("Name, SERVER\\Name, GUID and wildcard forms name the same connector")
    void identityForms(String identity) {
        assertThat(names("Get-ReceiveConnector " + identity)).isEqualTo("EX01\\Default EX01\n");
        ok("Set-ReceiveConnector " + identity + " -Comment 'found'");
        assertThat(ok("(Get-ReceiveConnector 'Default EX01').Comment").stdout())
                .isEqualTo("found\n");
    }

    @Test
    @DisplayName("the distinguished name sits under the server's SMTP Receive Connectors and"
            + " names the connector to Get-ADPermission too")
    void distinguishedName() {
        ok("New-ReceiveConnector -Name 'Relay, scanners' -Custom -Bindings 0.0.0.0:2600"
                + " -RemoteIPRanges 10.1.1.1");
        String dn = "CN=Relay\\, scanners,CN=SMTP Receive Connectors,CN=Protocols,CN=EX01,"
                + "CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),"
                + "CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,"
                + "CN=Services,CN=Configuration,DC=contoso,DC=com";
        assertThat(ok("(Get-ReceiveConnector 'Relay, scanners').DistinguishedName").stdout())
                .isEqualTo(dn + "\n");
        assertThat(names("Get-ReceiveConnector '" + dn.toLowerCase() + "'"))
                .isEqualTo("EX01\\Relay, scanners\n");
        assertThat(ok("Get-ADPermission (Get-ReceiveConnector 'Default EX01').DistinguishedName"
                + " | select -First 1 | % Identity").stdout()).isEqualTo("EX01\\Default EX01\n");
    }

    @Test
    @DisplayName("Get- returns every connector a wildcard matches, at the start or the end")
    void wildcardsOnGet() {
        assertThat(names("Get-ReceiveConnector 'Default*'"))
                .isEqualTo("EX01\\Default Frontend EX01\nEX01\\Default EX01\n");
        assertThat(names("Get-ReceiveConnector '*Proxy*'"))
                .isEqualTo("EX01\\Outbound Proxy Frontend EX01\nEX01\\Client Proxy EX01\n");
        assertThat(names("Get-ReceiveConnector 'EX01\\Client*'"))
                .isEqualTo("EX01\\Client Frontend EX01\nEX01\\Client Proxy EX01\n");
        assertThat(names("Get-ReceiveConnector '*'").lines()).hasSize(5);
    }

    @Test
    @DisplayName("a wildcard in the middle is no wildcard: nothing is found")
    void wildcardInTheMiddle() {
        ExecutionResult r = fails("Get-ReceiveConnector 'Def*EX01'");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith(String.format(NOT_FOUND, "Def*EX01") + "\n"
                + "    + CategoryInfo          : NotSpecified: (:) [Get-ReceiveConnector],"
                + " ManagementObjectNotFoundException\n");
    }

    @Test
    @DisplayName("Get- with several identities prints the error for a missing one and goes on")
    void severalIdentitiesOnGet() {
        ExecutionResult r = fails("Get-ReceiveConnector 'Nope','Default EX01' | % Identity");
        assertThat(r.stdout()).isEqualTo("EX01\\Default EX01\n");
        assertThat(r.stderr()).startsWith(String.format(NOT_FOUND, "Nope") + "\n");
        assertThat(r.stderr()).endsWith("    + PSComputerName        : ex01.contoso.com\n \n");
    }

    @Test
    @DisplayName("another server's name finds nothing; $null means every connector")
    void serverPartAndNull() {
        assertThat(fails("Get-ReceiveConnector 'EX02\\Default EX01'").stderr())
                .startsWith(String.format(NOT_FOUND, "EX02\\Default EX01"));
        assertThat(ok("(Get-ReceiveConnector $null).Count").stdout()).isEqualTo("5\n");
        assertThat(ok("$nosuch = $null; (Get-ReceiveConnector $nosuch).Count").stdout())
                .isEqualTo("5\n");
    }

    @Test
    @DisplayName("-Server takes this server's name or FQDN, and not together with -Identity")
    void serverParameter() {
        assertThat(names("Get-ReceiveConnector -Server EX01").lines()).hasSize(5);
        assertThat(names("Get-ReceiveConnector -Server ex01.contoso.com").lines()).hasSize(5);
        assertThat(fails("Get-ReceiveConnector -Server EX02").stderr())
                .startsWith(String.format(NOT_FOUND, "EX02"));
        ExecutionResult both = fails("Get-ReceiveConnector 'Default EX01' -Server EX01");
        assertThat(both.stdout()).isEmpty();
        assertThat(both.stderr()).isEqualTo("Get-ReceiveConnector : Parameter set cannot be"
                + " resolved using the specified named parameters.\n"
                + "At line:1 char:1\n"
                + "+ Get-ReceiveConnector 'Default EX01' -Server EX01\n"
                + "+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
                + "    + CategoryInfo          : InvalidArgument: (:) [Get-ReceiveConnector],"
                + " ParameterBindingException\n"
                + "    + FullyQualifiedErrorId : AmbiguousParameterSet,Get-ReceiveConnector\n"
                + " \n");
    }

    @Test
    @DisplayName("Set- and Remove- refuse an identity that matches several connectors and"
            + " change nothing")
    void severalMatchesOnSingleObjectCmdlets() {
        ExecutionResult set = fails("Set-ReceiveConnector 'Default*' -Enabled $false");
        assertThat(set.stderr()).startsWith("The operation couldn't be performed because"
                + " 'Default*' matches multiple entries.\n"
                + "    + CategoryInfo          : NotSpecified: (:) [Set-ReceiveConnector],"
                + " ManagementObjectAmbiguousException\n");
        assertThat(names("Get-ReceiveConnector | ? {-not $_.Enabled}")).isEmpty();
        ExecutionResult remove = fails("Remove-ReceiveConnector '*Proxy*' -Confirm:$false");
        assertThat(remove.stderr()).startsWith("The operation couldn't be performed because"
                + " '*Proxy*' matches multiple entries.");
        assertThat(names("Get-ReceiveConnector").lines()).hasSize(5);
        ok("Set-ReceiveConnector 'Outbound*' -Enabled $false");
        assertThat(names("Get-ReceiveConnector | ? {-not $_.Enabled}"))
                .isEqualTo("EX01\\Outbound Proxy Frontend EX01\n");
    }

    @Test
    @DisplayName("a missing identity on Set- and Remove- is reported and the next one still runs")
    void missingIdentityIsNotTerminating() {
        ExecutionResult set = fails("'Nope','Client Proxy EX01' | Set-ReceiveConnector -Comment"
                + " piped; 'next'");
        assertThat(set.stderr()).startsWith(String.format(NOT_FOUND, "Nope") + "\n"
                + "    + CategoryInfo          : NotSpecified: (:) [Set-ReceiveConnector],"
                + " ManagementObjectNotFoundException\n");
        assertThat(set.stdout()).isEqualTo("next\n");
        assertThat(ok("(Get-ReceiveConnector 'Client Proxy EX01').Comment").stdout())
                .isEqualTo("piped\n");
        ExecutionResult remove = fails("'Nope','Client Proxy EX01' | Remove-ReceiveConnector"
                + " -Confirm:$false");
        assertThat(remove.stderr()).startsWith(String.format(NOT_FOUND, "Nope"));
        assertThat(repo.current().receiveConnector("Client Proxy EX01")).isEmpty();
    }

    @Test
    @DisplayName("a Set- that changes nothing warns with the identity as displayed")
    void setThatChangesNothing() {
        assertThat(ok("Set-ReceiveConnector 'default ex01' -Enabled $true").stdout())
                .isEqualTo("WARNING: The command completed successfully but no settings of"
                        + " 'EX01\\Default EX01' have been modified.\n");
    }
}
