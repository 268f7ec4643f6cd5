package org.postern.config;

import java.util.Objects;

/**
 * A user name and password a send connector presents to a smart host (AUTH PLAIN/LOGIN). The
 * password is kept in memory as given; {@link ConfigFile} stores it encrypted, and
 * {@link #toString} never shows it.
 */
public record SmtpCredential(String userName, String password) {

    public SmtpCredential {
        Objects.requireNonNull(userName);
        Objects.requireNonNull(password);
    }

    /** What Get-SendConnector shows: the .NET type name, as EMS prints a PSCredential. */
    public static final String DISPLAY = "System.Management.Automation.PSCredential";

    @Override
    public String toString() {
        return DISPLAY;
    }
}
