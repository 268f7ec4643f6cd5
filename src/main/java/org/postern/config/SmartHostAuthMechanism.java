package org.postern.config;

/**
 * How a send connector authenticates to its smart hosts. Postern's SMTP client implements
 * {@link #None}, {@link #BasicAuth} and {@link #BasicAuthRequireTLS}; the other two are
 * Exchange-to-Exchange mechanisms that Postern keeps in the configuration but refuses at delivery
 * (see {@link #supportedByPostern()}).
 */
public enum SmartHostAuthMechanism {
    None, BasicAuth, BasicAuthRequireTLS, ExchangeServer, ExternalAuthoritative;

    /** Whether this mechanism needs AuthenticationCredential. */
    public boolean needsCredential() {
        return this == BasicAuth || this == BasicAuthRequireTLS;
    }

    /** Whether Postern's SMTP client can authenticate this way. */
    public boolean supportedByPostern() {
        return this == None || this == BasicAuth || this == BasicAuthRequireTLS;
    }
}
