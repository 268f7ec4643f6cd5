package org.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postern.config.ReceiveConnectorSchema.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each usage type of New-ReceiveConnector writes (fact sheet a.5), and the defaults every
 * new connector has whatever its usage (a.1-a.4, h).
 */
class ReceiveConnectorUsageTest {

    private static ReceiveConnector seeded(ReceiveConnectorUsage usage) {
        return usage.seed(ReceiveConnector.create("New", "EX01", Instant.EPOCH), "CONTOSO");
    }

    static Stream<Arguments> usages() {
        return Stream.of(
                Arguments.of(ReceiveConnectorUsage.Custom, "[None]", "[Tls]", "required", "[]",
                        "required", "[]"),
                Arguments.of(ReceiveConnectorUsage.Internet, "[AnonymousUsers]", "[Tls]",
                        "required", "[]", "refused", "[0.0.0.0-255.255.255.255]"),
                Arguments.of(ReceiveConnectorUsage.Internal,
                        "[ExchangeServers, ExchangeLegacyServers]", "[Tls, ExchangeServer]",
                        "refused", "[0.0.0.0:25]", "required", "[]"),
                Arguments.of(ReceiveConnectorUsage.Client, "[ExchangeUsers]",
                        "[Tls, Integrated, BasicAuth, BasicAuthRequireTLS]", "refused",
                        "[0.0.0.0:587]", "required", "[]"),
                Arguments.of(ReceiveConnectorUsage.Partner, "[Partners]", "[Tls]", "required",
                        "[]", "required", "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usages")
    @DisplayName("each usage type seeds its permission groups, mechanisms, bindings and ranges")
    void usageTable(ReceiveConnectorUsage usage, String groups, String auth, String bindingsRule,
            String bindings, String rangesRule, String ranges) {
        ReceiveConnector c = seeded(usage);
        assertThat(c.acl().displayGroups()).hasToString(groups);
        assertThat(usage.permissionGroups()).hasToString(groups);
        assertThat(c.authMechanism()).hasToString(auth);
        assertThat(usage.suppliesBindings() ? "refused" : "required").isEqualTo(bindingsRule);
        assertThat(c.bindings()).hasToString(bindings);
        assertThat(usage.suppliesRemoteIpRanges() ? "refused" : "required")
                .isEqualTo(rangesRule);
        assertThat(c.remoteIpRanges()).hasToString(ranges);
    }

    @Test
    @DisplayName("the groups a usage writes are their access entries: Internet lets anonymous"
            + " sessions submit, Custom grants nobody anything")
    void seededGroupsWriteTheirEntries() {
        assertThat(seeded(ReceiveConnectorUsage.Internet).acl().entries())
                .extracting(e -> e.principal().name() + " " + e.right().adsName())
                .contains("NT AUTHORITY\\ANONYMOUS LOGON ms-Exch-SMTP-Submit",
                        "NT AUTHORITY\\ANONYMOUS LOGON ms-Exch-Accept-Headers-Routing");
        assertThat(seeded(ReceiveConnectorUsage.Custom).acl().entries()).isEmpty();
        assertThat(seeded(ReceiveConnectorUsage.Partner).acl().entries())
                .extracting(e -> e.principal().name() + " " + e.right().adsName())
                .containsExactlyInAnyOrder("MS Exchange\\Partner Servers ms-Exch-SMTP-Submit",
                        "MS Exchange\\Partner Servers ms-Exch-Accept-Headers-Routing");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usages")
    @DisplayName("whatever the usage, every other property starts at Exchange's Mailbox-server"
            + " default")
    void otherDefaults(ReceiveConnectorUsage usage) {
        ReceiveConnector c = seeded(usage);
        assertThat(c.enabled()).isTrue();
        assertThat(c.transportRole()).isEqualTo(TransportRole.HubTransport);
        assertThat(c.get(BANNER)).isNull();
        assertThat(c.get(COMMENT)).isNull();
        assertThat(c.get(FQDN)).isNull();
        assertThat(c.get(DEFAULT_DOMAIN)).isNull();
        assertThat(c.get(TLS_CERTIFICATE_NAME)).isNull();
        assertThat(c.get(TLS_DOMAIN_CAPABILITIES)).isEmpty();
        for (Property<Boolean> on : List.of(BINARY_MIME_ENABLED, CHUNKING_ENABLED, DSN_ENABLED,
                EIGHT_BIT_MIME_ENABLED, SMTP_UTF8_ENABLED, ENHANCED_STATUS_CODES_ENABLED,
                PIPELINING_ENABLED)) {
            assertThat(c.get(on)).as(on.name()).isTrue();
        }
        for (Property<Boolean> off : List.of(BARE_LINEFEED_REJECTION_ENABLED,
                DOMAIN_SECURE_ENABLED, LONG_ADDRESSES_ENABLED, ORAR_ENABLED,
                SUPPRESS_XANONYMOUS_TLS, PROXY_ENABLED, ADVERTISE_CLIENT_SETTINGS,
                REQUIRE_EHLO_DOMAIN, REQUIRE_TLS, ENABLE_AUTH_GSSAPI, LIVE_CREDENTIAL_ENABLED,
                REJECT_RESERVED_TOP_LEVEL_RECIPIENT_DOMAINS,
                REJECT_RESERVED_SECOND_LEVEL_RECIPIENT_DOMAINS,
                REJECT_SINGLE_LABEL_RECIPIENT_DOMAINS, ACCEPT_CONSUMER_MAIL)) {
            assertThat(c.get(off)).as(off.name()).isFalse();
        }
        assertThat(c.get(CONNECTION_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.get(CONNECTION_INACTIVITY_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.get(TARPIT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.get(AUTH_TARPIT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.get(MAX_ACKNOWLEDGEMENT_DELAY)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.get(MESSAGE_RATE_LIMIT)).hasToString("Unlimited");
        assertThat(c.get(MESSAGE_RATE_SOURCE)).isEqualTo(MessageRateSource.IPAddress);
        assertThat(c.get(MAX_INBOUND_CONNECTION)).hasToString("5000");
        assertThat(c.get(MAX_INBOUND_CONNECTION_PER_SOURCE)).hasToString("20");
        assertThat(c.get(MAX_INBOUND_CONNECTION_PERCENTAGE_PER_SOURCE)).isEqualTo(2);
        assertThat(c.get(MAX_HEADER_SIZE)).hasToString("256 KB (262,144 bytes)");
        assertThat(c.get(MAX_MESSAGE_SIZE)).hasToString("36 MB (37,748,736 bytes)");
        assertThat(c.get(MAX_HOP_COUNT)).isEqualTo(60);
        assertThat(c.get(MAX_LOCAL_HOP_COUNT)).isEqualTo(5);
        assertThat(c.get(MAX_LOGON_FAILURES)).isEqualTo(3);
        assertThat(c.get(MAX_PROTOCOL_ERRORS)).hasToString("5");
        assertThat(c.get(MAX_RECIPIENTS_PER_MESSAGE)).isEqualTo(200);
        assertThat(c.get(PROTOCOL_LOGGING_LEVEL)).isEqualTo(ProtocolLoggingLevel.None);
        assertThat(c.get(SIZE_ENABLED)).isEqualTo(SizeEnabled.Enabled);
        assertThat(c.get(EXTENDED_PROTECTION_POLICY)).isEqualTo(ExtendedProtectionPolicy.None);
    }

    @Test
    @DisplayName("New- takes SETTABLE and not SET_ONLY or READ_ONLY properties; Set- the reverse"
            + " of SET_ONLY")
    void whoMaySetWhat() {
        assertThat(TRANSPORT_ROLE.settable(true)).isTrue();
        assertThat(TRANSPORT_ROLE.settable(false)).isTrue();
        for (Property<?> setOnly : List.of(SMTP_UTF8_ENABLED, BARE_LINEFEED_REJECTION_ENABLED)) {
            assertThat(setOnly.settable(true)).as(setOnly.name()).isFalse();
            assertThat(setOnly.settable(false)).as(setOnly.name()).isTrue();
        }
        for (Property<?> shown : List.of(PROXY_ENABLED, LIVE_CREDENTIAL_ENABLED,
                ACCEPT_CONSUMER_MAIL)) {
            assertThat(shown.settable(true)).as(shown.name()).isFalse();
            assertThat(shown.settable(false)).as(shown.name()).isFalse();
        }
    }
}
