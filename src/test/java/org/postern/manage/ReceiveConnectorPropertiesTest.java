package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postern.shell.ExecutionResult;

/**
 * New-, Set- and Get-ReceiveConnector for every property of fact sheet section (a): what each
 * usage type creates, how each kind of value prints in {@code Format-List}, the errors for bad
 * values and for parameters a cmdlet does not take.
 */
class ReceiveConnectorPropertiesTest extends LiveConfigTest {

    /** The line {@code Format-List} prints for a receive connector (labels padded to 41). */
    private static String fl(String label, String value) {
        return String.format("%-41s : %s", label, value);
    }

    private List<String> lines(String script) {
        return ok(script).stdout().lines().toList();
    }

    /** The first line of the only error a failing script wrote. */
    private String error(String script) {
        ExecutionResult r = fails(script);
        return r.stderr().lines().findFirst().orElse("");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-Custom -Bindings 0.0.0.0:2600 -RemoteIPRanges 10.1.0.0/16 | None | Tls"
                + " | {0.0.0.0:2600} | {10.1.0.0/16}",
        "-Usage Custom -Bindings 0.0.0.0:2600 -RemoteIPRanges 10.1.0.0/16 | None | Tls"
                + " | {0.0.0.0:2600} | {10.1.0.0/16}",
        "-Internet -Bindings 0.0.0.0:2600 | AnonymousUsers | Tls | {0.0.0.0:2600}"
                + " | {0.0.0.0-255.255.255.255}",
        "-Internal -RemoteIPRanges 10.1.0.0/16 -TransportRole FrontendTransport"
                + " | ExchangeServers, ExchangeLegacyServers | Tls, ExchangeServer"
                + " | {0.0.0.0:25} | {10.1.0.0/16}",
        "-Client -RemoteIPRanges 10.1.0.0/16 -TransportRole FrontendTransport | ExchangeUsers"
                + " | Tls, Integrated, BasicAuth, BasicAuthRequireTLS | {0.0.0.0:587}"
                + " | {10.1.0.0/16}",
        "-Usage Partner -Bindings '[::]:2600' -RemoteIPRanges 10.1.1.1-10.1.1.9 | Partners"
                + " | Tls | {[::]:2600} | {10.1.1.1-10.1.1.9}",
    })
    @DisplayName("each usage type creates its permission groups, mechanisms, bindings, ranges")
    void eachUsageType(String parameters, String groups, String auth, String bindings,
            String ranges) {
        ok("New-ReceiveConnector -Name Relay " + parameters);
        assertThat(lines("Get-ReceiveConnector Relay | fl")).contains(
                fl("PermissionGroups", groups), fl("AuthMechanism", auth),
                fl("Bindings", bindings), fl("RemoteIPRanges", ranges));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-Internet -Bindings 0.0.0.0:2600 -RemoteIPRanges 10.1.1.1 | The RemoteIPRanges parameter"
                + " can't be used with the Internet usage type; it sets RemoteIPRanges itself.",
        "-Internal -Bindings 0.0.0.0:2600 -RemoteIPRanges 10.1.1.1 | The Bindings parameter can't"
                + " be used with the Internal usage type; it sets Bindings itself.",
        "-Client -Bindings 0.0.0.0:2600 -RemoteIPRanges 10.1.1.1 | The Bindings parameter can't"
                + " be used with the Client usage type; it sets Bindings itself.",
        "-Custom -RemoteIPRanges 10.1.1.1 | The Bindings parameter is required when you create a"
                + " Receive connector of the Custom usage type.",
        "-Partner -Bindings 0.0.0.0:2600 | The RemoteIPRanges parameter is required when you"
                + " create a Receive connector of the Partner usage type.",
        "-Internet | The Bindings parameter is required when you create a Receive connector of"
                + " the Internet usage type.",
        "-Client | The RemoteIPRanges parameter is required when you create a Receive connector"
                + " of the Client usage type.",
    })
    @DisplayName("a usage type requires or refuses -Bindings and -RemoteIPRanges")
    void usageParameterRules(String parameters, String message) {
        assertThat(error("New-ReceiveConnector -Name Relay " + parameters)).isEqualTo(message);
        assertThat(repo.current().receiveConnector("Relay")).isEmpty();
    }

    @Test
    @DisplayName("two usage types are a local parameter-set error; none is refused too")
    void oneUsageType() {
        ExecutionResult two = fails("New-ReceiveConnector -Name Relay -Custom -Partner"
                + " -Bindings 0.0.0.0:2600 -RemoteIPRanges 10.1.1.1");
        assertThat(two.stderr()).startsWith("New-ReceiveConnector : Parameter set cannot be"
                + " resolved using the specified named parameters.\nAt line:1 char:1\n")
                .contains("    + FullyQualifiedErrorId : AmbiguousParameterSet,"
                        + "New-ReceiveConnector\n");
        assertThat(error("New-ReceiveConnector -Name Relay -Bindings 0.0.0.0:2600"
                + " -RemoteIPRanges 10.1.1.1")).contains("Specify the usage type");
    }

    @Test
    @DisplayName("Format-List prints every kind of value as EMS does")
    void everyDisplayForm() {
        ok("New-ReceiveConnector -Name Relay -Custom -TransportRole FrontendTransport"
                + " -Bindings '[::]:2600',0.0.0.0:2600"
                + " -RemoteIPRanges 192.168.5.0/24,10.1.1.1-10.1.1.9,fd00::/8,192.168.6.7"
                + " -PermissionGroups AnonymousUsers,ExchangeUsers"
                + " -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS"
                + " -MaxMessageSize 10MB -MaxHeaderSize 64KB -MessageRateLimit 100"
                + " -MaxInboundConnectionPerSource unlimited -ConnectionTimeout 1.00:00:00"
                + " -ConnectionInactivityTimeout 00:30:00 -TarpitInterval 00:00:00"
                + " -SizeEnabled EnabledWithoutValue -ProtocolLoggingLevel Verbose"
                + " -MessageRateSource All -ExtendedProtectionPolicy Allow"
                + " -Fqdn relay.contoso.com -Banner '220 relay.contoso.com ready'"
                + " -Comment 'printers and scanners' -Enabled $false -DefaultDomain contoso.com"
                + " -TlsCertificateName '<I>CN=Contoso CA<S>CN=relay.contoso.com'"
                + " -TlsDomainCapabilities 'mail.protection.outlook.com:AcceptCloudServicesMail'"
                + " -ServiceDiscoveryFqdn autodiscover.contoso.com -MaxRecipientsPerMessage 1000");
        ok("Set-ReceiveConnector Relay -SmtpUtf8Enabled $false"
                + " -BareLinefeedRejectionEnabled $true");
        assertThat(lines("Get-ReceiveConnector Relay | fl")).contains(
                fl("AuthMechanism", "Tls, BasicAuth, BasicAuthRequireTLS"),
                fl("Banner", "220 relay.contoso.com ready"),
                fl("Bindings", "{[::]:2600, 0.0.0.0:2600}"),
                fl("DefaultDomain", "contoso.com"),
                fl("SmtpUtf8Enabled", "False"),
                fl("BareLinefeedRejectionEnabled", "True"),
                fl("ProxyEnabled", "False"),
                fl("Fqdn", "relay.contoso.com"),
                fl("ServiceDiscoveryFqdn", "autodiscover.contoso.com"),
                fl("TlsCertificateName", "<I>CN=Contoso CA<S>CN=relay.contoso.com"),
                fl("Comment", "printers and scanners"),
                fl("Enabled", "False"),
                fl("ConnectionTimeout", "1.00:00:00"),
                fl("ConnectionInactivityTimeout", "00:30:00"),
                fl("MessageRateLimit", "100"),
                fl("MessageRateSource", "All"),
                fl("MaxInboundConnection", "5000"),
                fl("MaxInboundConnectionPerSource", "Unlimited"),
                fl("MaxHeaderSize", "64 KB (65,536 bytes)"),
                fl("MaxMessageSize", "10 MB (10,485,760 bytes)"),
                fl("MaxRecipientsPerMessage", "1000"),
                fl("PermissionGroups", "AnonymousUsers, ExchangeUsers"),
                fl("ProtocolLoggingLevel", "Verbose"),
                fl("RemoteIPRanges",
                        "{192.168.5.0/24, 10.1.1.1-10.1.1.9, fd00::/8, 192.168.6.7}"),
                fl("ExtendedProtectionPolicy", "Allow"),
                fl("TlsDomainCapabilities",
                        "{mail.protection.outlook.com:AcceptCloudServicesMail}"),
                fl("TransportRole", "FrontendTransport"),
                fl("SizeEnabled", "EnabledWithoutValue"),
                fl("TarpitInterval", "00:00:00"),
                fl("AuthTarpitInterval", "00:00:05"),
                fl("MaxAcknowledgementDelay", "00:00:30"),
                fl("Identity", "EX01\\Relay"),
                fl("ObjectState", "Unchanged"));
        assertThat(ok("(Get-ReceiveConnector Relay).MaxMessageSize").stdout())
                .isEqualTo("10 MB (10,485,760 bytes)\n");
    }

    @Test
    @DisplayName("Format-List keeps the property order of the observed Exchange listing")
    void formatListOrder() {
        List<String> observed = List.of("AuthMechanism", "Banner", "BinaryMimeEnabled",
                "Bindings", "ChunkingEnabled", "DefaultDomain",
                "DeliveryStatusNotificationEnabled", "EightBitMimeEnabled", "SmtpUtf8Enabled",
                "BareLinefeedRejectionEnabled", "DomainSecureEnabled",
                "EnhancedStatusCodesEnabled", "LongAddressesEnabled", "OrarEnabled",
                "SuppressXAnonymousTls", "ProxyEnabled", "AdvertiseClientSettings", "Fqdn",
                "ServiceDiscoveryFqdn", "Enabled", "ConnectionTimeout",
                "ConnectionInactivityTimeout", "MessageRateLimit", "MessageRateSource",
                "MaxInboundConnection", "MaxInboundConnectionPerSource",
                "MaxInboundConnectionPercentagePerSource", "MaxHeaderSize", "MaxHopCount",
                "MaxLocalHopCount", "MaxLogonFailures", "MaxMessageSize", "MaxProtocolErrors",
                "MaxRecipientsPerMessage", "PermissionGroups", "PipeliningEnabled",
                "ProtocolLoggingLevel", "RemoteIPRanges", "RequireEHLODomain", "RequireTLS",
                "EnableAuthGSSAPI", "ExtendedProtectionPolicy", "LiveCredentialEnabled",
                "Server", "TransportRole", "RejectReservedTopLevelRecipientDomains",
                "RejectReservedSecondLevelRecipientDomains", "RejectSingleLabelRecipientDomains",
                "AcceptConsumerMail", "SizeEnabled", "TarpitInterval", "AuthTarpitInterval",
                "MaxAcknowledgementDelay", "ExchangeVersion", "Name", "OriginatingServer",
                "IsValid", "ObjectState");
        List<String> labels = new ArrayList<>();
        for (String line : lines("Get-ReceiveConnector 'Default Frontend EX01' | fl")) {
            if (line.contains(" : ")) {
                labels.add(line.substring(0, line.indexOf(" : ")).trim());
            }
        }
        assertThat(labels).containsSubsequence(observed);
        assertThat(labels.get(labels.size() - 1)).isEqualTo("ObjectState");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-MaxRecipientsPerMessage 600000 | The MaxRecipientsPerMessage value \"600000\" is out"
                + " of range: use 1 to 512000.",
        "-MaxMessageSize 3GB | The MaxMessageSize value \"3 GB (3,221,225,472 bytes)\" is out"
                + " of range: use 64 KB (65,536 bytes) to 2,147,483,647 bytes (one byte less"
                + " than 2 GB).",
        "-ConnectionInactivityTimeout 00:10:00 | ConnectionInactivityTimeout (00:10:00) must be"
                + " less than ConnectionTimeout (00:10:00).",
        "-TarpitInterval 00:20:00 | The TarpitInterval value \"00:20:00\" is out of range: use"
                + " 00:00:00 to 00:10:00.",
        "-MaxInboundConnectionPerSource 0 | The MaxInboundConnectionPerSource value \"0\" is out"
                + " of range: use 1 to 10000 or Unlimited.",
        "-LongAddressesEnabled $true | LongAddressesEnabled can be $true only on a Receive"
                + " connector of the HubTransport role (the Transport service), not on"
                + " \"EX01\\Client Frontend EX01\" of the FrontendTransport role.",
        "-AuthMechanism BasicAuthRequireTLS,Tls | The AuthMechanism value \"Tls,"
                + " BasicAuthRequireTLS\" isn't valid: BasicAuthRequireTLS requires both"
                + " BasicAuth and Tls.",
        "-AuthMechanism None,Tls | The AuthMechanism value \"None, Tls\" isn't valid: None"
                + " can't be combined with other mechanisms.",
        "-AuthMechanism ExternalAuthoritative,BasicAuth | The AuthMechanism value \"BasicAuth,"
                + " ExternalAuthoritative\" isn't valid: ExternalAuthoritative can only be"
                + " combined with Tls.",
        "-AuthMechanism ExternalAuthoritative | The AuthMechanism ExternalAuthoritative requires"
                + " the PermissionGroups value ExchangeServers. Set -PermissionGroups"
                + " ExchangeServers on \"EX01\\Client Frontend EX01\".",
        "-AuthMechanism None -RequireTLS $true | RequireTLS can be $true only when AuthMechanism"
                + " includes Tls.",
        "-ChunkingEnabled $false | BinaryMimeEnabled can be $true only when ChunkingEnabled is"
                + " $true.",
        "-Fqdn 'mail relay' | The Fqdn value \"mail relay\" isn't a valid domain name.",
        "-Banner 'Welcome' | The Banner value \"Welcome\" isn't valid: a banner must start with"
                + " 220.",
        "-DefaultDomain fabrikam.com | The operation couldn't be performed because object"
                + " 'fabrikam.com' couldn't be found on 'ex01.contoso.com'.",
        "-Name '' | The name \"\" isn't valid: a connector name has 1 to 64 characters.",
    })
    @DisplayName("a bad value is an Exchange error naming it, and changes nothing")
    void badValues(String parameters, String message) {
        String before = ok("Get-ReceiveConnector 'Client Frontend EX01' | fl").stdout();
        assertThat(error("Set-ReceiveConnector 'Client Frontend EX01' " + parameters))
                .isEqualTo(message);
        assertThat(ok("Get-ReceiveConnector 'Client Frontend EX01' | fl").stdout())
                .isEqualTo(before);
    }

    @Test
    @DisplayName("a rule violation prints as a record from the server, a bad value as a local"
            + " transformation error")
    void errorRecords() {
        ExecutionResult range = fails("Set-ReceiveConnector 'Default EX01'"
                + " -MaxRecipientsPerMessage 0");
        assertThat(range.stderr()).startsWith("The MaxRecipientsPerMessage value \"0\" is out of"
                + " range: use 1 to 512000.\n"
                + "    + CategoryInfo          : NotSpecified: (:) [Set-ReceiveConnector],"
                + " DataValidationException\n"
                + "    + FullyQualifiedErrorId : [Server=EX01,RequestId=");
        ExecutionResult conversion = fails("Set-ReceiveConnector 'Default EX01'"
                + " -MaxMessageSize huge");
        assertThat(conversion.stderr()).startsWith("Cannot process argument transformation on"
                + " parameter 'MaxMessageSize'. The value \"huge\" isn't a valid size. Use a"
                + " number of bytes or a number with B, KB, MB, GB or TB, for example 36MB.\n")
                .contains("ParameterArgumentTransformationError,Set-ReceiveConnector");
        assertThat(error("Set-ReceiveConnector 'Default EX01' -MaxHopCount lots"))
                .isEqualTo("Cannot process argument transformation on parameter 'MaxHopCount'."
                        + " Cannot convert value \"lots\" to type \"System.Int32\".");
        assertThat(error("Set-ReceiveConnector 'Default EX01' -SizeEnabled Sometimes"))
                .isEqualTo("Cannot process argument transformation on parameter 'SizeEnabled'."
                        + " Cannot convert value \"Sometimes\" to type \"SizeEnabled\". Specify"
                        + " one of the following enumerator names and try again: Enabled,"
                        + " Disabled, EnabledWithoutValue");
    }

    @Test
    @DisplayName("Set-only properties are not New- parameters; shown-only ones are neither")
    void whoTakesWhichParameter() {
        String newRelay = "New-ReceiveConnector -Name Relay -Custom -Bindings 0.0.0.0:2600"
                + " -RemoteIPRanges 10.1.1.1 ";
        for (String p : List.of("SmtpUtf8Enabled", "BareLinefeedRejectionEnabled",
                "ProxyEnabled", "LiveCredentialEnabled", "AcceptConsumerMail")) {
            assertThat(error(newRelay + "-" + p + " $true")).isEqualTo("New-ReceiveConnector :"
                    + " A parameter cannot be found that matches parameter name '" + p + "'.");
        }
        for (String p : List.of("ProxyEnabled", "LiveCredentialEnabled", "AcceptConsumerMail",
                "Server")) {
            assertThat(error("Set-ReceiveConnector 'Default EX01' -" + p + " $true"))
                    .isEqualTo("Set-ReceiveConnector : A parameter cannot be found that matches"
                            + " parameter name '" + p + "'.");
        }
        ok("Set-ReceiveConnector 'Default EX01' -SmtpUtf8Enabled $false");
        assertThat(lines("Get-ReceiveConnector 'Default EX01' | fl SmtpUtf8Enabled"))
                .contains("SmtpUtf8Enabled : False");
    }

    @Test
    @DisplayName("TransportRole can be changed by Set-, which checks the cross-role bindings")
    void transportRoleOnSet() {
        ok("New-ReceiveConnector -Name Relay -Custom -TransportRole FrontendTransport"
                + " -Bindings 0.0.0.0:25 -RemoteIPRanges 10.1.1.1");
        assertThat(error("Set-ReceiveConnector Relay -TransportRole HubTransport")).startsWith(
                "The values that you specified for the Bindings and RemoteIPRanges parameters"
                        + " conflict with the settings on Receive connector \"EX01\\Default"
                        + " Frontend EX01\". Receive connectors assigned to different Transport"
                        + " roles on a single server must listen on unique local IP address &"
                        + " port bindings.");
        ok("Set-ReceiveConnector 'Client Proxy EX01' -TransportRole FrontendTransport");
        assertThat(lines("Get-ReceiveConnector 'Client Proxy EX01' | fl TransportRole"))
                .contains("TransportRole : FrontendTransport");
        ok("Set-ReceiveConnector 'Default EX01' -LongAddressesEnabled $true");
        assertThat(error("Set-ReceiveConnector 'Default EX01' -TransportRole"
                + " FrontendTransport")).startsWith("LongAddressesEnabled can be $true only");
    }

    @Test
    @DisplayName("DefaultDomain takes an accepted domain by name and shows its name")
    void defaultDomainIsAnAcceptedDomain() {
        ok("New-AcceptedDomain -Name Fabrikam -DomainName fabrikam.com");
        ok("Set-ReceiveConnector 'Default EX01' -DefaultDomain fabrikam");
        assertThat(lines("Get-ReceiveConnector 'Default EX01' | fl DefaultDomain"))
                .contains("DefaultDomain : Fabrikam");
        ok("Set-ReceiveConnector 'Default EX01' -DefaultDomain $null");
        assertThat(lines("Get-ReceiveConnector 'Default EX01' | fl DefaultDomain"))
                .contains("DefaultDomain : ");
    }
}
