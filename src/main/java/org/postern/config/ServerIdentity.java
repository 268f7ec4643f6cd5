package org.postern.config;

/**
 * Who this Postern server is: its short name (shown in identities such as {@code EX01\Relay}),
 * its FQDN, and the NetBIOS name of its organisation's domain (in principal names such as
 * {@code CONTOSO\Exchange Servers}).
 */
public record ServerIdentity(String name, String fqdn, String netbiosDomain) {
}
