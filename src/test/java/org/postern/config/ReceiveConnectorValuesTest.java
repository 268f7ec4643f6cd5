package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.postern.config.ReceiveConnectorSchema.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How receive-connector values typed in the shell become values, and how they print. */
class ReceiveConnectorValuesTest {

    @Test
    @DisplayName("an empty AuthMechanism is None, as Exchange's flags print 0")
    void emptyAuthMechanismIsNone() {
        assertThat(AUTH_MECHANISM.type().convert(null, null)).hasToString("[None]");
        assertThat(AUTH_MECHANISM.type().convert(List.of(), null)).hasToString("[None]");
        assertThat(AUTH_MECHANISM.type().convert("tls, basicauth", null))
                .hasToString("[Tls, BasicAuth]");
        assertThatThrownBy(() -> AUTH_MECHANISM.type().convert("Kerberos", null))
                .hasMessage("Cannot convert value \"Kerberos\" to type \"AuthMechanism\"."
                        + " Specify one of the following enumerator names and try again: None,"
                        + " Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer,"
                        + " ExternalAuthoritative");
    }

    @Test
    @DisplayName("TlsCertificateName takes <I>issuer<S>subject and nothing else")
    void certificateName() {
        assertThat(TLS_CERTIFICATE_NAME.type().convert("<I>CN=Contoso CA<S>CN=mail.contoso.com",
                null)).isEqualTo("<I>CN=Contoso CA<S>CN=mail.contoso.com");
        assertThat(TLS_CERTIFICATE_NAME.type().convert(null, "x")).isNull();
        for (String bad : List.of("CN=mail.contoso.com", "<S>CN=mail", "<I>CN=CA", "<I><S>CN=x",
                "<I>CN=CA<S> ")) {
            assertThatThrownBy(() -> TLS_CERTIFICATE_NAME.type().convert(bad, null))
                    .as(bad).hasMessage("The value \"" + bad + "\" isn't a valid certificate"
                            + " name. Use \"<I>X.500Issuer<S>X.500Subject\", for example"
                            + " \"<I>CN=Contoso CA<S>CN=mail.contoso.com\".");
        }
    }

    @Test
    @DisplayName("TlsDomainCapabilities: domain or NO-TLS, then Exchange's capability names")
    void tlsDomainCapabilities() {
        List<TlsDomainCapability> caps = TLS_DOMAIN_CAPABILITIES.type().convert(List.of(
                "Mail.Protection.Outlook.com:acceptcloudservicesmail",
                "no-tls:AcceptOorgProtocol, AcceptCloudServicesMail"), List.of());
        assertThat(caps).hasToString("[mail.protection.outlook.com:AcceptCloudServicesMail,"
                + " NO-TLS:AcceptOorgProtocol,AcceptCloudServicesMail]");
        assertThat(TLS_DOMAIN_CAPABILITIES.type().convert(
                Map.of("Remove", "mail.protection.outlook.com:AcceptCloudServicesMail"), caps))
                .hasToString("[NO-TLS:AcceptOorgProtocol,AcceptCloudServicesMail]");
        assertThat(TlsDomainCapability.parse("*.contoso.com:AcceptOorgProtocol").domain())
                .isEqualTo("*.contoso.com");
        assertThatThrownBy(() -> TlsDomainCapability.parse("contoso.com"))
                .hasMessage("The value \"contoso.com\" isn't a valid TLS domain capability: use"
                        + " domain:Capability1,Capability2, for example"
                        + " contoso.com:AcceptCloudServicesMail.");
        assertThatThrownBy(() -> TlsDomainCapability.parse("contoso.com:AcceptEverything"))
                .hasMessage("The value \"contoso.com:AcceptEverything\" isn't a valid TLS domain"
                        + " capability: \"AcceptEverything\" isn't a capability; use"
                        + " AcceptCloudServicesMail or AcceptOorgProtocol.");
        assertThatThrownBy(() -> TlsDomainCapability.parse("bad_domain:AcceptOorgProtocol"))
                .hasMessage("The value \"bad_domain:AcceptOorgProtocol\" isn't a valid TLS"
                        + " domain capability: \"bad_domain\" is neither a domain name nor"
                        + " NO-TLS.");
    }

    @Test
    @DisplayName("display forms: sizes, limits, time spans")
    void displayForms() {
        assertThat(ByteSize.parse("36MB")).hasToString("36 MB (37,748,736 bytes)");
        assertThat(ByteSize.parse("256KB")).hasToString("256 KB (262,144 bytes)");
        assertThat(ByteSize.parse("2147483647")).hasToString("2 GB (2,147,483,647 bytes)");
        assertThat(Unlimited.parse("unlimited")).hasToString("Unlimited");
        assertThat(TimeSpans.format(TimeSpans.parse("1.00:00:00"))).isEqualTo("1.00:00:00");
        assertThat(TimeSpans.format(TimeSpans.parse("00:10:00"))).isEqualTo("00:10:00");
    }

    @Test
    @DisplayName("a value equal to the default is no setting: set or restored, it compares equal")
    void defaultValuesAreNotSettings() {
        ReceiveConnector fresh = ReceiveConnector.create("Relay", "EX01", java.time.Instant.EPOCH);
        ReceiveConnector set = fresh.with(ENABLED, true).with(MAX_RECIPIENTS_PER_MESSAGE, 200);
        assertThat(set).isEqualTo(fresh);
        assertThat(set.isSet(ENABLED)).isFalse();
        ReceiveConnector restored = ReceiveConnector.restore("Relay", "EX01", fresh.guid(),
                fresh.whenCreated(), fresh.whenChanged(),
                Map.of(ENABLED, true, MAX_HOP_COUNT, 30), fresh.acl());
        assertThat(restored.setValues()).containsOnlyKeys(MAX_HOP_COUNT);
        assertThat(restored.with(MAX_HOP_COUNT, 60)).isEqualTo(fresh);
    }
}
