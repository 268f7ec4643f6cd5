package org.postern.config;

/** How an accepted domain's recipients are handled (New-AcceptedDomain -DomainType). */
public enum DomainType {
    /** Every recipient lives here; unknown recipients get a non-delivery report. */
    Authoritative,
    /** Shared namespace: unknown recipients go on through a send connector. */
    InternalRelay,
    /** Accepted only to be relayed to another system. */
    ExternalRelay
}
