package org.postern.smtp;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.postern.config.DomainType;
import org.postern.permission.ExtendedRight;

/**
 * A session policy for tests, shaped like the SUT of relay-cases.md: FQDN mx.example.org, the
 * one authoritative accepted domain example.org, Exchange's connector defaults, and the rights of
 * an anonymous session on Default Frontend. Tarpit is off unless a test sets it.
 */
final class TestPolicy implements SessionPolicy, Cloneable {

    /** What ExchangeUsers gives NT AUTHORITY\\Authenticated Users. */
    static final Set<ExtendedRight> EXCHANGE_USERS = EnumSet.of(ExtendedRight.SMTP_SUBMIT,
            ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT, ExtendedRight.BYPASS_ANTI_SPAM,
            ExtendedRight.ACCEPT_HEADERS_ROUTING);

    static final Set<ExtendedRight> ANONYMOUS_DEFAULT = EnumSet.of(ExtendedRight.SMTP_SUBMIT,
            ExtendedRight.SMTP_ACCEPT_ANY_SENDER,
            ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER,
            ExtendedRight.ACCEPT_HEADERS_ROUTING);

    /** The article's anonymous relay recipe: AnonymousUsers plus Accept-Any-Recipient. */
    static final Set<ExtendedRight> ANONYMOUS_RELAY = EnumSet.of(ExtendedRight.SMTP_SUBMIT,
            ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT, ExtendedRight.SMTP_ACCEPT_ANY_SENDER,
            ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER,
            ExtendedRight.ACCEPT_HEADERS_ROUTING);

    String connectorId = "MX\\Default Frontend MX";
    String fqdn = "mx.example.org";
    String serverFqdn = "mx.example.org";
    int maxHopCount = 60;
    int maxLocalHopCount = 5;
    /** Mailboxes for sender resolution: address (lower case) to display name. */
    Map<String, String> displayNames = new HashMap<>();
    Optional<String> banner = Optional.empty();
    String principal = SmtpSession.ANONYMOUS;
    Set<ExtendedRight> rights = EnumSet.copyOf(ANONYMOUS_DEFAULT);
    Map<String, DomainType> domains =
            new HashMap<>(Map.of("example.org", DomainType.Authoritative));
    SizeMode sizeMode = SizeMode.Enabled;
    long maxMessageSize = 37_748_736L;
    long maxHeaderSize = 262_144L;
    int maxRecipients = 200;
    int maxProtocolErrors = 5;
    boolean pipelining = true;
    boolean enhanced = true;
    boolean dsn = true;
    boolean eightBit = true;
    boolean binaryMime = true;
    boolean chunking = true;
    boolean smtpUtf8 = true;
    boolean requireEhloDomain;
    boolean bareLfRejection;
    boolean rejectReservedTopLevel;
    boolean rejectReservedSecondLevel;
    boolean rejectSingleLabel;
    Duration tarpit = Duration.ZERO;
    Duration connectionTimeout = Duration.ofMinutes(10);
    Duration inactivityTimeout = Duration.ofMinutes(5);
    boolean basicAuth;
    boolean basicAuthRequireTls;
    Duration authTarpit = Duration.ZERO;
    int maxLogonFailures = 3;
    /** Login name (lower case) to account. */
    Map<String, Account> accounts = new HashMap<>();
    /** The rights a session gets once authenticated. */
    Set<ExtendedRight> userRights = EnumSet.copyOf(EXCHANGE_USERS);
    Authentication authentication;
    /** Per policy, so that tests do not share the count of failures per address. */
    LogonThrottle throttle = new LogonThrottle(1000, Duration.ofMinutes(15),
            java.time.Clock.systemUTC());

    /** A Client-style connector (BasicAuth, ExchangeUsers) with kim@example.org, password. */
    static TestPolicy clientConnector() {
        TestPolicy p = new TestPolicy();
        p.connectorId = "MX\\Client Frontend MX";
        p.rights = EnumSet.noneOf(ExtendedRight.class);
        p.basicAuth = true;
        p.addAccount("EXAMPLE\\kim", "Pa55w.rd", "kim@example.org", "k.akers@example.org");
        return p;
    }

    /** An account; it signs in with any of its addresses and its DOMAIN\\alias name. */
    Account addAccount(String userName, String password, String... addresses) {
        Account a = new Account(userName, List.of(addresses),
                org.postern.config.PasswordHash.of(password.toCharArray()));
        accounts.put(userName.toLowerCase(java.util.Locale.ROOT), a);
        for (String address : addresses) {
            accounts.put(address.toLowerCase(java.util.Locale.ROOT), a);
        }
        return a;
    }

    @Override public boolean basicAuth() {
        return basicAuth;
    }

    @Override public boolean basicAuthRequireTls() {
        return basicAuthRequireTls;
    }

    @Override public Duration authTarpitInterval() {
        return authTarpit;
    }

    @Override public int maxLogonFailures() {
        return maxLogonFailures;
    }

    @Override public Optional<Account> account(String login) {
        return Optional.ofNullable(accounts.get(login.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override public SessionPolicy authenticatedAs(Account account, String mechanism) {
        try {
            TestPolicy p = (TestPolicy) clone();
            p.principal = account.userName();
            p.rights = EnumSet.copyOf(userRights);
            p.authentication = new Authentication(account, mechanism);
            return p;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @Override public LogonThrottle logonThrottle() {
        return throttle;
    }

    @Override public Optional<Authentication> authentication() {
        return Optional.ofNullable(authentication);
    }

    static TestPolicy anonymousRelay() {
        TestPolicy p = new TestPolicy();
        p.connectorId = "MX\\Anonymous Relay";
        p.rights = EnumSet.copyOf(ANONYMOUS_RELAY);
        return p;
    }

    @Override public String connectorId() {
        return connectorId;
    }

    @Override public String fqdn() {
        return fqdn;
    }

    @Override public String serverFqdn() {
        return serverFqdn;
    }

    @Override public int maxHopCount() {
        return maxHopCount;
    }

    @Override public int maxLocalHopCount() {
        return maxLocalHopCount;
    }

    @Override public Optional<String> mailboxDisplayName(String address) {
        return Optional.ofNullable(displayNames.get(address.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override public Optional<String> banner() {
        return banner;
    }

    @Override public String principal() {
        return principal;
    }

    @Override public Set<ExtendedRight> rights() {
        return rights;
    }

    @Override public Optional<DomainType> acceptedDomain(String domain) {
        return Optional.ofNullable(domains.get(domain));
    }

    @Override public SizeMode sizeMode() {
        return sizeMode;
    }

    @Override public long maxMessageSize() {
        return maxMessageSize;
    }

    @Override public long maxHeaderSize() {
        return maxHeaderSize;
    }

    @Override public int maxRecipientsPerMessage() {
        return maxRecipients;
    }

    @Override public int maxProtocolErrors() {
        return maxProtocolErrors;
    }

    @Override public boolean pipeliningEnabled() {
        return pipelining;
    }

    @Override public boolean enhancedStatusCodesEnabled() {
        return enhanced;
    }

    @Override public boolean deliveryStatusNotificationEnabled() {
        return dsn;
    }

    @Override public boolean eightBitMimeEnabled() {
        return eightBit;
    }

    @Override public boolean binaryMimeEnabled() {
        return binaryMime;
    }

    @Override public boolean chunkingEnabled() {
        return chunking;
    }

    @Override public boolean smtpUtf8Enabled() {
        return smtpUtf8;
    }

    @Override public boolean requireEhloDomain() {
        return requireEhloDomain;
    }

    @Override public boolean bareLinefeedRejectionEnabled() {
        return bareLfRejection;
    }

    @Override public boolean rejectReservedTopLevelRecipientDomains() {
        return rejectReservedTopLevel;
    }

    @Override public boolean rejectReservedSecondLevelRecipientDomains() {
        return rejectReservedSecondLevel;
    }

    @Override public boolean rejectSingleLabelRecipientDomains() {
        return rejectSingleLabel;
    }

    @Override public Duration tarpitInterval() {
        return tarpit;
    }

    @Override public Duration connectionTimeout() {
        return connectionTimeout;
    }

    @Override public Duration connectionInactivityTimeout() {
        return inactivityTimeout;
    }

    /** STARTTLS: what the connector offers (null: no certificate), Tls, RequireTLS. */
    org.postern.tls.TlsOffer tlsOffer;
    boolean tlsEnabled;
    boolean requireTls;

    @Override public Optional<org.postern.tls.TlsOffer> startTls() {
        return Optional.ofNullable(tlsOffer);
    }

    @Override public boolean tlsEnabled() {
        return tlsEnabled || tlsOffer != null;
    }

    @Override public boolean requireTls() {
        return requireTls;
    }
}
