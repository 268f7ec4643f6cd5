package org.postern.config;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A send connector (New-SendConnector): which recipient domains it carries (address spaces), how
 * it finds the next hop (DNS MX lookup, or a list of smart hosts on {@code port}), and how it
 * talks to it. Organisation-wide: its identity is its name. Immutable; change it through
 * {@link #toBuilder()}.
 *
 * @param authenticationCredential null when none is set
 * @param fqdn the name given in EHLO; null means the server's FQDN
 * @param comment null when none is set
 */
public record SendConnector(String name, UUID guid, SendConnectorUsage usage,
        List<AddressSpace> addressSpaces, List<SmartHost> smartHosts, int port,
        boolean dnsRoutingEnabled, SmartHostAuthMechanism smartHostAuthMechanism,
        SmtpCredential authenticationCredential, boolean requireTls, ByteLimit maxMessageSize,
        String fqdn, boolean enabled, Duration connectionInactivityTimeOut,
        int smtpMaxMessagesPerConnection, List<String> sourceTransportServers, String comment,
        Instant whenCreated, Instant whenChanged) {

    public static final int DEFAULT_PORT = 25;
    public static final Duration DEFAULT_CONNECTION_INACTIVITY_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_SMTP_MAX_MESSAGES_PER_CONNECTION = 20;

    public SendConnector {
        Objects.requireNonNull(name);
        Objects.requireNonNull(guid);
        Objects.requireNonNull(usage);
        addressSpaces = List.copyOf(addressSpaces);
        smartHosts = List.copyOf(smartHosts);
        Objects.requireNonNull(smartHostAuthMechanism);
        Objects.requireNonNull(maxMessageSize);
        Objects.requireNonNull(connectionInactivityTimeOut);
        sourceTransportServers = List.copyOf(sourceTransportServers);
        Objects.requireNonNull(whenCreated);
        Objects.requireNonNull(whenChanged);
    }

    /**
     * A new connector with Exchange's defaults for its usage: DNS routing, port 25, no smart-host
     * authentication, enabled, sourced from {@code server}.
     */
    public static SendConnector create(String name, SendConnectorUsage usage,
            List<AddressSpace> addressSpaces, String server, Instant now) {
        return new SendConnector(name, UUID.randomUUID(), usage, addressSpaces, List.of(),
                DEFAULT_PORT, true, SmartHostAuthMechanism.None, null, false,
                usage.defaultMaxMessageSize(), null, true, DEFAULT_CONNECTION_INACTIVITY_TIMEOUT,
                DEFAULT_SMTP_MAX_MESSAGES_PER_CONNECTION, List.of(server), null, now, now);
    }

    /** The identity Exchange shows and takes: the name (send connectors are org-wide). */
    public String identity() {
        return name;
    }

    /** The address space of this connector that best matches a recipient domain, if any. */
    public java.util.Optional<AddressSpace> bestAddressSpace(String recipientDomain) {
        AddressSpace best = null;
        for (AddressSpace a : addressSpaces) {
            if (a.matches(recipientDomain) && (best == null
                    || a.specificity() > best.specificity()
                    || a.specificity() == best.specificity() && a.cost() < best.cost())) {
                best = a;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes to a connector; {@link #build} stamps whenChanged. */
    public static final class Builder {
        private final SendConnector from;
        private String name;
        private SendConnectorUsage usage;
        private List<AddressSpace> addressSpaces;
        private List<SmartHost> smartHosts;
        private int port;
        private boolean dnsRoutingEnabled;
        private SmartHostAuthMechanism smartHostAuthMechanism;
        private SmtpCredential authenticationCredential;
        private boolean requireTls;
        private ByteLimit maxMessageSize;
        private String fqdn;
        private boolean enabled;
        private Duration connectionInactivityTimeOut;
        private int smtpMaxMessagesPerConnection;
        private List<String> sourceTransportServers;
        private String comment;

        private Builder(SendConnector c) {
            from = c;
            name = c.name;
            usage = c.usage;
            addressSpaces = c.addressSpaces;
            smartHosts = c.smartHosts;
            port = c.port;
            dnsRoutingEnabled = c.dnsRoutingEnabled;
            smartHostAuthMechanism = c.smartHostAuthMechanism;
            authenticationCredential = c.authenticationCredential;
            requireTls = c.requireTls;
            maxMessageSize = c.maxMessageSize;
            fqdn = c.fqdn;
            enabled = c.enabled;
            connectionInactivityTimeOut = c.connectionInactivityTimeOut;
            smtpMaxMessagesPerConnection = c.smtpMaxMessagesPerConnection;
            sourceTransportServers = c.sourceTransportServers;
            comment = c.comment;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder usage(SendConnectorUsage v) {
            usage = v;
            return this;
        }

        public Builder addressSpaces(List<AddressSpace> v) {
            addressSpaces = v;
            return this;
        }

        public Builder smartHosts(List<SmartHost> v) {
            smartHosts = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder dnsRoutingEnabled(boolean v) {
            dnsRoutingEnabled = v;
            return this;
        }

        public Builder smartHostAuthMechanism(SmartHostAuthMechanism v) {
            smartHostAuthMechanism = v;
            return this;
        }

        public Builder authenticationCredential(SmtpCredential v) {
            authenticationCredential = v;
            return this;
        }

        public Builder requireTls(boolean v) {
            requireTls = v;
            return this;
        }

        public Builder maxMessageSize(ByteLimit v) {
            maxMessageSize = v;
            return this;
        }

        public Builder fqdn(String v) {
            fqdn = v;
            return this;
        }

        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        public Builder connectionInactivityTimeOut(Duration v) {
            connectionInactivityTimeOut = v;
            return this;
        }

        public Builder smtpMaxMessagesPerConnection(int v) {
            smtpMaxMessagesPerConnection = v;
            return this;
        }

        public Builder sourceTransportServers(List<String> v) {
            sourceTransportServers = v;
            return this;
        }

        public Builder comment(String v) {
            comment = v;
            return this;
        }

        /** The changed connector, with whenChanged set to {@code now}. */
        public SendConnector build(Instant now) {
            return new SendConnector(name, from.guid, usage, addressSpaces, smartHosts, port,
                    dnsRoutingEnabled, smartHostAuthMechanism, authenticationCredential,
                    requireTls, maxMessageSize, fqdn, enabled, connectionInactivityTimeOut,
                    smtpMaxMessagesPerConnection, sourceTransportServers, comment,
                    from.whenCreated, now);
        }
    }
}
