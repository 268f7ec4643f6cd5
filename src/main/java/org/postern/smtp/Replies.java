package org.postern.smtp;

/**
 * The reply catalogue: every fixed reply the session sends, with Exchange's texts where they are
 * known (exchange-behaviour.md section (g)). Where Exchange's wording is not public the text is
 * Postern's own choice, marked "Postern" below, so a later correction has one place to go.
 */
final class Replies {

    private Replies() {
    }

    // Greeting and session.
    static final Reply CLOSING = Reply.of(221, "2.0.0", "Service closing transmission channel");
    static final Reply RESETTING = Reply.of(250, "2.0.0", "Resetting");
    static final Reply NOOP_OK = Reply.of(250, "2.0.0", "OK");
    static final Reply HELP = new Reply(214, "", java.util.List.of(
            "This server supports the following commands:",
            "HELO EHLO STARTTLS RCPT DATA RSET MAIL QUIT HELP AUTH BDAT"));
    static final Reply VRFY =
            Reply.of(252, "2.1.5", "Cannot VRFY user, but will take message for ");

    // Envelope.
    static final Reply SENDER_OK = Reply.of(250, "2.1.0", "Sender OK");
    static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5", "Recipient OK");
    static final Reply START_MAIL_INPUT =
            Reply.plain(354, "Start mail input; end with <CRLF>.<CRLF>");

    // Syntax and sequence.
    static final Reply UNRECOGNIZED = Reply.of(500, "5.3.3", "Unrecognized command");
    /** Postern: the text is ours; Exchange's reply to an overlong line is not public. */
    static final Reply LINE_TOO_LONG = Reply.of(500, "5.5.2", "Line too long");
    /** Postern: NUL, bare CR, bare LF, other control bytes or bad UTF-8 in a command line. */
    static final Reply INVALID_CHARACTERS =
            Reply.of(501, "5.5.2", "Syntax error, invalid characters in command");
    static final Reply INVALID_DOMAIN = Reply.of(501, "5.5.4", "Invalid domain name");
    /** Postern: arguments where the command takes none, or a missing argument. */
    static final Reply INVALID_ARGUMENTS = Reply.of(501, "5.5.4", "Invalid arguments");
    static final Reply INVALID_SENDER = Reply.of(501, "5.1.7", "Invalid address");
    /** RFC 3463 X.1.3 (bad destination mailbox address syntax); same text as the sender's. */
    static final Reply INVALID_RECIPIENT = Reply.of(501, "5.1.3", "Invalid address");
    /** Postern: RFC 5321 section 4.1.1.11 reply 555 for an unknown MAIL/RCPT parameter. */
    static final Reply UNRECOGNIZED_PARAMETER =
            Reply.of(555, "5.5.4", "Unrecognized parameter");
    /** Postern: a known parameter with a bad value, or given twice. */
    static final Reply INVALID_PARAMETER = Reply.of(501, "5.5.4", "Invalid parameter");
    /** Postern: RFC 6531 section 3.5 (a UTF-8 address without the SMTPUTF8 parameter). */
    static final Reply UTF8_REQUIRED =
            Reply.of(553, "5.6.7", "SMTPUTF8 is required for this address");
    static final Reply SEND_HELLO_FIRST = Reply.of(503, "5.5.2", "Send hello first");
    static final Reply BAD_SEQUENCE = Reply.of(503, "5.5.1", "Bad sequence of commands");
    /** Postern: RFC 2920 section 3.1 (DATA with no accepted recipient). */
    static final Reply NO_VALID_RECIPIENTS = Reply.of(554, "5.5.1", "No valid recipients");
    /** Postern: bytes sent after DATA (or EHLO/HELO) before its reply; the session is closed. */
    static final Reply IMPROPER_PIPELINING =
            Reply.of(554, "5.5.0", "Improper pipelining, data sent before the reply");

    // Permissions.
    static final Reply NOT_AUTHENTICATED = Reply.of(530, "5.7.1", "Client was not authenticated");
    static final Reply SEND_AS_DENIED =
            Reply.of(550, "5.7.1",
                    "Anonymous client does not have permission to send as this sender");
    static final Reply UNABLE_TO_RELAY = Reply.of(550, "5.7.1", "Unable to relay");

    /** The Send-As check of an authenticated session (section (g), the 2013 text). */
    static final Reply CLIENT_SEND_AS_DENIED = Reply.of(550, "5.7.1",
            "Client does not have permissions to send as this sender");

    // Authentication (section (g); RFC 4954 codes where Exchange's text is not public).
    static final Reply AUTH_OK = Reply.of(235, "2.7.0", "Authentication successful");
    static final Reply AUTH_FAILED = Reply.of(535, "5.7.3", "Authentication unsuccessful");
    static final Reply AUTH_UNRECOGNIZED =
            Reply.of(504, "5.7.4", "Unrecognized authentication type");
    /** Postern: RFC 4954 section 4, the client answered a challenge with "*". */
    static final Reply AUTH_CANCELLED = Reply.of(501, "5.0.0", "Authentication cancelled");
    /** Postern: RFC 4954 section 4 asks for 501 and 5.5.2 for a response that isn't base64. */
    static final Reply AUTH_BAD_BASE64 =
            Reply.of(501, "5.5.2", "Cannot decode the response as base64");
    /** Postern: RFC 4954 section 4, AUTH after a successful AUTH. */
    static final Reply ALREADY_AUTHENTICATED = Reply.of(503, "5.5.2", "Already authenticated");
    /** Postern: RFC 3207 section 4's text (BasicAuthRequireTLS before STARTTLS, case T07). */
    static final Reply STARTTLS_FIRST =
            Reply.of(530, "5.7.0", "Must issue a STARTTLS command first");
    /**
     * Postern: RFC 4954 section 6, the checks are overloaded, or this client address has failed
     * too often ({@link LogonThrottle}).
     */
    static final Reply AUTH_TEMPORARY =
            Reply.of(454, "4.7.0", "Temporary authentication failure");
    /** Postern: MaxLogonFailures reached (Exchange's text is not public); sent after the 535. */
    static final Reply TOO_MANY_LOGON_FAILURES = Reply.of(421, "4.7.0",
            "Too many failed logon attempts, closing transmission channel");

    // Recipient domain options of the connector (Exchange's enhanced codes; basic code 550 is
    // Postern's choice, Exchange's is not public).
    static final Reply RESERVED_TOP_LEVEL_DOMAIN =
            Reply.of(550, "5.1.4", "Recipient address reserved by RFC 2606");
    static final Reply RESERVED_SECOND_LEVEL_DOMAIN =
            Reply.of(550, "5.1.5", "Recipient address reserved by RFC 2606");
    static final Reply SINGLE_LABEL_DOMAIN =
            Reply.of(550, "5.1.6", "Recipient addresses in single label domains not accepted");

    // Limits.
    static final Reply TOO_MANY_RECIPIENTS = Reply.of(452, "4.5.3", "Too many recipients");
    static final Reply MESSAGE_TOO_BIG =
            Reply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    /** Postern: Exchange closes the connection on MaxHeaderSize; we answer and stay in step. */
    static final Reply HEADER_TOO_BIG =
            Reply.of(552, "5.3.4", "Message header size exceeds fixed maximum size");
    /**
     * Postern: BareLinefeedRejectionEnabled and the message held a bare LF. Exchange's reply
     * to this is UNCONFIRMED (not public); 5.6.11 is the enhanced code Exchange Online gives
     * bare line feeds, the text is ours.
     */
    static final Reply BARE_LINEFEED =
            Reply.of(550, "5.6.11", "Bare line feeds are not allowed");
    /** Exchange's enhanced code and text; the basic code 554 is Postern's (not public). */
    static final Reply HOP_COUNT_EXCEEDED =
            Reply.of(554, "5.4.6", "Hop count exceeded - possible mail loop");
    static final Reply CONNECTION_TIMED_OUT = Reply.of(421, "4.4.1", "Connection timed out");
    static final Reply INACTIVITY_TIMEOUT =
            Reply.of(451, "4.7.0", "Timeout waiting for client input");
    /** MessageRateLimit reached: given at MAIL, then the connection is closed. */
    static final Reply MESSAGE_RATE_EXCEEDED = Reply.of(421, "4.4.2",
            "Message submission rate for this client has exceeded the configured limit");
    /** Postern: MaxProtocolErrors reached (Exchange's text is not public). */
    static final Reply TOO_MANY_ERRORS = Reply.of(421, "4.7.0",
            "Too many errors on this connection, closing transmission channel");

    // Storage.
    /**
     * Exchange's back-pressure text (section h): MAIL under back pressure, and, with the same
     * reply, a message the queue's disk had no room for (no queue file could be opened at
     * DATA/BDAT, a write or the commit ran out of space).
     */
    static final Reply INSUFFICIENT_RESOURCES =
            Reply.of(452, "4.3.1", "Insufficient system resources");
    /** Postern: the queue could not make the message durable (case P26: never 250, never 5xx). */
    static final Reply QUEUE_FAILED =
            Reply.of(451, "4.3.0", "Message could not be queued, please try again later");
    /** Exchange's text for an internal failure; the session is closed after it. */
    static final Reply SERVICE_NOT_AVAILABLE =
            Reply.of(421, "4.3.2", "System not accepting network messages");
}
