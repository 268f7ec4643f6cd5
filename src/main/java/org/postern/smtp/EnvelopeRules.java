package org.postern.smtp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postern.config.DomainType;
import org.postern.permission.ExtendedRight;
import org.postern.queue.Pressure;

/**
 * The connector's decision on a MAIL FROM and a RCPT TO whose syntax is fine: the rights of the
 * session, the accepted domains and the limits. Pure: the live session and
 * Test-ReceiveConnectorAccess both ask this class, so they cannot disagree.
 */
public final class EnvelopeRules {

    private EnvelopeRules() {
    }

    /**
     * What the session answers and why.
     *
     * @param reply the reply the client gets
     * @param reason in words: which right, domain or limit decided it
     */
    public record Verdict(Reply reply, String reason) {

        public boolean accepted() {
            return !reply.isError();
        }

        /** The reply lines as the connector sends them (enhanced status codes or not). */
        public List<String> lines(SessionPolicy policy) {
            return reply.lines(policy.enhancedStatusCodesEnabled());
        }

        /** How long the session waits before sending this reply (see {@link #tarpit}). */
        public Duration delay(SessionPolicy policy) {
            return tarpit(policy, reply);
        }
    }

    /**
     * How long the session waits before sending a reply: the TarpitInterval for an error to an
     * anonymous session, else zero.
     */
    public static Duration tarpit(SessionPolicy policy, Reply reply) {
        Duration tarpit = policy.tarpitInterval();
        if (reply.isError() && !tarpit.isZero() && !tarpit.isNegative()
                && SmtpSession.ANONYMOUS.equalsIgnoreCase(policy.principal())) {
            return tarpit;
        }
        return Duration.ZERO;
    }

    /**
     * MAIL under back pressure (exchange-behaviour.md section h): at High every MAIL gets
     * {@code 452 4.3.1 Insufficient system resources}; at Medium a session that runs as
     * {@code ANONYMOUS LOGON} gets it too, after the TarpitInterval as every error to such a
     * session, while sessions that authenticated, or that the connector trusts as Exchange or
     * partner servers (Externally Secured), go on.
     *
     * <p>Exchange lets Medium through for senders in the organisation's authoritative domains;
     * Postern lets through by who the session is, not by the MAIL FROM domain a client names,
     * since an anonymous client could name any domain.
     *
     * @return the refusal, or null when the MAIL may go on
     */
    public static Verdict backPressure(SessionPolicy policy, Pressure pressure) {
        if (pressure == Pressure.High) {
            return new Verdict(Replies.INSUFFICIENT_RESOURCES, "back-pressure-high");
        }
        if (pressure == Pressure.Medium
                && SmtpSession.ANONYMOUS.equalsIgnoreCase(policy.principal())) {
            return new Verdict(Replies.INSUFFICIENT_RESOURCES, "back-pressure-medium");
        }
        return null;
    }

    /**
     * MAIL FROM after its syntax was checked.
     *
     * @param sender the reverse path, or null for the null path {@code <>}
     * @param declaredSize the SIZE parameter, or -1 when none was given
     */
    public static Verdict mail(SessionPolicy policy, MailAddress sender, long declaredSize) {
        String who = policy.principal();
        Set<ExtendedRight> rights = policy.rights();
        if (!rights.contains(ExtendedRight.SMTP_SUBMIT)) {
            return new Verdict(Replies.NOT_AUTHENTICATED, who + " does not hold "
                    + ExtendedRight.SMTP_SUBMIT + " on this connector");
        }
        if (declaredSize >= 0 && !rights.contains(ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT)
                && declaredSize > policy.maxMessageSize()) {
            return new Verdict(Replies.MESSAGE_TOO_BIG, "SIZE=" + declaredSize
                    + " is more than MaxMessageSize (" + policy.maxMessageSize() + " bytes) and "
                    + who + " does not hold " + ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT);
        }
        Optional<Authentication> signedIn = policy.authentication();
        if (signedIn.isPresent()) {
            Verdict own = ownSender(policy, signedIn.get().account(), sender);
            if (own != null) {
                return own;
            }
        }
        Optional<DomainType> senderDomain = sender == null || sender.literal()
                ? Optional.empty() : policy.acceptedDomain(sender.domain());
        if (senderDomain.orElse(null) == DomainType.Authoritative) {
            if (!rights.contains(ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER)) {
                return new Verdict(signedIn.isPresent() ? Replies.CLIENT_SEND_AS_DENIED
                        : Replies.SEND_AS_DENIED, sender.domain()
                        + " is an Authoritative accepted domain and " + who + " does not hold "
                        + ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER);
            }
            return new Verdict(Replies.SENDER_OK, who + " holds " + ExtendedRight.SMTP_SUBMIT
                    + " and " + ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER + " ("
                    + sender.domain() + " is an Authoritative accepted domain)");
        }
        return new Verdict(Replies.SENDER_OK, who + " holds " + ExtendedRight.SMTP_SUBMIT
                + (sender == null ? " (null sender <>)" : ""));
    }

    /**
     * The Send-As check of an authenticated session at MAIL: its own addresses (and the null
     * sender) are accepted; another address needs ms-Exch-SMTP-Accept-Any-Sender, and then the
     * checks of any sender follow (null is returned).
     */
    private static Verdict ownSender(SessionPolicy policy, Account account, MailAddress sender) {
        String who = policy.principal();
        if (sender == null) {
            return new Verdict(Replies.SENDER_OK, who + " holds " + ExtendedRight.SMTP_SUBMIT
                    + " (null sender <>)");
        }
        if (account.owns(sender.toString())) {
            return new Verdict(Replies.SENDER_OK, who + " holds " + ExtendedRight.SMTP_SUBMIT
                    + " and " + sender + " is one of its own addresses");
        }
        if (!policy.rights().contains(ExtendedRight.SMTP_ACCEPT_ANY_SENDER)) {
            return new Verdict(Replies.CLIENT_SEND_AS_DENIED, sender + " is not an address of "
                    + who + " and " + who + " does not hold "
                    + ExtendedRight.SMTP_ACCEPT_ANY_SENDER);
        }
        return null;
    }

    /**
     * The Send-As check of an authenticated session at the end of data: every address in the
     * From and Sender fields must be the user's own unless it holds
     * ms-Exch-SMTP-Accept-Any-Sender. Null when the message may go on, else the refusal.
     *
     * @param headerBlock the client's header block as received
     */
    public static Verdict headerSenders(SessionPolicy policy, String headerBlock) {
        Optional<Authentication> signedIn = policy.authentication();
        if (signedIn.isEmpty() || policy.rights().contains(ExtendedRight.SMTP_ACCEPT_ANY_SENDER)) {
            return null;
        }
        Account account = signedIn.get().account();
        for (String field : new String[] {"From", "Sender"}) {
            for (String value : HeaderAddresses.fieldValues(headerBlock, field)) {
                java.util.List<String> addresses = HeaderAddresses.addresses(value);
                if (addresses.isEmpty()) {
                    return new Verdict(Replies.CLIENT_SEND_AS_DENIED, "the " + field
                            + " field holds no address " + account.userName() + " can send as");
                }
                for (String a : addresses) {
                    if (!account.owns(a)) {
                        return new Verdict(Replies.CLIENT_SEND_AS_DENIED, field + ": " + a
                                + " is not an address of " + account.userName() + " and "
                                + account.userName() + " does not hold "
                                + ExtendedRight.SMTP_ACCEPT_ANY_SENDER);
                    }
                }
            }
        }
        return null;
    }

    /**
     * RCPT TO after its syntax was checked.
     *
     * @param accepted how many recipients the transaction already holds
     */
    public static Verdict rcpt(SessionPolicy policy, MailAddress recipient, int accepted) {
        String who = policy.principal();
        if (accepted >= policy.maxRecipientsPerMessage()) {
            return new Verdict(Replies.TOO_MANY_RECIPIENTS, "the message already has "
                    + accepted + " recipients, MaxRecipientsPerMessage is "
                    + policy.maxRecipientsPerMessage());
        }
        Verdict reserved = reservedDomain(policy, recipient);
        if (reserved != null) {
            return reserved;
        }
        if (recipient.isPostmaster()) {
            return new Verdict(Replies.RECIPIENT_OK,
                    "the unqualified postmaster is always accepted");
        }
        Optional<DomainType> type = recipient.literal()
                ? Optional.empty() : policy.acceptedDomain(recipient.domain());
        if (type.isPresent()) {
            return new Verdict(Replies.RECIPIENT_OK, recipient.domain() + " is an accepted"
                    + " domain (" + type.get() + ")");
        }
        String remote = recipient.literal()
                ? recipient.domain() + " is an address literal (always remote)"
                : recipient.domain() + " is not an accepted domain";
        if (!policy.rights().contains(ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT)) {
            return new Verdict(Replies.UNABLE_TO_RELAY, remote + " and " + who
                    + " does not hold " + ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT);
        }
        return new Verdict(Replies.RECIPIENT_OK, remote + "; relayed because " + who
                + " holds " + ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT);
    }

    /**
     * The refusal for a recipient domain the connector's Reject*RecipientDomains options exclude
     * (RFC 2606 and RFC 6761 names, single labels), or null. Address literals and the
     * unqualified postmaster have no such domain.
     */
    private static Verdict reservedDomain(SessionPolicy policy, MailAddress rcpt) {
        if (rcpt.literal() || rcpt.isPostmaster()) {
            return null;
        }
        String d = rcpt.domain();
        if (policy.rejectSingleLabelRecipientDomains() && d.indexOf('.') < 0) {
            return new Verdict(Replies.SINGLE_LABEL_DOMAIN, d + " is a single-label domain and"
                    + " RejectSingleLabelRecipientDomains is on");
        }
        String tld = d.substring(d.lastIndexOf('.') + 1);
        if (policy.rejectReservedTopLevelRecipientDomains() && d.indexOf('.') > 0
                && RESERVED_TOP_LEVEL.contains(tld)) {
            return new Verdict(Replies.RESERVED_TOP_LEVEL_DOMAIN, "." + tld + " is a reserved"
                    + " top-level domain and RejectReservedTopLevelRecipientDomains is on");
        }
        if (policy.rejectReservedSecondLevelRecipientDomains()) {
            for (String sld : RESERVED_SECOND_LEVEL) {
                if (d.equals(sld) || d.endsWith("." + sld)) {
                    return new Verdict(Replies.RESERVED_SECOND_LEVEL_DOMAIN, sld + " is a"
                            + " reserved second-level domain and"
                            + " RejectReservedSecondLevelRecipientDomains is on");
                }
            }
        }
        return null;
    }

    private static final Set<String> RESERVED_TOP_LEVEL =
            Set.of("test", "example", "invalid", "localhost");
    private static final List<String> RESERVED_SECOND_LEVEL =
            List.of("example.com", "example.net", "example.org");

    /**
     * The verdict on a sender as typed (without angle brackets; empty for the null path), for a
     * client that said EHLO and gave no MAIL parameters: the address syntax, then
     * {@link #mail}.
     */
    public static Verdict mailFrom(SessionPolicy policy, String path) {
        if (path.isEmpty() || path.equals("<>")) {
            return mail(policy, null, -1);
        }
        MailAddress sender;
        try {
            sender = AddressParser.parsePath(strip(path), policy.smtpUtf8Enabled(), false);
        } catch (AddressParser.InvalidAddressException e) {
            return new Verdict(Replies.INVALID_SENDER, "\"" + path + "\" is not a valid address: "
                    + e.getMessage());
        }
        if (sender.utf8()) {
            return new Verdict(Replies.UTF8_REQUIRED, "the address holds non-ASCII characters"
                    + " and MAIL FROM has no SMTPUTF8 parameter");
        }
        return mail(policy, sender, -1);
    }

    /**
     * The verdict on a recipient as typed, as the first recipient of a transaction without
     * parameters: the address syntax, then {@link #rcpt}.
     */
    public static Verdict rcptTo(SessionPolicy policy, String path) {
        MailAddress rcpt;
        try {
            rcpt = AddressParser.parsePath(strip(path), policy.smtpUtf8Enabled(), true);
        } catch (AddressParser.InvalidAddressException e) {
            return new Verdict(Replies.INVALID_RECIPIENT, "\"" + path
                    + "\" is not a valid address: " + e.getMessage());
        }
        if (rcpt.utf8()) {
            return new Verdict(Replies.UTF8_REQUIRED, "the address holds non-ASCII characters"
                    + " and MAIL FROM had no SMTPUTF8 parameter");
        }
        return rcpt(policy, rcpt, 0);
    }

    /** RCPT TO when MAIL FROM was refused: the session has no transaction. */
    public static Verdict rcptWithoutMail(Verdict refusedMail) {
        return new Verdict(Replies.BAD_SEQUENCE, "MAIL FROM was refused ("
                + refusedMail.reply().code() + "), so there is no transaction for RCPT TO");
    }

    private static String strip(String path) {
        String p = path.trim();
        if (p.startsWith("<") && p.endsWith(">") && p.length() >= 2) {
            return p.substring(1, p.length() - 1);
        }
        return p;
    }
}
