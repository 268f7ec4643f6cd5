package org.postern.config;

import java.util.Locale;

/**
 * A domain Postern accepts mail for (New-AcceptedDomain). {@code domainName} is a domain or
 * {@code *.domain}, which also covers every subdomain.
 */
public record AcceptedDomain(String name, String domainName, DomainType domainType,
        boolean isDefault) {

    /**
     * Checks and normalises a domain name as New-AcceptedDomain takes it.
     *
     * @throws IllegalArgumentException naming the value when it is not a domain name
     */
    public static String normaliseDomainName(String value) {
        String d = value.trim().toLowerCase(Locale.ROOT);
        String host = d.startsWith("*.") ? d.substring(2) : d;
        if (!DomainNames.isValid(host)) {
            throw new IllegalArgumentException("The value \"" + value
                    + "\" isn't a valid domain name. Use a domain such as contoso.com or"
                    + " *.contoso.com.");
        }
        return d;
    }

    /** Whether a recipient or sender domain (lower case, no trailing dot) is covered. */
    public boolean matches(String domain) {
        String d = domainName.toLowerCase(Locale.ROOT);
        if (d.startsWith("*.")) {
            String parent = d.substring(2);
            return domain.equals(parent) || domain.endsWith("." + parent);
        }
        return domain.equals(d);
    }

    public AcceptedDomain withDefault(boolean value) {
        return new AcceptedDomain(name, domainName, domainType, value);
    }

    public AcceptedDomain withType(DomainType type) {
        return new AcceptedDomain(name, domainName, type, isDefault);
    }
}
