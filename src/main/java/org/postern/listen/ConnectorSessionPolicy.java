package org.postern.listen;

import static org.postern.config.ReceiveConnectorSchema.*;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postern.antispam.AntispamAgents;
import org.postern.config.AuthMechanism;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.config.Mailbox;
import org.postern.config.MessageRateSource;
import org.postern.config.ReceiveConnector;
import org.postern.config.ReceiveConnectorSchema;
import org.postern.config.Unlimited;
import org.postern.permission.ExtendedRight;
import org.postern.permission.Principal;
import org.postern.smtp.Account;
import org.postern.smtp.Authentication;
import org.postern.smtp.SessionPolicy;
import org.postern.tls.ServerTls;
import org.postern.tls.TlsOffer;

/**
 * The SMTP session's view of the receive connector that took the connection, fixed from the
 * configuration snapshot current when the connection arrived.
 */
public final class ConnectorSessionPolicy implements SessionPolicy {

    private final ReceiveConnector connector;
    private final Configuration config;
    private final Principal principal;
    private final Set<ExtendedRight> rights;
    /** Set when the session authenticated. */
    private final Authentication authentication;
    private final Optional<TlsOffer> startTls;
    /** The server's antispam agents, or null when none run (Test-ReceiveConnectorAccess). */
    private final AntispamAgents agents;
    /** MessageRateLimit counts shared by every session of the server, or null. */
    private final MessageRates rates;

    /** A policy without TLS (what Test-ReceiveConnectorAccess evaluates). */
    public ConnectorSessionPolicy(ReceiveConnector connector, Configuration config) {
        this(connector, config, (ServerTls) null);
    }

    /**
     * @param tls where the connector's certificate comes from, or null for no STARTTLS
     */
    public ConnectorSessionPolicy(ReceiveConnector connector, Configuration config,
            ServerTls tls) {
        this(connector, config, tls, null);
    }

    /**
     * A session of a real listener.
     *
     * @param tls where the connector's certificate comes from, or null for no STARTTLS
     * @param agents the server's antispam agents, or null when none run
     */
    public ConnectorSessionPolicy(ReceiveConnector connector, Configuration config,
            ServerTls tls, AntispamAgents agents) {
        this(connector, config, tls, agents, null);
    }

    /**
     * A session of a real listener that counts MessageRateLimit.
     *
     * @param rates the server's message rate counts, or null when none are kept
     */
    public ConnectorSessionPolicy(ReceiveConnector connector, Configuration config,
            ServerTls tls, AntispamAgents agents, MessageRates rates) {
        this(connector, config, sessionPrincipal(connector), List.of(sessionPrincipal(connector)),
                null, tls == null || !connector.authMechanism().contains(AuthMechanism.Tls)
                        ? Optional.empty()
                        : tls.offer(tlsSettings(connector, connector.fqdn(
                                config.server().fqdn())), Instant.now()), agents, rates);
    }

    private ConnectorSessionPolicy(ReceiveConnector connector, Configuration config,
            Principal principal, List<Principal> token, Authentication authentication,
            Optional<TlsOffer> startTls, AntispamAgents agents, MessageRates rates) {
        this.agents = agents;
        this.rates = rates;
        this.connector = connector;
        this.config = config;
        this.principal = principal;
        this.rights = Collections.unmodifiableSet(connector.acl().effectiveRights(token));
        this.authentication = authentication;
        this.startTls = startTls;
    }

    /**
     * The principal of a user who signed in as a mailbox: {@code DOMAIN\alias}, with a SID made
     * from the mailbox's GUID (the connector's ACL has no entries for single users yet, so only
     * the Authenticated Users entries give it rights).
     */
    public static Principal userPrincipal(Mailbox m, Configuration config) {
        return new Principal(config.server().netbiosDomain() + "\\" + m.alias(),
                "S-1-5-21-mailbox-" + m.guid());
    }

    /** The account a login name signs in as on this configuration (see Mailbox#signsInAs). */
    public static Optional<Account> account(Configuration config, String login) {
        String domain = config.server().netbiosDomain();
        for (Mailbox m : config.mailboxes()) {
            if (m.signsInAs(login, domain)) {
                return Optional.of(new Account(userPrincipal(m, config).name(),
                        m.emailAddresses(), m.password()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Account> account(String login) {
        return account(config, login);
    }

    @Override
    public SessionPolicy authenticatedAs(Account account, String mechanism) {
        Principal user = config.mailboxes().stream()
                .filter(m -> userPrincipal(m, config).name().equals(account.userName()))
                .findFirst().map(m -> userPrincipal(m, config))
                .orElseThrow(() -> new IllegalArgumentException("no mailbox signs in as "
                        + account.userName()));
        return new ConnectorSessionPolicy(connector, config, user,
                List.of(Principal.AUTHENTICATED_USERS, user),
                new Authentication(account, mechanism), startTls, agents, rates);
    }

    @Override
    public boolean takeMessage(InetAddress client) {
        long limit = messageRateLimit();
        if (rates == null || limit < 0) {
            return true;
        }
        String ip = "ip:" + client.getHostAddress();
        // Only a user who signed in has a User source; others are not counted by User.
        String user = authentication == null ? null : "user:" + principal.name();
        List<String> sources = new ArrayList<>(2);
        MessageRateSource by = connector.get(ReceiveConnectorSchema.MESSAGE_RATE_SOURCE);
        if (by == MessageRateSource.IPAddress || by == MessageRateSource.All) {
            sources.add(ip);
        }
        if ((by == MessageRateSource.User || by == MessageRateSource.All) && user != null) {
            sources.add(user);
        }
        return rates.take(connector.identity(), limit, sources.toArray(new String[0]));
    }

    @Override
    public long messageRateLimit() {
        Unlimited l = connector.get(ReceiveConnectorSchema.MESSAGE_RATE_LIMIT);
        return l.isUnlimited() ? -1 : l.value();
    }

    @Override
    public Optional<AntispamAgents.Session> antispam(InetAddress client, String sessionId) {
        if (agents == null) {
            return Optional.empty();
        }
        return Optional.of(agents.open(config.antispam(), client, sessionId,
                rights.contains(ExtendedRight.BYPASS_ANTI_SPAM)));
    }

    @Override
    public Optional<Authentication> authentication() {
        return Optional.ofNullable(authentication);
    }

    @Override
    public boolean basicAuth() {
        return connector.authMechanism().contains(AuthMechanism.BasicAuth);
    }

    @Override
    public boolean basicAuthRequireTls() {
        return connector.authMechanism().contains(AuthMechanism.BasicAuthRequireTLS);
    }

    @Override
    public Duration authTarpitInterval() {
        return connector.get(AUTH_TARPIT_INTERVAL);
    }

    @Override
    public int maxLogonFailures() {
        return connector.get(MAX_LOGON_FAILURES);
    }

    /** The connector's TLS settings, protocols in the JDK's names. */
    public static ServerTls.Settings tlsSettings(ReceiveConnector c, String fqdn) {
        List<String> protocols = new ArrayList<>();
        for (String p : c.get(TLS_PROTOCOLS)) {
            String name = ServerTls.protocolName(p);
            if (name != null && !protocols.contains(name)) {
                protocols.add(name);
            }
        }
        List<String> ciphers = new ArrayList<>();
        for (String suite : c.get(TLS_CIPHER_SUITES)) {
            ciphers.add(suite.trim());
        }
        return new ServerTls.Settings(fqdn, c.get(TLS_CERTIFICATE_NAME), protocols, ciphers);
    }

    @Override
    public Optional<TlsOffer> startTls() {
        return startTls;
    }

    @Override
    public boolean tlsEnabled() {
        return connector.authMechanism().contains(AuthMechanism.Tls);
    }

    @Override
    public boolean requireTls() {
        return connector.get(REQUIRE_TLS);
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
