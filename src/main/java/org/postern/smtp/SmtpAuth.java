package org.postern.smtp;

import java.util.Locale;

/**
 * The AUTH command of one session (RFC 4954) as the connector allows it: what EHLO advertises,
 * whether an AUTH command may start, the SASL exchange in progress and the count of failed
 * logons. The session runs the exchange; the check of the credentials is {@link Authenticator}.
 *
 * <p>Only BasicAuth is implemented: AUTH LOGIN (what Exchange offers) and AUTH PLAIN (RFC 4954
 * makes it the one every server should have; Exchange does not list it). Integrated (NTLM,
 * GSSAPI) and ExchangeServer authentication are never advertised, so EHLO shows
 * {@code AUTH LOGIN PLAIN} where Exchange shows {@code AUTH NTLM LOGIN}.
 */
final class SmtpAuth {

    /** Why an AUTH command cannot start; a protocol error counts toward MaxProtocolErrors. */
    record Refusal(Reply reply, boolean protocolError) {
    }

    private SaslExchange exchange;
    /** The mechanism of the exchange that ended last. */
    private String lastMechanism = "";
    private int failures;

    /** Whether basic authentication is open now (after STARTTLS when the connector needs it). */
    static boolean offered(SessionPolicy p, boolean tls) {
        return p.basicAuth() && (tls || !p.basicAuthRequireTls());
    }

    /** The EHLO keyword line, or null when nothing is offered now (case T07). */
    static String keyword(SessionPolicy p, boolean tls) {
        return offered(p, tls) ? "AUTH LOGIN PLAIN" : null;
    }

    /**
     * The refusal of an AUTH command, or null when the exchange may start.
     *
     * @param argument what follows {@code AUTH}: the mechanism and an optional initial response
     */
    static Refusal check(SessionPolicy p, boolean greeted, boolean inTransaction, boolean tls,
            String argument) {
        if (!greeted) {
            return new Refusal(Replies.SEND_HELLO_FIRST, true);
        }
        if (p.authentication().isPresent()) {
            return new Refusal(Replies.ALREADY_AUTHENTICATED, true);
        }
        if (inTransaction) {
            // RFC 4954 section 4: not during a mail transaction.
            return new Refusal(Replies.BAD_SEQUENCE, true);
        }
        String[] args = argument.strip().split(" +");
        if (args[0].isEmpty() || args.length > 2) {
            return new Refusal(Replies.INVALID_ARGUMENTS, true);
        }
        if (!p.basicAuth() || SaslExchange.mechanism(args[0]) == null) {
            return new Refusal(Replies.AUTH_UNRECOGNIZED, false);
        }
        if (!offered(p, tls)) {
            return new Refusal(Replies.STARTTLS_FIRST, false);
        }
        return null;
    }

    /** Starts the exchange of a checked AUTH command and returns its first step. */
    SaslExchange.Step begin(String argument) {
        String[] args = argument.strip().split(" +");
        exchange = SaslExchange.start(SaslExchange.mechanism(args[0]));
        SaslExchange.Step step = exchange.first(args.length > 1 ? args[1] : null);
        endUnlessChallenge(step);
        return step;
    }

    /** Whether the next input line is a response to a challenge. */
    boolean inExchange() {
        return exchange != null;
    }

    /** The mechanism of the exchange in progress or just ended, e.g. {@code LOGIN}. */
    String mechanism() {
        return exchange == null ? lastMechanism : exchange.mechanismUsed().name();
    }

    /** The next step from a response line. */
    SaslExchange.Step respond(String line) {
        SaslExchange.Step step = exchange.respond(line);
        endUnlessChallenge(step);
        return step;
    }

    /** Ends the exchange in progress (an overlong response line, for instance). */
    void abandon() {
        if (exchange != null) {
            lastMechanism = exchange.mechanismUsed().name();
        }
        exchange = null;
    }

    private void endUnlessChallenge(SaslExchange.Step step) {
        if (step.challenge() == null) {
            abandon();
        }
    }

    /** Counts a failed logon; true when it reaches MaxLogonFailures (the session closes). */
    boolean failed(SessionPolicy p) {
        failures++;
        return p.maxLogonFailures() > 0 && failures >= p.maxLogonFailures();
    }

    int failures() {
        return failures;
    }

    /**
     * The command line as the protocol log may show it: an initial response is credentials, so
     * only {@code AUTH mechanism} is kept and the rest becomes {@code ****}.
     */
    static String loggable(String line) {
        String[] parts = line.strip().split(" +", 3);
        if (parts.length >= 3 && parts[0].toUpperCase(Locale.ROOT).equals("AUTH")) {
            return parts[0] + " " + parts[1] + " ****";
        }
        return line;
    }
}
