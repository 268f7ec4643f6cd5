package org.postern.config;

import static org.postern.config.Property.Access.READ_ONLY;
import static org.postern.config.Property.Access.SETTABLE;
import static org.postern.config.Property.Access.SET_ONLY;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The properties of a receive connector (section (a) of the Exchange fact sheet) with their
 * types, defaults and who may set them, in the order {@code Get-ReceiveConnector | Format-List}
 * shows them (the order of the observed listing in shell-behaviour section 3.2). PermissionGroups
 * is not here: it lives in the connector's {@link org.postern.permission.Acl}. Ranges and the
 * rules between properties are in {@link ConnectorRules}; what New- seeds per usage type is in
 * {@link ReceiveConnectorUsage}.
 *
 * <p>Properties the SMTP session does not act on yet say so where they are declared. Those of
 * TLS, authentication, the header firewall, hop counts and the connection and rate limits are
 * stored, validated and shown here and acted on by the session's own work on them.
 */
public final class ReceiveConnectorSchema {

    private static final List<Property<?>> ALL = new ArrayList<>();

    public static final Property<EnumSet<AuthMechanism>> AUTH_MECHANISM = add("AuthMechanism",
            ValueType.flags(AuthMechanism.class, AuthMechanism.None),
            EnumSet.of(AuthMechanism.Tls));
    public static final Property<String> BANNER = add("Banner", ValueType.STRING, null);
    public static final Property<Boolean> BINARY_MIME_ENABLED =
            add("BinaryMimeEnabled", ValueType.BOOLEAN, true);
    public static final Property<List<Binding>> BINDINGS =
            add("Bindings", ValueType.BINDINGS, List.of());
    public static final Property<Boolean> CHUNKING_ENABLED =
            add("ChunkingEnabled", ValueType.BOOLEAN, true);
    /**
     * The name of an accepted domain (New-/Set- resolve the value given). Shortcoming: stored
     * and shown only. Exchange uses it for the postmaster address and IMCEA encapsulation;
     * Postern's reports use the organisation's default accepted domain and it encapsulates no
     * addresses, so nothing reads this yet.
     */
    public static final Property<String> DEFAULT_DOMAIN =
            add("DefaultDomain", ValueType.STRING, null);
    public static final Property<Boolean> DSN_ENABLED =
            add("DeliveryStatusNotificationEnabled", ValueType.BOOLEAN, true);
    public static final Property<Boolean> EIGHT_BIT_MIME_ENABLED =
            add("EightBitMimeEnabled", ValueType.BOOLEAN, true);
    public static final Property<Boolean> SMTP_UTF8_ENABLED =
            add("SmtpUtf8Enabled", ValueType.BOOLEAN, true, SET_ONLY);
    public static final Property<Boolean> BARE_LINEFEED_REJECTION_ENABLED =
            add("BareLinefeedRejectionEnabled", ValueType.BOOLEAN, false, SET_ONLY);
    public static final Property<Boolean> DOMAIN_SECURE_ENABLED =
            add("DomainSecureEnabled", ValueType.BOOLEAN, false);
    public static final Property<Boolean> ENHANCED_STATUS_CODES_ENABLED =
            add("EnhancedStatusCodesEnabled", ValueType.BOOLEAN, true);
    /**
     * HubTransport connectors only (ConnectorRules). Shortcoming: stored and shown only; the
     * session neither advertises XLONGADDR nor lengthens its lines and addresses, because
     * Postern has no X.400 addresses to carry (IMCEA encapsulation is not there).
     */
    public static final Property<Boolean> LONG_ADDRESSES_ENABLED =
            add("LongAddressesEnabled", ValueType.BOOLEAN, false);
    /**
     * Shortcoming: stored and shown only; the session neither advertises XORAR nor reads ORAR
     * parameters on RCPT, because delivery has no alternate-recipient routing to hand them to.
     */
    public static final Property<Boolean> ORAR_ENABLED =
            add("OrarEnabled", ValueType.BOOLEAN, false);
    public static final Property<Boolean> SUPPRESS_XANONYMOUS_TLS =
            add("SuppressXAnonymousTls", ValueType.BOOLEAN, false);
    /** Shown by Get-; neither New- nor Set-ReceiveConnector has the parameter. */
    public static final Property<Boolean> PROXY_ENABLED =
            add("ProxyEnabled", ValueType.BOOLEAN, false, READ_ONLY);
    /**
     * Only what Outlook on the web shows in its options in Exchange; Postern has no web client,
     * so nothing reads it (stored and shown, as Exchange shows it).
     */
    public static final Property<Boolean> ADVERTISE_CLIENT_SETTINGS =
            add("AdvertiseClientSettings", ValueType.BOOLEAN, false);
    public static final Property<String> FQDN = add("Fqdn", ValueType.STRING, null);
    /**
     * A domain name (ConnectorRules). Shortcoming: stored and shown only; Exchange publishes it
     * for client service discovery, which Postern does not offer.
     */
    public static final Property<String> SERVICE_DISCOVERY_FQDN =
            add("ServiceDiscoveryFqdn", ValueType.STRING, null);
    public static final Property<String> TLS_CERTIFICATE_NAME =
            add("TlsCertificateName", ValueType.CERTIFICATE_NAME, null);
    public static final Property<String> COMMENT = add("Comment", ValueType.STRING, null);
    public static final Property<Boolean> ENABLED = add("Enabled", ValueType.BOOLEAN, true);
    public static final Property<Duration> CONNECTION_TIMEOUT =
            add("ConnectionTimeout", ValueType.TIMESPAN, Duration.ofMinutes(10));
    public static final Property<Duration> CONNECTION_INACTIVITY_TIMEOUT =
            add("ConnectionInactivityTimeout", ValueType.TIMESPAN, Duration.ofMinutes(5));
    public static final Property<Unlimited> MESSAGE_RATE_LIMIT =
            add("MessageRateLimit", ValueType.UNLIMITED, Unlimited.UNLIMITED);
    public static final Property<MessageRateSource> MESSAGE_RATE_SOURCE = add("MessageRateSource",
            ValueType.enumeration(MessageRateSource.class), MessageRateSource.IPAddress);
    public static final Property<Unlimited> MAX_INBOUND_CONNECTION =
            add("MaxInboundConnection", ValueType.UNLIMITED, Unlimited.of(5000));
    public static final Property<Unlimited> MAX_INBOUND_CONNECTION_PER_SOURCE =
            add("MaxInboundConnectionPerSource", ValueType.UNLIMITED, Unlimited.of(20));
    public static final Property<Integer> MAX_INBOUND_CONNECTION_PERCENTAGE_PER_SOURCE =
            add("MaxInboundConnectionPercentagePerSource", ValueType.integer(), 2);
    public static final Property<ByteSize> MAX_HEADER_SIZE =
            add("MaxHeaderSize", ValueType.BYTE_SIZE, ByteSize.ofKilobytes(256));
    public static final Property<Integer> MAX_HOP_COUNT =
            add("MaxHopCount", ValueType.integer(), 60);
    public static final Property<Integer> MAX_LOCAL_HOP_COUNT =
            add("MaxLocalHopCount", ValueType.integer(), 5);
    public static final Property<Integer> MAX_LOGON_FAILURES =
            add("MaxLogonFailures", ValueType.integer(), 3);
    public static final Property<ByteSize> MAX_MESSAGE_SIZE =
            add("MaxMessageSize", ValueType.BYTE_SIZE, ByteSize.ofMegabytes(36));
    public static final Property<Unlimited> MAX_PROTOCOL_ERRORS =
            add("MaxProtocolErrors", ValueType.UNLIMITED, Unlimited.of(5));
    public static final Property<Integer> MAX_RECIPIENTS_PER_MESSAGE =
            add("MaxRecipientsPerMessage", ValueType.integer(), 200);
    public static final Property<Boolean> PIPELINING_ENABLED =
            add("PipeliningEnabled", ValueType.BOOLEAN, true);
    public static final Property<ProtocolLoggingLevel> PROTOCOL_LOGGING_LEVEL =
            add("ProtocolLoggingLevel", ValueType.enumeration(ProtocolLoggingLevel.class),
                    ProtocolLoggingLevel.None);
    public static final Property<List<IpRange>> REMOTE_IP_RANGES =
            add("RemoteIPRanges", ValueType.IP_RANGES, List.of());
    public static final Property<Boolean> REQUIRE_EHLO_DOMAIN =
            add("RequireEHLODomain", ValueType.BOOLEAN, false);
    public static final Property<Boolean> REQUIRE_TLS =
            add("RequireTLS", ValueType.BOOLEAN, false);
    public static final Property<Boolean> ENABLE_AUTH_GSSAPI =
            add("EnableAuthGSSAPI", ValueType.BOOLEAN, false);
    public static final Property<ExtendedProtectionPolicy> EXTENDED_PROTECTION_POLICY =
            add("ExtendedProtectionPolicy", ValueType.enumeration(ExtendedProtectionPolicy.class),
                    ExtendedProtectionPolicy.None);
    /** Shown by Get- (Windows Live credentials, 2010 only); no cmdlet of 2016+ sets it. */
    public static final Property<Boolean> LIVE_CREDENTIAL_ENABLED =
            add("LiveCredentialEnabled", ValueType.BOOLEAN, false, READ_ONLY);
    public static final Property<List<TlsDomainCapability>> TLS_DOMAIN_CAPABILITIES =
            add("TlsDomainCapabilities", ValueType.TLS_DOMAIN_CAPABILITIES, List.of());
    /**
     * Postern's own (Exchange sets TLS versions for the whole server in the registry): the TLS
     * versions STARTTLS offers on this connector; empty means TLS 1.2 and 1.3.
     */
    public static final Property<List<String>> TLS_PROTOCOLS =
            add("TlsProtocols", ValueType.STRINGS, List.of());
    /** Postern's own: the cipher suites (JDK names) offered; empty means the default list. */
    public static final Property<List<String>> TLS_CIPHER_SUITES =
            add("TlsCipherSuites", ValueType.STRINGS, List.of());
    /**
     * New- and Set- take it. New- without it gives HubTransport (the cmdlet's default is
     * UNCONFIRMED; the cross-role conflicts admins report point to HubTransport).
     */
    public static final Property<TransportRole> TRANSPORT_ROLE = add("TransportRole",
            ValueType.enumeration(TransportRole.class), TransportRole.HubTransport);
    public static final Property<Boolean> REJECT_RESERVED_TOP_LEVEL_RECIPIENT_DOMAINS =
            add("RejectReservedTopLevelRecipientDomains", ValueType.BOOLEAN, false);
    public static final Property<Boolean> REJECT_RESERVED_SECOND_LEVEL_RECIPIENT_DOMAINS =
            add("RejectReservedSecondLevelRecipientDomains", ValueType.BOOLEAN, false);
    public static final Property<Boolean> REJECT_SINGLE_LABEL_RECIPIENT_DOMAINS =
            add("RejectSingleLabelRecipientDomains", ValueType.BOOLEAN, false);
    /** Shown by Get- (consumer mail, Exchange Online); no cmdlet of 2016+ sets it. */
    public static final Property<Boolean> ACCEPT_CONSUMER_MAIL =
            add("AcceptConsumerMail", ValueType.BOOLEAN, false, READ_ONLY);
    public static final Property<SizeEnabled> SIZE_ENABLED = add("SizeEnabled",
            ValueType.enumeration(SizeEnabled.class), SizeEnabled.Enabled);
    public static final Property<Duration> TARPIT_INTERVAL =
            add("TarpitInterval", ValueType.TIMESPAN, Duration.ofSeconds(5));
    public static final Property<Duration> AUTH_TARPIT_INTERVAL =
            add("AuthTarpitInterval", ValueType.TIMESPAN, Duration.ofSeconds(5));
    /** Exchange 2016+ ignores it too (2010 coexistence only): stored and shown, never read. */
    public static final Property<Duration> MAX_ACKNOWLEDGEMENT_DELAY =
            add("MaxAcknowledgementDelay", ValueType.TIMESPAN, Duration.ofSeconds(30));

    private ReceiveConnectorSchema() {
    }

    private static <T> Property<T> add(String name, ValueType<T> type, T def) {
        return add(name, type, def, SETTABLE);
    }

    private static <T> Property<T> add(String name, ValueType<T> type, T def,
            Property.Access access) {
        Property<T> p = new Property<>(name, type, def, access);
        ALL.add(p);
        return p;
    }

    /** Every property, in display order. */
    public static List<Property<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The property of that name, ignoring case. */
    public static Optional<Property<?>> byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Property<?> p : ALL) {
            if (p.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
