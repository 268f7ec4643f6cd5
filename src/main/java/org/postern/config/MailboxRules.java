package org.postern.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules New- and Set-Mailbox enforce: a name, alias and address belong to one mailbox only,
 * addresses are valid SMTP addresses, and (checked by the cmdlets when addresses are given,
 * {@link #checkDomains}) their domains are accepted domains Postern delivers for.
 */
public final class MailboxRules {

    /** RFC 5321 dot-atom local part. */
    private static final Pattern LOCAL =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private MailboxRules() {
    }

    /**
     * Checks a mailbox on its own and against the other mailboxes.
     *
     * @throws InvalidConfigurationException naming the bad value or the mailbox that already uses
     *     it
     */
    public static void check(Mailbox m, Configuration config) {
        if (m.name().isBlank() || m.name().length() > 64) {
            throw new InvalidConfigurationException("The name \"" + m.name()
                    + "\" isn't valid: a mailbox name has 1 to 64 characters.");
        }
        if (m.displayName().length() > 256) {
            throw new InvalidConfigurationException("The DisplayName value is too long: a display"
                    + " name has at most 256 characters.");
        }
        for (String a : m.emailAddresses()) {
            checkAddress(a);
        }
        for (Mailbox other : config.mailboxes()) {
            if (other.guid().equals(m.guid())) {
                continue;
            }
            if (other.name().equalsIgnoreCase(m.name())) {
                throw new InvalidConfigurationException("A mailbox named \"" + other.name()
                        + "\" already exists. Choose another name.",
                        "ADObjectAlreadyExistsException");
            }
            if (other.alias().equalsIgnoreCase(m.alias())) {
                throw new InvalidConfigurationException("The alias \"" + m.alias()
                        + "\" is already used by mailbox \"" + other.name()
                        + "\". Choose another name.", "ADObjectAlreadyExistsException");
            }
            for (String a : m.emailAddresses()) {
                if (other.hasAddress(a)) {
                    throw new InvalidConfigurationException("The email address \"" + a
                            + "\" is already used by mailbox \"" + other.name()
                            + "\". Choose another address.", "ProxyAddressExistsException");
                }
            }
        }
    }

    /**
     * Checks that every address of a mailbox is in an Authoritative or InternalRelay accepted
     * domain (the domains whose recipients Postern holds).
     *
     * @throws InvalidConfigurationException naming the address
     */
    public static void checkDomains(Mailbox m, Configuration config) {
        for (String a : m.emailAddresses()) {
            String domain = a.substring(a.lastIndexOf('@') + 1);
            AcceptedDomain d = config.acceptedDomainFor(domain).orElse(null);
            if (d == null) {
                throw new InvalidConfigurationException("The email address \"" + a
                        + "\" isn't valid: " + domain + " isn't an accepted domain. Add it with"
                        + " New-AcceptedDomain first.");
            }
            if (d.domainType() == DomainType.ExternalRelay) {
                throw new InvalidConfigurationException("The email address \"" + a
                        + "\" isn't valid: the accepted domain \"" + d.name()
                        + "\" is ExternalRelay, and mailboxes can only have addresses in"
                        + " Authoritative or InternalRelay domains.");
            }
        }
    }

    /**
     * Checks the syntax of an SMTP address as a mailbox holds it ({@code local@domain}).
     *
     * @throws InvalidConfigurationException naming the address
     */
    public static void checkAddress(String address) {
        int at = address.lastIndexOf('@');
        boolean ok = at > 0 && at <= 64 && LOCAL.matcher(address.substring(0, at)).matches()
                && DomainNames.isValid(address.substring(at + 1).toLowerCase(Locale.ROOT))
                && address.length() <= 320;
        if (!ok) {
            throw new InvalidConfigurationException("The email address \"" + address
                    + "\" isn't valid. Use an address such as kim@contoso.com.");
        }
    }
}
