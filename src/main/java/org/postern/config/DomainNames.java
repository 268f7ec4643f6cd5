package org.postern.config;

import java.util.regex.Pattern;

/** Syntax of DNS domain names as they appear in configuration (RFC 1035 letters-digits-hyphen). */
public final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DomainNames() {
    }

    /** Whether {@code name} (lower case) is a syntactically valid host or domain name. */
    public static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
