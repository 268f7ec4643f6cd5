package org.postern.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One address space of a send connector: the recipient domains it carries and at what cost.
 * {@code domain} is {@code *} (every domain), a domain (that domain only) or {@code *.domain}
 * (the domain and all its subdomains). Exchange's text form is {@code [Type:]Domain[;Cost]}, for
 * example {@code *}, {@code contoso.com} or {@code SMTP:*.contoso.com;5}; the type defaults to
 * SMTP and the cost to 1. Postern routes SMTP address spaces only.
 */
public record AddressSpace(String type, String domain, int cost) {

    public static final int MIN_COST = 1;
    public static final int MAX_COST = 100;

    private static final Pattern TYPE = Pattern.compile("\\s*([A-Za-z0-9]+):.*", Pattern.DOTALL);
    private static final Pattern TEXT =
            Pattern.compile("\\s*(?:([A-Za-z0-9]+):)?([^;]*?)\\s*(?:;\\s*([^;]*?)\\s*)?");

    public AddressSpace {
        type = type.toUpperCase(Locale.ROOT);
        domain = domain.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses Exchange's text form.
     *
     * @throws IllegalArgumentException naming the value when it is not an SMTP address space
     */
    public static AddressSpace parse(String value) {
        Matcher t = TYPE.matcher(value);
        if (t.matches() && !t.group(1).equalsIgnoreCase("SMTP")) {
            throw bad(value, "Postern routes only SMTP address spaces, not " + t.group(1));
        }
        Matcher m = TEXT.matcher(value);
        if (!m.matches() || m.group(2).isEmpty()) {
            throw bad(value, "use *, a domain such as contoso.com or *.contoso.com, optionally"
                    + " with a type and cost as in SMTP:*.contoso.com;5");
        }
        String domain = m.group(2).toLowerCase(Locale.ROOT);
        if (domain.endsWith(".") && domain.length() > 1) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.equals("--")) {
            throw bad(value, "the address space -- (all accepted domains) exists only on Edge"
                    + " servers");
        }
        if (!domain.equals("*")) {
            String host = domain.startsWith("*.") ? domain.substring(2) : domain;
            if (!DomainNames.isValid(host)) {
                throw bad(value, "\"" + m.group(2) + "\" is not *, a domain or *.domain");
            }
        }
        int cost = 1;
        if (m.group(3) != null) {
            try {
                cost = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                throw bad(value, "the cost \"" + m.group(3) + "\" is not a whole number");
            }
            if (cost < MIN_COST || cost > MAX_COST) {
                throw bad(value, "the cost " + cost + " is out of range: use " + MIN_COST + " to "
                        + MAX_COST);
            }
        }
        return new AddressSpace("SMTP", domain, cost);
    }

    private static IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException(
                "The address space \"" + value + "\" isn't valid: " + why + ".");
    }

    /** Whether a recipient domain (lower case, no trailing dot) falls in this address space. */
    public boolean matches(String recipientDomain) {
        String d = recipientDomain.toLowerCase(Locale.ROOT);
        if (domain.equals("*")) {
            return true;
        }
        if (domain.startsWith("*.")) {
            String parent = domain.substring(2);
            return d.equals(parent) || d.endsWith("." + parent);
        }
        return d.equals(domain);
    }

    /**
     * How specific the address space is, for choosing between connectors that match the same
     * domain (higher wins, then lower cost): an exact domain beats any wildcard, a longer
     * {@code *.domain} beats a shorter one, and {@code *} is the least specific.
     */
    public int specificity() {
        if (domain.equals("*")) {
            return 0;
        }
        if (domain.startsWith("*.")) {
            return domain.length();
        }
        return Integer.MAX_VALUE;
    }

    /** Exchange's display form, {@code SMTP:*.contoso.com;5}. */
    @Override
    public String toString() {
        return type + ":" + domain + ";" + cost;
    }
}
