package org.postern.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.postern.antispam.AntispamAgents;
import org.postern.config.DomainType;
import org.postern.permission.ExtendedRight;
import org.postern.tls.TlsOffer;

/**
 * Everything an SMTP session needs to know about the receive connector that took the connection
 * and the organisation behind it. It is fixed when the connection is accepted, so a configuration
 * change applies to new connections only.
 */
public interface SessionPolicy {

    /** The connector's identity, {@code SERVER\Name}, for logs. */
    String connectorId();

    /** The connector's FQDN: banner, EHLO greeting and our Received header. */
    String fqdn();

    /**
     * This server's FQDN (Set-/Get-ExchangeServer's Fqdn, not the connector's): the
     * {@code X-MS-Exchange-Organization-AuthSource} stamp.
     */
    String serverFqdn();

    /** The custom banner (a whole line starting with 220), or empty for Exchange's default. */
    Optional<String> banner();

    /** The security principal the session runs as, e.g. {@code NT AUTHORITY\ANONYMOUS LOGON}. */
    String principal();

    /** The session's effective extended rights. */
    Set<ExtendedRight> rights();

    /** The accepted domain type of a recipient or sender domain (lower-case), or empty if none. */
    Optional<DomainType> acceptedDomain(String domain);

    /** SIZE advertisement: Enabled (with the value), Disabled, or EnabledWithoutValue. */
    SizeMode sizeMode();

    /** MaxMessageSize in bytes. */
    long maxMessageSize();

    /** MaxHeaderSize in bytes. */
    long maxHeaderSize();

    /** MaxRecipientsPerMessage. */
    int maxRecipientsPerMessage();

    /** MaxHopCount: the most Received fields a message may arrive with. */
    int maxHopCount();

    /** MaxLocalHopCount: the most Received fields by this server; 0 means no check. */
    int maxLocalHopCount();

    /**
     * The display name of the mailbox that owns an address (any of its addresses, ignoring
     * case), or empty when no mailbox does: sender resolution for Internal messages.
     */
    Optional<String> mailboxDisplayName(String address);

    /** MaxProtocolErrors; -1 means unlimited. */
    int maxProtocolErrors();

    boolean pipeliningEnabled();

    boolean enhancedStatusCodesEnabled();

    boolean deliveryStatusNotificationEnabled();

    boolean eightBitMimeEnabled();

    boolean binaryMimeEnabled();

    boolean chunkingEnabled();

    boolean smtpUtf8Enabled();

    /** RequireEHLODomain: EHLO/HELO without a domain closes the connection. */
    boolean requireEhloDomain();

    /** BareLinefeedRejectionEnabled: reject message data that holds a bare LF. */
    boolean bareLinefeedRejectionEnabled();

    /** RejectReservedTopLevelRecipientDomains: refuse .test, .example, .invalid, .localhost. */
    boolean rejectReservedTopLevelRecipientDomains();

    /** RejectReservedSecondLevelRecipientDomains: refuse example.com, .net, .org and below. */
    boolean rejectReservedSecondLevelRecipientDomains();

    /** RejectSingleLabelRecipientDomains: refuse recipient domains without a dot. */
    boolean rejectSingleLabelRecipientDomains();

    /** TarpitInterval: delay before error replies to sessions that did not authenticate. */
    Duration tarpitInterval();

    /** ConnectionTimeout: the longest a session may last. */
    Duration connectionTimeout();

    /** ConnectionInactivityTimeout: the longest the client may stay silent. */
    Duration connectionInactivityTimeout();

    /**
     * MessageRateLimit: counts one message for this session's source (its address, its user or
     * both, as MessageRateSource says) when the client says MAIL.
     *
     * @return false when the source has used up its messages for the minute
     */
    default boolean takeMessage(InetAddress client) {
        return true;
    }

    /** MessageRateLimit in messages per minute, for logs; -1 means unlimited. */
    default long messageRateLimit() {
        return -1;
    }

    /**
     * AuthMechanism BasicAuth: AUTH LOGIN and PLAIN against the mailboxes' passwords (with
     * {@link #basicAuthRequireTls} only after STARTTLS).
     */
    default boolean basicAuth() {
        return false;
    }

    /** AuthMechanism BasicAuthRequireTLS: basic authentication only on a TLS session. */
    default boolean basicAuthRequireTls() {
        return false;
    }

    /** AuthTarpitInterval: the delay before the reply to a failed AUTH. */
    default Duration authTarpitInterval() {
        return Duration.ZERO;
    }

    /** MaxLogonFailures: failed AUTH attempts after which the session is closed; 0 never. */
    default int maxLogonFailures() {
        return 0;
    }

    /**
     * The mailbox a client may sign in as with this login name (one of its SMTP addresses, or
     * {@code DOMAIN\alias}), or empty.
     */
    default Optional<Account> account(String login) {
        return Optional.empty();
    }

    /**
     * The policy of this session once the client authenticated: it runs as the user (its
     * principal and {@code NT AUTHORITY\Authenticated Users}) with the rights the connector's
     * permission groups and ACL give them.
     */
    default SessionPolicy authenticatedAs(Account account, String mechanism) {
        throw new UnsupportedOperationException("this policy has no authentication");
    }

    /** The count of failed logons per client address this session adds to and obeys. */
    default LogonThrottle logonThrottle() {
        return LogonThrottle.SERVER;
    }

    /** How the session authenticated, or empty while it has not. */
    default Optional<Authentication> authentication() {
        return Optional.empty();
    }

    /**
     * What STARTTLS offers on this connector (certificate, protocols, cipher suites), chosen
     * when the session starts; empty when AuthMechanism has no Tls or no certificate fits.
     */
    default Optional<TlsOffer> startTls() {
        return Optional.empty();
    }

    /**
     * Whether AuthMechanism includes Tls: STARTTLS is then a known command, answered 454 when
     * there is no certificate to offer.
     */
    default boolean tlsEnabled() {
        return startTls().isPresent();
    }

    /** RequireTLS: no MAIL before STARTTLS. */
    default boolean requireTls() {
        return false;
    }

    /**
     * The antispam agents for this client, started when the connection arrives (the DNS block
     * list look-ups begin then), or empty when none run. The session skips them while it has
     * ms-Exch-Bypass-Anti-Spam.
     */
    default Optional<AntispamAgents.Session> antispam(InetAddress client, String sessionId) {
        return Optional.empty();
    }

    /** SIZE advertisement modes of a receive connector (SizeEnabled). */
    enum SizeMode { Enabled, Disabled, EnabledWithoutValue }
}
