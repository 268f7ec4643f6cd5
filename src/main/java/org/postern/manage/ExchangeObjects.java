package org.postern.manage;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.postern.config.AcceptedDomain;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.config.Property;
import org.postern.config.ReceiveConnector;
import org.postern.config.ReceiveConnectorSchema;
import org.postern.permission.AccessEntry;
import org.postern.shell.PsObject;
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

    private static final View RECEIVE_CONNECTOR_VIEW = View.table("Identity", "Bindings", "Enabled");
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
        ZoneId local = ZoneId.systemDefault();
        o.put("AdminDisplayName", null);
        o.put("ExchangeVersion", "0.1 (8.0.535.0)");
        o.put("Name", c.name());
        o.put("Identity", c.identity());
        o.put("Guid", c.guid());
        o.put("WhenChanged", new ShellDateTime(c.whenChanged(), local));
        o.put("WhenCreated", new ShellDateTime(c.whenCreated(), local));
        o.put("WhenChangedUTC", new ShellDateTime(c.whenChanged(), ZoneOffset.UTC));
        o.put("WhenCreatedUTC", new ShellDateTime(c.whenCreated(), ZoneOffset.UTC));
        o.put("OriginatingServer", cfg.server().fqdn());
        o.put("IsValid", true);
        return o.view(RECEIVE_CONNECTOR_VIEW);
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
        return o.view(ACCEPTED_DOMAIN_VIEW);
    }
}
