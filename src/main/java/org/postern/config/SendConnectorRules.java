package org.postern.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The rules New- and Set-SendConnector enforce: smart hosts go with DNS routing switched off and
 * the other way round, smart-host Basic authentication needs a credential, address spaces are
 * valid and not repeated, and names are unique in the organisation.
 */
public final class SendConnectorRules {

    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);
    private static final long MAX_SIZE = 2147483647L;

    private SendConnectorRules() {
    }

    /**
     * Checks one send connector against itself and the other send connectors.
     *
     * @throws InvalidConfigurationException naming the bad value or the conflicting connector
     */
    public static void check(SendConnector c, Configuration config) {
        checkOwn(c);
        for (SendConnector other : config.sendConnectors()) {
            if (!other.guid().equals(c.guid()) && other.name().equalsIgnoreCase(c.name())) {
                throw new InvalidConfigurationException("A send connector named \"" + other.name()
                        + "\" already exists. Choose another name.",
                        "ADObjectAlreadyExistsException");
            }
        }
    }

    static void checkOwn(SendConnector c) {
        ConnectorRules.checkName(c.name());
        if (c.addressSpaces().isEmpty()) {
            throw new InvalidConfigurationException("The AddressSpaces parameter of send"
                    + " connector \"" + c.name() + "\" can't be empty.");
        }
        Set<String> seen = new HashSet<>();
        for (AddressSpace a : c.addressSpaces()) {
            if (!seen.add(a.type() + ":" + a.domain())) {
                throw new InvalidConfigurationException("The address space \"" + a
                        + "\" is listed more than once on send connector \"" + c.name() + "\".");
            }
            if (a.cost() < AddressSpace.MIN_COST || a.cost() > AddressSpace.MAX_COST) {
                throw new InvalidConfigurationException("The cost of address space \"" + a
                        + "\" is out of range: use " + AddressSpace.MIN_COST + " to "
                        + AddressSpace.MAX_COST + ".");
            }
        }
        if (!c.smartHosts().isEmpty() && c.dnsRoutingEnabled()) {
            throw new InvalidConfigurationException("The SmartHosts value \""
                    + join(c.smartHosts()) + "\" can't be used while DNSRoutingEnabled is $true."
                    + " Set -DNSRoutingEnabled $false to route through smart hosts.");
        }
        if (c.smartHosts().isEmpty() && !c.dnsRoutingEnabled()) {
            throw new InvalidConfigurationException("DNSRoutingEnabled is $false on send"
                    + " connector \"" + c.name() + "\", so the SmartHosts parameter can't be"
                    + " empty. Give -SmartHosts, or set -DNSRoutingEnabled $true.");
        }
        SmartHostAuthMechanism auth = c.smartHostAuthMechanism();
        if (auth != SmartHostAuthMechanism.None && c.dnsRoutingEnabled()) {
            throw new InvalidConfigurationException("The SmartHostAuthMechanism value \"" + auth
                    + "\" applies only to smart hosts: set -DNSRoutingEnabled $false and give"
                    + " -SmartHosts, or use None.");
        }
        if (auth.needsCredential() && c.authenticationCredential() == null) {
            throw new InvalidConfigurationException("The SmartHostAuthMechanism value \"" + auth
                    + "\" requires the AuthenticationCredential parameter.");
        }
        if (c.authenticationCredential() != null && c.authenticationCredential().userName()
                .isBlank()) {
            throw new InvalidConfigurationException(
                    "The user name of AuthenticationCredential can't be empty.");
        }
        if (c.port() < 1 || c.port() > 65535) {
            throw new InvalidConfigurationException("The Port value \"" + c.port()
                    + "\" is out of range: use 1 to 65535.");
        }
        if (c.maxMessageSize().size().isPresent()
                && c.maxMessageSize().size().get().bytes() > MAX_SIZE) {
            throw new InvalidConfigurationException("The MaxMessageSize value \""
                    + c.maxMessageSize() + "\" is out of range: use 0 B to 2 GB, or Unlimited.");
        }
        String fqdn = c.fqdn();
        if (fqdn != null && !DomainNames.isValid(fqdn.toLowerCase(Locale.ROOT))) {
            throw new InvalidConfigurationException(
                    "The Fqdn value \"" + fqdn + "\" isn't a valid domain name.");
        }
        Duration t = c.connectionInactivityTimeOut();
        if (t.compareTo(MIN_TIMEOUT) < 0 || t.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidConfigurationException("The ConnectionInactivityTimeOut value \""
                    + TimeSpans.format(t) + "\" is out of range: use 00:00:01 to 1.00:00:00.");
        }
        if (c.smtpMaxMessagesPerConnection() < 1) {
            throw new InvalidConfigurationException("The SmtpMaxMessagesPerConnection value \""
                    + c.smtpMaxMessagesPerConnection()
                    + "\" is out of range: use 1 to 2147483647.");
        }
        if (c.comment() != null && c.comment().length() > 1024) {
            throw new InvalidConfigurationException(
                    "The Comment value is too long: a comment has at most 1024 characters.");
        }
    }

    private static String join(java.util.List<SmartHost> hosts) {
        StringBuilder sb = new StringBuilder();
        for (SmartHost h : hosts) {
            sb.append(sb.length() == 0 ? "" : ", ").append(h);
        }
        return sb.toString();
    }
}
