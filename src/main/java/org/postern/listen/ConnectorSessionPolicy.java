package org.postern.listen;

import static org.postern.config.ReceiveConnectorSchema.*;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.config.ReceiveConnector;
import org.postern.permission.ExtendedRight;
import org.postern.permission.Principal;
import org.postern.smtp.SessionPolicy;

/**
 * The SMTP session's view of the receive connector that took the connection, fixed from the
 * configuration snapshot current when the connection arrived.
 */
public final class ConnectorSessionPolicy implements SessionPolicy {

    private final ReceiveConnector connector;
    private final Configuration config;
    private final Principal principal;
    private final Set<ExtendedRight> rights;

    public ConnectorSessionPolicy(ReceiveConnector connector, Configuration config) {
        this.connector = connector;
        this.config = config;
        this.principal = sessionPrincipal(connector);
        this.rights = Collections.unmodifiableSet(
                connector.acl().effectiveRights(List.of(principal)));
    }

    /**
     * The principal a session that has not authenticated runs as: Externally Secured Servers on a
     * connector with ExternalAuthoritative, ANONYMOUS LOGON everywhere else.
     */
    public static Principal sessionPrincipal(ReceiveConnector connector) {
        return connector.sessionPrincipal();
    }

    public ReceiveConnector connector() {
        return connector;
    }

    @Override
    public String connectorId() {
        return connector.identity();
    }

    @Override
    public String fqdn() {
        return connector.fqdn(config.server().fqdn());
    }

    @Override
    public String serverFqdn() {
        return config.server().fqdn();
    }

    @Override
    public Optional<String> banner() {
        return Optional.ofNullable(connector.get(BANNER));
    }

    @Override
    public String principal() {
        return principal.name();
    }

    @Override
    public Set<ExtendedRight> rights() {
        return rights;
    }

    @Override
    public Optional<DomainType> acceptedDomain(String domain) {
        return config.acceptedDomainFor(domain).map(d -> d.domainType());
    }

    @Override
    public SizeMode sizeMode() {
        return SizeMode.valueOf(connector.get(SIZE_ENABLED).name());
    }

    @Override
    public long maxMessageSize() {
        return connector.get(MAX_MESSAGE_SIZE).bytes();
    }

    @Override
    public long maxHeaderSize() {
        return connector.get(MAX_HEADER_SIZE).bytes();
    }

    @Override
    public int maxRecipientsPerMessage() {
        return connector.get(MAX_RECIPIENTS_PER_MESSAGE);
    }

    @Override
    public int maxHopCount() {
        return connector.get(MAX_HOP_COUNT);
    }

    @Override
    public int maxLocalHopCount() {
        return connector.get(MAX_LOCAL_HOP_COUNT);
    }

    @Override
    public Optional<String> mailboxDisplayName(String address) {
        return config.mailboxByAddress(address).map(m -> m.displayName());
    }

    @Override
    public int maxProtocolErrors() {
        var limit = connector.get(MAX_PROTOCOL_ERRORS);
        return limit.isUnlimited() ? -1 : (int) Math.min(Integer.MAX_VALUE, limit.value());
    }

    @Override
    public boolean pipeliningEnabled() {
        return connector.get(PIPELINING_ENABLED);
    }

    @Override
    public boolean enhancedStatusCodesEnabled() {
        return connector.get(ENHANCED_STATUS_CODES_ENABLED);
    }

    @Override
    public boolean deliveryStatusNotificationEnabled() {
        return connector.get(DSN_ENABLED);
    }

    @Override
    public boolean eightBitMimeEnabled() {
        return connector.get(EIGHT_BIT_MIME_ENABLED);
    }

    @Override
    public boolean binaryMimeEnabled() {
        return connector.get(BINARY_MIME_ENABLED);
    }

    @Override
    public boolean chunkingEnabled() {
        return connector.get(CHUNKING_ENABLED);
    }

    @Override
    public boolean smtpUtf8Enabled() {
        return connector.get(SMTP_UTF8_ENABLED);
    }

    @Override
    public boolean requireEhloDomain() {
        return connector.get(REQUIRE_EHLO_DOMAIN);
    }

    @Override
    public boolean bareLinefeedRejectionEnabled() {
        return connector.get(BARE_LINEFEED_REJECTION_ENABLED);
    }

    @Override
    public boolean rejectReservedTopLevelRecipientDomains() {
        return connector.get(REJECT_RESERVED_TOP_LEVEL_RECIPIENT_DOMAINS);
    }

    @Override
    public boolean rejectReservedSecondLevelRecipientDomains() {
        return connector.get(REJECT_RESERVED_SECOND_LEVEL_RECIPIENT_DOMAINS);
    }

    @Override
    public boolean rejectSingleLabelRecipientDomains() {
        return connector.get(REJECT_SINGLE_LABEL_RECIPIENT_DOMAINS);
    }

    @Override
    public Duration tarpitInterval() {
        return connector.get(TARPIT_INTERVAL);
    }

    @Override
    public Duration connectionTimeout() {
        return connector.get(CONNECTION_TIMEOUT);
    }

    @Override
    public Duration connectionInactivityTimeout() {
        return connector.get(CONNECTION_INACTIVITY_TIMEOUT);
    }
}
