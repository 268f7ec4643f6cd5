package org.postern.smtp;

/**
 * A mailbox from a MAIL or RCPT path, after parsing and normalisation. The same value is used for
 * the permission checks, the envelope and the queue, so what was checked is what is delivered.
 *
 * <p>The local part is kept exactly as the client sent it (quotes included; RFC 5321 makes it
 * case-sensitive). The domain is lower-case ASCII, with U-labels turned into A-labels; an address
 * literal keeps its brackets ({@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}). A domain never
 * ends in a dot: a trailing dot is a syntax error, not something we strip.
 *
 * @param localPart the local part as sent
 * @param domain the normalised domain or address literal; empty only for {@code <postmaster>}
 * @param literal true when the domain is an address literal (always treated as remote)
 * @param utf8 true when the address holds non-ASCII characters (needs SMTPUTF8)
 */
public record MailAddress(String localPart, String domain, boolean literal, boolean utf8) {

    /** The unqualified {@code <postmaster>} of RFC 5321 section 4.5.1. */
    public static final MailAddress POSTMASTER = new MailAddress("postmaster", "", false, false);

    /** True for the unqualified postmaster address. */
    public boolean isPostmaster() {
        return domain.isEmpty();
    }

    /** The address as it goes into the envelope and the logs: {@code local@domain}. */
    @Override
    public String toString() {
        return domain.isEmpty() ? localPart : localPart + "@" + domain;
    }
}
