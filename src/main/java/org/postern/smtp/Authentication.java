package org.postern.smtp;

/**
 * How a session authenticated: the one place the rest of the session (the sender checks at MAIL
 * and at the end of data, and the authentication headers written at DATA) reads it, through
 * {@link SessionPolicy#authentication()}.
 *
 * @param account the mailbox the client signed in as
 * @param mechanism the SASL mechanism, {@code LOGIN} or {@code PLAIN}
 */
public record Authentication(Account account, String mechanism) {
}
