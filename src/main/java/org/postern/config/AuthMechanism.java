package org.postern.config;

/**
 * A receive connector's authentication mechanisms (a flags value; printed in this order:
 * {@code Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer}).
 */
public enum AuthMechanism {
    None,
    Tls,
    Integrated,
    BasicAuth,
    BasicAuthRequireTLS,
    ExchangeServer,
    ExternalAuthoritative
}
