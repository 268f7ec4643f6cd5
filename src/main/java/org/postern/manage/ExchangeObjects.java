package org.postern.manage;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.postern.config.AcceptedDomain;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.config.Mailbox;
import org.postern.config.Property;
import org.postern.config.ReceiveConnector;
import org.postern.config.ReceiveConnectorSchema;
import org.postern.config.SendConnector;
import org.postern.config.SmartHost;
import org.postern.config.SmtpCredential;
import org.postern.config.TransportConfig;
import org.postern.config.TransportService;
import org.postern.permission.AccessEntry;
import org.postern.shell.PsObject;
import org.postern.shell.ShellDateTime;
import org.postern.shell.View;

/**
 * The objects Exchange's Get- cmdlets return, as shell objects: properties in Exchange's order
 * and the default views Exchange registers for them.
 */
final class ExchangeObjects {

    static final String RECEIVE_CONNECTOR_TYPE =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector";
    static final String ACE_TYPE =
            "Microsoft.Exchange.Management.RecipientTasks.ADAcePresentationObject";
    static final String ACCEPTED_DOMAIN_TYPE =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.AcceptedDomain";

    static final String SEND_CONNECTOR_TYPE =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.SmtpSendConnectorConfig";
    static final String MAILBOX_TYPE = "Microsoft.Exchange.Data.Directory.Management.Mailbox";
    static final String TRANSPORT_SERVICE_TYPE =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.TransportServer";
    static final String CREDENTIAL_TYPE = SmtpCredential.DISPLAY;
    static final String TRANSPORT_CONFIG_TYPE =
            "Microsoft.Exchange.Data.Directory.SystemConfiguration.TransportConfigContainer";

    private static final View SEND_CONNECTOR_VIEW =
            View.table("Identity", "AddressSpaces", "Enabled");
    private static final View MAILBOX_VIEW = View.table(View.Column.of("Name", 25),
            View.Column.of("Alias", 20), View.Column.of("ServerName", 16),
            View.Column.of("ProhibitSendQuota"));
    private static final View TRANSPORT_SERVICE_VIEW = View.list("Name",
            "DelayNotificationTimeout", "MaxConnectionRatePerMinute", "MaxOutboundConnections",
            "MaxPerDomainOutboundConnections", "MessageExpirationTimeout", "MessageRetryInterval",
            "OutboundConnectionFailureRetryInterval", "TransientFailureRetryCount",
            "TransientFailureRetryInterval");

    private static final View TRANSPORT_CONFIG_VIEW = View.list("MaxReceiveSize",
            "MaxRecipientEnvelopeLimit", "MaxSendSize", "Name", "Identity", "IsValid");

    private static final View RECEIVE_CONNECTOR_VIEW =
            View.table("Identity", "Bindings", "Enabled");
    private static final View ACE_VIEW = View.table(View.Column.of("Identity"),
            View.Column.of("User"), View.Column.of("Deny"),
            new View.Column("IsInherited", "Inherited", 0),
            new View.Column("ExtendedRights", "Rights", 0));
    private static final View ACCEPTED_DOMAIN_VIEW =
            View.table("Name", "DomainName", "DomainType", "Default");

    private ExchangeObjects() {
    }

    /** A receive connector as Get-ReceiveConnector returns it. */
    static PsObject receiveConnector(ReceiveConnector c, Configuration cfg) {
        PsObject o = PsObject.of(RECEIVE_CONNECTOR_TYPE);
        for (Property<?> p : ReceiveConnectorSchema.all()) {
            if (p == ReceiveConnectorSchema.TRANSPORT_ROLE) {
                o.put("Server", c.server());
            }
            if (p == ReceiveConnectorSchema.FQDN) {
                o.put("Fqdn", c.fqdn(cfg.server().fqdn()));
                continue;
            }
            o.put(p.name(), c.get(p));
            if (p == ReceiveConnectorSchema.MAX_RECIPIENTS_PER_MESSAGE) {
                o.put("PermissionGroups", c.acl().displayGroups());
            }
        }
        o.put("AdminDisplayName", null);
        o.put("ExchangeVersion", "0.1 (8.0.535.0)");
        o.put("Name", c.name());
        // Where Exchange lists DistinguishedName is UNCONFIRMED; it is an AD object's next one
        // after Name in other listings.
        o.put("DistinguishedName", Identities.distinguishedName(c, cfg));
        o.put("Identity", c.identity());
        directoryTail(o, c.guid(), c.whenChanged(), c.whenCreated(), cfg);
        // The observed listing (shell-behaviour 3.2) ends with ObjectState.
        o.put("ObjectState", "Unchanged");
        return o.view(RECEIVE_CONNECTOR_VIEW).text(String.valueOf(o.get("Identity")));
    }

    /** The properties every directory object ends with: Guid, the change times, validity. */
    private static void directoryTail(PsObject o, UUID guid, Instant changed,
            Instant created, Configuration cfg) {
        ZoneId local = ZoneId.systemDefault();
        o.put("Guid", guid);
        o.put("WhenChanged", new ShellDateTime(changed, local));
        o.put("WhenCreated", new ShellDateTime(created, local));
        o.put("WhenChangedUTC", new ShellDateTime(changed, ZoneOffset.UTC));
        o.put("WhenCreatedUTC", new ShellDateTime(created, ZoneOffset.UTC));
        o.put("OriginatingServer", cfg.server().fqdn());
        o.put("IsValid", true);
    }

    /** A send connector as Get-SendConnector returns it. */
    static PsObject sendConnector(SendConnector c, Configuration cfg) {
        PsObject o = PsObject.of(SEND_CONNECTOR_TYPE);
        o.put("AddressSpaces", c.addressSpaces());
        o.put("AuthenticationCredential", credential(c.authenticationCredential()));
        o.put("Comment", c.comment());
        o.put("ConnectionInactivityTimeOut", c.connectionInactivityTimeOut());
        o.put("DNSRoutingEnabled", c.dnsRoutingEnabled());
        o.put("Enabled", c.enabled());
        o.put("Fqdn", c.fqdn());
        o.put("Identity", c.identity());
        o.put("IsScopedConnector", false);
        o.put("IsSmtpConnector", true);
        o.put("MaxMessageSize", c.maxMessageSize());
        o.put("Name", c.name());
        o.put("Port", c.port());
        o.put("RequireTLS", c.requireTls());
        o.put("SmartHostAuthMechanism", c.smartHostAuthMechanism());
        o.put("SmartHosts", c.smartHosts());
        List<String> hosts = new ArrayList<>();
        for (SmartHost h : c.smartHosts()) {
            hosts.add(h.toString());
        }
        o.put("SmartHostsString", String.join(",", hosts));
        o.put("SmtpMaxMessagesPerConnection", c.smtpMaxMessagesPerConnection());
        o.put("SourceTransportServers", c.sourceTransportServers());
        directoryTail(o, c.guid(), c.whenChanged(), c.whenCreated(), cfg);
        return o.view(SEND_CONNECTOR_VIEW).text(String.valueOf(o.get("Identity")));
    }

    /**
     * A credential as the shell shows one: a PSCredential whose Password is a SecureString, so
     * neither the object nor its properties print the password.
     */
    private static PsObject credential(SmtpCredential c) {
        if (c == null) {
            return null;
        }
        PsObject secure = PsObject.of("System.Security.SecureString");
        secure.put("Length", c.password().length());
        PsObject o = PsObject.of(CREDENTIAL_TYPE);
        o.put("UserName", c.userName());
        o.put("Password", secure);
        return o;
    }

    /** A mailbox as Get-Mailbox returns it. Postern sets no quotas: they are Unlimited. */
    static PsObject mailbox(Mailbox m, Configuration cfg) {
        PsObject o = PsObject.of(MAILBOX_TYPE);
        o.put("Alias", m.alias());
        o.put("DisplayName", m.displayName());
        o.put("EmailAddresses", m.proxyAddresses());
        o.put("IssueWarningQuota", "Unlimited");
        o.put("ProhibitSendQuota", "Unlimited");
        o.put("ProhibitSendReceiveQuota", "Unlimited");
        o.put("PrimarySmtpAddress", m.primarySmtpAddress());
        o.put("RecipientType", "UserMailbox");
        o.put("RecipientTypeDetails", "UserMailbox");
        o.put("ServerName", cfg.server().name().toLowerCase(Locale.ROOT));
        o.put("Name", m.name());
        o.put("Identity", m.identity());
        directoryTail(o, m.guid(), m.whenChanged(), m.whenCreated(), cfg);
        return o.view(MAILBOX_VIEW).text(String.valueOf(o.get("Identity")));
    }

    /** This server's transport settings as Get-TransportService returns them. */
    static PsObject transportService(TransportService t, Configuration cfg) {
        PsObject o = PsObject.of(TRANSPORT_SERVICE_TYPE);
        o.put("Name", t.server());
        o.put("DelayNotificationTimeout", t.delayNotificationTimeout());
        o.put("MaxConnectionRatePerMinute", t.maxConnectionRatePerMinute());
        o.put("MaxOutboundConnections", t.maxOutboundConnections());
        o.put("MaxPerDomainOutboundConnections", t.maxPerDomainOutboundConnections());
        o.put("MessageExpirationTimeout", t.messageExpirationTimeout());
        o.put("MessageRetryInterval", t.messageRetryInterval());
        o.put("OutboundConnectionFailureRetryInterval",
                t.outboundConnectionFailureRetryInterval());
        o.put("TransientFailureRetryCount", t.transientFailureRetryCount());
        o.put("TransientFailureRetryInterval", t.transientFailureRetryInterval());
        o.put("Identity", t.identity());
        o.put("Fqdn", cfg.server().fqdn());
        o.put("IsValid", true);
        return o.view(TRANSPORT_SERVICE_VIEW).text(String.valueOf(o.get("Identity")));
    }

    /** The organisation's transport limits as Get-TransportConfig returns them. */
    static PsObject transportConfig(TransportConfig t) {
        PsObject o = PsObject.of(TRANSPORT_CONFIG_TYPE);
        o.put("MaxReceiveSize", t.maxReceiveSize());
        o.put("MaxRecipientEnvelopeLimit", t.maxRecipientEnvelopeLimit());
        o.put("MaxSendSize", t.maxSendSize());
        o.put("Name", TransportConfig.IDENTITY);
        o.put("Identity", TransportConfig.IDENTITY);
        o.put("IsValid", true);
        return o.view(TRANSPORT_CONFIG_VIEW).text(TransportConfig.IDENTITY);
    }

    /** One access entry of a connector, as Get-ADPermission returns it. */
    static PsObject accessEntry(ReceiveConnector c, AccessEntry e) {
        PsObject o = PsObject.of(ACE_TYPE);
        o.put("AccessRights", List.of("ExtendedRight"));
        o.put("ExtendedRights", List.of(e.right().adsName()));
        o.put("ChildObjectTypes", null);
        o.put("InheritedObjectType", null);
        o.put("Properties", null);
        o.put("IsValid", true);
        o.put("Deny", e.deny());
        o.put("InheritanceType", "All");
        o.put("User", e.principal().name());
        o.put("Identity", c.identity());
        o.put("IsInherited", false);
        return o.view(ACE_VIEW);
    }

    /** An accepted domain as Get-AcceptedDomain returns it. */
    static PsObject acceptedDomain(AcceptedDomain d) {
        PsObject o = PsObject.of(ACCEPTED_DOMAIN_TYPE);
        o.put("DomainName", d.domainName());
        o.put("DomainType", d.domainType());
        o.put("MatchSubDomains", d.domainName().startsWith("*."));
        o.put("AddressBookEnabled", d.domainType() == DomainType.Authoritative);
        o.put("Default", d.isDefault());
        o.put("Name", d.name());
        o.put("Identity", d.name());
        return o.view(ACCEPTED_DOMAIN_VIEW).text(String.valueOf(o.get("Identity")));
    }
}
