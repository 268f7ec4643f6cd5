package org.postern.manage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.postern.config.AcceptedDomain;
import org.postern.config.AntispamConfig;
import org.postern.config.BackPressureConfig;
import org.postern.config.ByteLimit;
import org.postern.config.ByteSize;
import org.postern.config.Configuration;
import org.postern.config.Mailbox;
import org.postern.config.OpenRelayCheck;
import org.postern.config.Property;
import org.postern.config.ReceiveConnector;
import org.postern.config.ReceiveConnectorSchema;
import org.postern.config.SendConnector;
import org.postern.config.TimeSpans;
import org.postern.config.TransportConfig;
import org.postern.config.TransportService;
import org.postern.permission.AccessEntry;
import org.postern.permission.Acl;
import org.postern.permission.ExtendedRight;
import org.postern.permission.Principal;

/**
 * The script Export-PosternConfiguration writes: the cmdlets that turn a Postern server into
 * one configured like this one. It replaces the receive connectors, send connectors and
 * mailboxes (removes them, then creates each with every property that differs from what the
 * New- cmdlet gives), makes the accepted domains the exported ones, rewrites each connector's
 * ACL edits as Add-/Remove-ADPermission, and sets the transport service settings.
 *
 * <p>What it does not carry: GUIDs and creation times (new objects get new ones), and, unless
 * asked, send connector passwords (a comment says where one belongs).
 */
final class ConfigurationScript {

    private final Configuration cfg;
    private final boolean includeCredentials;
    private final StringBuilder out = new StringBuilder();

    private ConfigurationScript(Configuration cfg, boolean includeCredentials) {
        this.cfg = cfg;
        this.includeCredentials = includeCredentials;
    }

    /** The script for the configuration. */
    static String of(Configuration cfg, boolean includeCredentials) {
        return new ConfigurationScript(cfg, includeCredentials).write();
    }

    private String write() {
        line("# Postern configuration of " + cfg.server().name() + " (" + cfg.server().fqdn()
                + "), written by Export-PosternConfiguration.");
        line("# Run it with: postern exec --file THIS.ps1. It replaces the receive connectors,"
                + " send connectors, mailboxes");
        line("# and accepted domains of the server it runs on with the ones below.");
        line("");
        line("Get-Mailbox | Remove-Mailbox -Confirm:$false");
        line("Get-SendConnector | Remove-SendConnector -Confirm:$false");
        line("Get-ReceiveConnector | Remove-ReceiveConnector -Confirm:$false");
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            receiveConnector(c);
        }
        acceptedDomains();
        defaultDomains();
        for (SendConnector c : cfg.sendConnectors()) {
            sendConnector(c);
        }
        if (!cfg.mailboxes().isEmpty()) {
            line("");
            line("# Mailboxes");
            if (cfg.mailboxes().stream().anyMatch(m -> m.password() != null)) {
                line("# Passwords are exported as their Argon2id hashes (-PasswordHash): keep this"
                        + " file as private as the configuration itself.");
            }
        }
        for (Mailbox m : cfg.mailboxes()) {
            mailbox(m);
        }
        transportService(cfg.transportService());
        transportConfig(cfg.transportConfig());
        antispam(cfg.antispam());
        backPressure(cfg.backPressure());
        return out.toString();
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    // ------------------------------------------------------------------ receive connectors

    private static final List<Property<?>> GIVEN_TO_NEW = List.of(
            ReceiveConnectorSchema.TRANSPORT_ROLE, ReceiveConnectorSchema.BINDINGS,
            ReceiveConnectorSchema.REMOTE_IP_RANGES);

    private void receiveConnector(ReceiveConnector c) {
        // A connector that is an open relay was made so with -Force; so is its copy.
        String force = OpenRelayCheck.exposure(c) != null ? " -Force" : "";
        String id = quote(c.name());
        line("");
        line("# Receive connector " + c.identity());
        StringBuilder nu = new StringBuilder("New-ReceiveConnector -Name " + id + " -Custom")
                .append(" -TransportRole ").append(c.transportRole())
                .append(" -Bindings ").append(literal(c.bindings()))
                .append(" -RemoteIPRanges ").append(literal(c.remoteIpRanges()))
                .append(" -PermissionGroups ").append(literal(c.acl().storedGroups()));
        StringBuilder set = new StringBuilder();
        for (Property<?> p : ReceiveConnectorSchema.all()) {
            if (GIVEN_TO_NEW.contains(p) || p.access() == Property.Access.READ_ONLY) {
                continue;
            }
            Object value = c.get(p);
            if (p == ReceiveConnectorSchema.FQDN && cfg.server().fqdn().equals(value)) {
                // New- gives a connector the server's FQDN: the copy gets its new server's.
                continue;
            }
            if (p == ReceiveConnectorSchema.DEFAULT_DOMAIN) {
                // An accepted domain: set once the accepted domains exist (see write()).
                continue;
            }
            if (value != null && !Objects.equals(value, p.defaultValue())) {
                // What only Set- takes follows New- on its own line.
                StringBuilder to = p.settable(true) ? nu : set;
                to.append(" -").append(p.name()).append(' ').append(literal(value));
            }
        }
        line(nu.append(force).append(" | Out-Null").toString());
        if (set.length() > 0) {
            line("Set-ReceiveConnector " + id + set + force);
        }
        acl(c, id, force);
    }

    /** The DefaultDomain of each connector that has one; they name accepted domains. */
    private void defaultDomains() {
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            String domain = c.get(ReceiveConnectorSchema.DEFAULT_DOMAIN);
            if (domain != null) {
                String force = OpenRelayCheck.exposure(c) != null ? " -Force" : "";
                line("Set-ReceiveConnector " + quote(c.name()) + " -DefaultDomain "
                        + quote(domain) + force);
            }
        }
    }

    /**
     * The ACL edits: group entries that were removed, then explicit denies, then explicit
     * allows, so that no step on the way is more open than the end.
     */
    private void acl(ReceiveConnector c, String id, String force) {
        Acl acl = c.acl();
        Acl fresh = Acl.empty().withGroups(acl.storedGroups(), cfg.server().netbiosDomain());
        boolean edits = false;
        for (AccessEntry e : fresh.entries()) {
            if (!acl.contains(e)) {
                line(permission("Remove", id, e, force) + " -Confirm:$false");
                edits = true;
            }
        }
        for (boolean deny : new boolean[] {true, false}) {
            for (AccessEntry e : acl.entries()) {
                if (e.isExplicit() && e.deny() == deny) {
                    line(permission("Add", id, e, force) + " | Out-Null");
                    edits = true;
                }
            }
        }
        if (acl.isEdited() && !edits) {
            // Edited once, then put back: Get-ReceiveConnector still shows Custom. An edit that
            // changes nothing keeps that.
            AccessEntry unused = unusedDeny(acl);
            line("# The ACL was edited and put back; PermissionGroups shows Custom.");
            line(permission("Add", id, unused, force) + " | Out-Null");
            line(permission("Remove", id, unused, force) + " -Confirm:$false");
        }
    }

    private String permission(String verb, String id, AccessEntry e, String force) {
        return verb + "-ADPermission " + id + " -User " + quote(e.principal().name())
                + " -ExtendedRights " + e.right().adsName() + (e.deny() ? " -Deny" : "")
                + force;
    }

    private AccessEntry unusedDeny(Acl acl) {
        for (Principal p : Principal.wellKnown(cfg.server().netbiosDomain())) {
            for (ExtendedRight r : ExtendedRight.values()) {
                AccessEntry e = new AccessEntry(p, r, true, null);
                if (!acl.contains(e)) {
                    return e;
                }
            }
        }
        throw new IllegalStateException("every principal is denied every right");
    }

    // ------------------------------------------------------------------ accepted domains

    private void acceptedDomains() {
        line("");
        line("# Accepted domains");
        List<String> names = new ArrayList<>();
        AcceptedDomain def = null;
        for (AcceptedDomain d : cfg.acceptedDomains()) {
            String id = quote(d.name());
            names.add(id);
            line("if (Get-AcceptedDomain " + id + " -ErrorAction SilentlyContinue) {"
                    + " Set-AcceptedDomain " + id + " -DomainType " + d.domainType()
                    + " -WarningAction SilentlyContinue } else { New-AcceptedDomain -Name " + id
                    + " -DomainName " + quote(d.domainName()) + " -DomainType "
                    + d.domainType() + " | Out-Null }");
            if (d.isDefault()) {
                def = d;
            }
        }
        if (def != null) {
            line("Set-AcceptedDomain " + quote(def.name())
                    + " -MakeDefault -WarningAction SilentlyContinue");
        }
        line("Get-AcceptedDomain | Where-Object { @(" + String.join(", ", names)
                + ") -notcontains $_.Name } | Remove-AcceptedDomain -Confirm:$false");
    }

    // ------------------------------------------------------------------ send connectors

    private void sendConnector(SendConnector c) {
        SendConnector d = SendConnector.create(c.name(), c.usage(), c.addressSpaces(),
                cfg.server().name(), c.whenCreated());
        line("");
        line("# Send connector " + c.identity());
        StringBuilder nu = new StringBuilder("New-SendConnector -Name " + quote(c.name())
                + " -Usage " + c.usage() + " -AddressSpaces " + literal(c.addressSpaces()));
        if (!c.smartHosts().isEmpty()) {
            nu.append(" -SmartHosts ").append(literal(c.smartHosts()));
        }
        option(nu, "Port", c.port(), d.port());
        option(nu, "DNSRoutingEnabled", c.dnsRoutingEnabled(), d.dnsRoutingEnabled());
        String credentialLater = null;
        if (c.authenticationCredential() != null && includeCredentials) {
            option(nu, "SmartHostAuthMechanism", c.smartHostAuthMechanism(),
                    d.smartHostAuthMechanism());
            nu.append(" -AuthenticationCredential @{UserName=")
                    .append(quote(c.authenticationCredential().userName()))
                    .append("; Password=").append(quote(c.authenticationCredential().password()))
                    .append('}');
        } else if (c.authenticationCredential() != null) {
            credentialLater = "# Set-SendConnector " + quote(c.name())
                    + " -SmartHostAuthMechanism " + c.smartHostAuthMechanism()
                    + " -AuthenticationCredential @{UserName="
                    + quote(c.authenticationCredential().userName())
                    + "; Password='<the password>'}";
            if (!c.smartHostAuthMechanism().needsCredential()) {
                option(nu, "SmartHostAuthMechanism", c.smartHostAuthMechanism(),
                        d.smartHostAuthMechanism());
            }
        } else {
            option(nu, "SmartHostAuthMechanism", c.smartHostAuthMechanism(),
                    d.smartHostAuthMechanism());
        }
        option(nu, "RequireTLS", c.requireTls(), d.requireTls());
        option(nu, "MaxMessageSize", c.maxMessageSize(), d.maxMessageSize());
        option(nu, "Fqdn", c.fqdn(), d.fqdn());
        option(nu, "Enabled", c.enabled(), d.enabled());
        option(nu, "ConnectionInactivityTimeOut", c.connectionInactivityTimeOut(),
                d.connectionInactivityTimeOut());
        option(nu, "SmtpMaxMessagesPerConnection", c.smtpMaxMessagesPerConnection(),
                d.smtpMaxMessagesPerConnection());
        option(nu, "Comment", c.comment(), d.comment());
        line(nu.append(" | Out-Null").toString());
        if (credentialLater != null) {
            line("# The password of the smart host account is not exported (give"
                    + " -IncludeCredentials to export it). Set it with:");
            line(credentialLater);
        }
    }

    private static void option(StringBuilder b, String name, Object value, Object dflt) {
        if (!Objects.equals(value, dflt)) {
            b.append(" -").append(name).append(' ').append(literal(value));
        }
    }

    // ------------------------------------------------------------------ mailboxes, transport

    private void mailbox(Mailbox m) {
        StringBuilder nu = new StringBuilder("New-Mailbox -Name " + quote(m.name()) + " -Alias "
                + quote(m.alias()) + " -DisplayName " + quote(m.displayName())
                + " -PrimarySmtpAddress " + quote(m.primarySmtpAddress()));
        List<String> others = new ArrayList<>(m.emailAddresses());
        others.remove(m.primarySmtpAddress());
        if (!others.isEmpty()) {
            nu.append(" -EmailAddresses ").append(literal(others));
        }
        if (m.password() != null) {
            // The hash, not the password: Postern never has the clear text to export, and a
            // restore must keep every mailbox able to sign in.
            nu.append(" -PasswordHash ").append(quote(m.password().encoded()));
        }
        line(nu.append(" | Out-Null").toString());
    }

    private void transportService(TransportService t) {
        line("");
        line("# Transport service");
        line("Get-TransportService | Set-TransportService"
                + " -TransientFailureRetryCount " + t.transientFailureRetryCount()
                + " -TransientFailureRetryInterval " + literal(t.transientFailureRetryInterval())
                + " -OutboundConnectionFailureRetryInterval "
                + literal(t.outboundConnectionFailureRetryInterval())
                + " -MessageExpirationTimeout " + literal(t.messageExpirationTimeout())
                + " -DelayNotificationTimeout " + literal(t.delayNotificationTimeout())
                + " -MaxOutboundConnections " + literal(t.maxOutboundConnections())
                + " -MaxPerDomainOutboundConnections "
                + literal(t.maxPerDomainOutboundConnections())
                + " -MessageRetryInterval " + literal(t.messageRetryInterval())
                + " -MaxConnectionRatePerMinute " + literal(t.maxConnectionRatePerMinute())
                + " -WarningAction SilentlyContinue");
    }

    private void transportConfig(TransportConfig t) {
        line("");
        line("# Organisation transport limits");
        line("Set-TransportConfig -MaxReceiveSize " + literal(t.maxReceiveSize())
                + " -MaxSendSize " + literal(t.maxSendSize())
                + " -MaxRecipientEnvelopeLimit " + literal(t.maxRecipientEnvelopeLimit())
                + " -WarningAction SilentlyContinue");
    }

    private void backPressure(BackPressureConfig b) {
        line("");
        line("# Back pressure");
        StringBuilder cmd = new StringBuilder("Set-BackPressure");
        for (Setting<BackPressureConfig, ?> s : BackPressureCmdlets.SETTINGS) {
            cmd.append(" -").append(s.name()).append(' ').append(literal(s.read().apply(b)));
        }
        line(cmd + " -WarningAction SilentlyContinue");
    }

    private void antispam(AntispamConfig a) {
        line("");
        line("# Antispam agents");
        AntispamConfig.SenderFilter s = a.senderFilter();
        line("Set-SenderFilterConfig -Enabled " + literal(s.enabled())
                + " -BlockedSenders " + literal(s.blockedSenders())
                + " -BlockedDomains " + literal(s.blockedDomains())
                + " -BlockedDomainsAndSubdomains " + literal(s.blockedDomainsAndSubdomains())
                + " -WarningAction SilentlyContinue");
        AntispamConfig.RecipientFilter r = a.recipientFilter();
        line("Set-RecipientFilterConfig -Enabled " + literal(r.enabled())
                + " -RecipientValidationEnabled " + literal(r.recipientValidationEnabled())
                + " -BlockListEnabled " + literal(r.blockListEnabled())
                + " -BlockedRecipients " + literal(r.blockedRecipients())
                + " -WarningAction SilentlyContinue");
        AntispamConfig.SenderId id = a.senderId();
        line("Set-SenderIdConfig -Enabled " + literal(id.enabled())
                + " -SpoofedDomainAction " + id.spoofedDomainAction().name()
                + " -TempErrorAction " + id.tempErrorAction().name()
                + " -BypassedSenderDomains " + literal(id.bypassedSenderDomains())
                + " -WarningAction SilentlyContinue");
        line("Get-IPAllowListEntry | Remove-IPAllowListEntry -Confirm:$false");
        ipEntries("Add-IPAllowListEntry", a.allowList());
        line("Get-IPBlockListEntry | Remove-IPBlockListEntry -Confirm:$false");
        ipEntries("Add-IPBlockListEntry", a.blockList());
        line("Get-IPBlockListProvider | Remove-IPBlockListProvider -Confirm:$false");
        for (AntispamConfig.BlockListProvider p : a.providersByPriority()) {
            line("Add-IPBlockListProvider -Name " + quote(p.name()) + " -LookupDomain "
                    + quote(p.lookupDomain()) + " -Enabled " + literal(p.enabled())
                    + " -Priority " + p.priority() + (p.rejectionResponse().isEmpty() ? ""
                    : " -RejectionResponse " + quote(p.rejectionResponse())) + " | Out-Null");
        }
    }

    // Entries are numbered again from 1 in the copy, in their order.
    private void ipEntries(String cmdlet, List<AntispamConfig.IpListEntry> entries) {
        for (AntispamConfig.IpListEntry e : entries) {
            StringBuilder b = new StringBuilder(cmdlet).append(" -IPRange ")
                    .append(quote(e.range().toString()));
            if (e.expirationTime() != null) {
                b.append(" -ExpirationTime ").append(quote(e.expirationTime().toString()));
            }
            if (!e.comment().isEmpty()) {
                b.append(" -Comment ").append(quote(e.comment()));
            }
            line(b.append(" | Out-Null").toString());
        }
    }

    // ------------------------------------------------------------------ literals

    /** A value as a shell argument that converts back to the same value. */
    static String literal(Object v) {
        if (v == null) {
            return "$null";
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "$true" : "$false";
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof ByteSize) {
            return Long.toString(((ByteSize) v).bytes());
        }
        if (v instanceof ByteLimit) {
            ByteLimit l = (ByteLimit) v;
            return l.size().map(s -> Long.toString(s.bytes())).orElse("Unlimited");
        }
        if (v instanceof Duration) {
            return quote(TimeSpans.format((Duration) v));
        }
        if (v instanceof Enum) {
            return ((Enum<?>) v).name();
        }
        if (v instanceof Collection) {
            Collection<?> items = (Collection<?>) v;
            if (items.isEmpty()) {
                return v instanceof EnumSet || items instanceof java.util.Set ? "None" : "@()";
            }
            List<String> parts = new ArrayList<>();
            for (Object item : items) {
                parts.add(item instanceof Enum ? ((Enum<?>) item).name() : quote(item.toString()));
            }
            return String.join(",", parts);
        }
        if (v instanceof Map) {
            throw new IllegalArgumentException("no literal for a map");
        }
        return quote(v.toString());
    }

    /** A single-quoted string: nothing in it expands; a quote is doubled. */
    static String quote(String s) {
        return "'" + s.replace("'", "''").replace("\u2018", "\u2018\u2018")
                .replace("\u2019", "\u2019\u2019") + "'";
    }
}
