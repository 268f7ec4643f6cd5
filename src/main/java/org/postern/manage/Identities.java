package org.postern.manage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.postern.config.AcceptedDomain;
import org.postern.config.Configuration;
import org.postern.config.Mailbox;
import org.postern.config.ReceiveConnector;
import org.postern.config.SendConnector;
import org.postern.shell.Invocation;
import org.postern.shell.PsObject;
import org.postern.shell.ShellError;

/**
 * How Exchange cmdlets find the objects an {@code -Identity} names: by name, {@code SERVER\Name},
 * GUID or (receive connectors) distinguished name, case-insensitively, with {@code *} allowed at
 * the start or end of either part of a name; or a piped object, through its Guid or Identity
 * property.
 */
final class Identities {

    private Identities() {
    }

    /** Every receive connector the identity names (empty when none). */
    static List<ReceiveConnector> receiveConnectors(Configuration cfg, Object identity) {
        String text = text(identity);
        List<ReceiveConnector> out = new ArrayList<>();
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            if (c.guid().toString().equalsIgnoreCase(text)
                    || distinguishedName(c, cfg).equalsIgnoreCase(text)) {
                return List.of(c);
            }
        }
        String server = null;
        String name = text;
        int slash = text.indexOf('\\');
        if (slash >= 0) {
            server = text.substring(0, slash);
            name = text.substring(slash + 1);
        }
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            if ((server == null || wildcard(server, c.server())) && wildcard(name, c.name())) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * A receive connector's distinguished name, where Exchange keeps it in the configuration
     * partition: under the server's SMTP Receive Connectors container, in the administrative
     * group every 2013+ server is in, in the organisation setup names "First Organization"
     * (Postern has no organisation name of its own), in the domain of the server's FQDN.
     */
    static String distinguishedName(ReceiveConnector c, Configuration cfg) {
        String fqdn = cfg.server().fqdn();
        int dot = fqdn.indexOf('.');
        String domain = dot > 0 ? fqdn.substring(dot + 1) : cfg.server().netbiosDomain();
        StringBuilder dn = new StringBuilder("CN=").append(escapeRdn(c.name()))
                .append(",CN=SMTP Receive Connectors,CN=Protocols,CN=")
                .append(escapeRdn(c.server())).append(",CN=Servers,CN=Exchange Administrative"
                        + " Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=First"
                        + " Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration");
        for (String label : domain.toLowerCase(Locale.ROOT).split("\\.")) {
            dn.append(",DC=").append(label);
        }
        return dn.toString();
    }

    /** An RDN value with the characters RFC 4514 reserves escaped by a backslash. */
    private static String escapeRdn(String value) {
        StringBuilder out = new StringBuilder();
        for (char ch : value.toCharArray()) {
            if (",+\"\\<>;=".indexOf(ch) >= 0) {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }

    /** The one receive connector the identity names, or the Exchange error for none or many. */
    static ReceiveConnector oneReceiveConnector(Configuration cfg, Object identity) {
        return one(receiveConnectors(cfg, identity), identity, cfg);
    }

    /**
     * The one receive connector the identity names, or null after writing the error for none
     * or many as a non-terminating error (section 5 of shell-behaviour): the next piped or
     * listed identity is still processed.
     */
    static ReceiveConnector oneReceiveConnector(Invocation inv, Configuration cfg,
            Object identity) {
        try {
            return oneReceiveConnector(cfg, identity);
        } catch (ShellError e) {
            inv.writeError(e);
            return null;
        }
    }

    /** The one accepted domain the identity names (its name; wildcards as for connectors). */
    static AcceptedDomain oneAcceptedDomain(Configuration cfg, Object identity) {
        return one(byName(cfg.acceptedDomains(), identity, AcceptedDomain::name), identity, cfg);
    }

    /**
     * Checks that a -Server value names this server (its name or FQDN): Postern is one server,
     * so any other name is Exchange's not-found error.
     */
    static void thisServer(Configuration cfg, String server) {
        if (!server.equalsIgnoreCase(cfg.server().name())
                && !server.equalsIgnoreCase(cfg.server().fqdn())) {
            throw notFound(server, cfg);
        }
    }

    /** The identities of a value: the items of an array, else the value itself. */
    static List<Object> each(Object identity) {
        if (identity instanceof Collection) {
            return new ArrayList<>((Collection<?>) identity);
        }
        if (identity instanceof Object[]) {
            return Arrays.asList((Object[]) identity);
        }
        return List.of(identity);
    }

    /** Every send connector the identity names: its GUID, or its name (org-wide), wildcards. */
    static List<SendConnector> sendConnectors(Configuration cfg, Object identity) {
        List<SendConnector> byGuid = byGuid(cfg.sendConnectors(), identity, SendConnector::guid);
        return byGuid.isEmpty() ? byName(cfg.sendConnectors(), identity, SendConnector::name)
                : byGuid;
    }

    static SendConnector oneSendConnector(Configuration cfg, Object identity) {
        return one(sendConnectors(cfg, identity), identity, cfg);
    }

    /**
     * Every mailbox the identity names: its GUID, one of its email addresses, or its name or
     * alias (wildcards allowed at the start or end).
     */
    static List<Mailbox> mailboxes(Configuration cfg, Object identity) {
        List<Mailbox> byGuid = byGuid(cfg.mailboxes(), identity, Mailbox::guid);
        if (!byGuid.isEmpty()) {
            return byGuid;
        }
        String text = text(identity);
        if (text.indexOf('@') > 0 && !text.contains("*")) {
            return cfg.mailboxByAddress(text).map(List::of).orElse(List.of());
        }
        List<Mailbox> out = new ArrayList<>();
        for (Mailbox m : cfg.mailboxes()) {
            if (wildcard(text, m.name()) || wildcard(text, m.alias())) {
                out.add(m);
            }
        }
        return out;
    }

    static Mailbox oneMailbox(Configuration cfg, Object identity) {
        return one(mailboxes(cfg, identity), identity, cfg);
    }

    static <T> T one(List<T> found, Object identity, Configuration cfg) {
        if (found.isEmpty()) {
            throw notFound(identity, cfg);
        }
        if (found.size() > 1) {
            throw ShellError.ambiguous("The operation couldn't be performed because '"
                    + text(identity) + "' matches multiple entries.");
        }
        return found.get(0);
    }

    static ShellError notFound(Object identity, Configuration cfg) {
        return ShellError.notFound("The operation couldn't be performed because object '"
                + text(identity) + "' couldn't be found on '" + cfg.server().fqdn() + "'.");
    }

    /** Objects of a list whose name (as given by {@code name}) matches the identity pattern. */
    static <T> List<T> byName(List<T> all, Object identity, Function<T, String> name) {
        String text = text(identity);
        List<T> out = new ArrayList<>();
        for (T t : all) {
            if (wildcard(text, name.apply(t))) {
                out.add(t);
            }
        }
        return out;
    }

    /** The one object whose GUID the identity is, as a list; empty when it is no such GUID. */
    static <T> List<T> byGuid(List<T> all, Object identity, Function<T, UUID> guid) {
        String text = text(identity);
        for (T t : all) {
            if (guid.apply(t).toString().equalsIgnoreCase(text)) {
                return List.of(t);
            }
        }
        return List.of();
    }

    /** The identity as text: a piped object's Guid (or Identity), else the value's string. */
    static String text(Object identity) {
        if (identity instanceof PsObject) {
            PsObject o = (PsObject) identity;
            Object guid = o.get("Guid");
            if (guid != null) {
                return guid.toString();
            }
            Object id = o.get("Identity");
            return id == null ? "" : id.toString();
        }
        return identity == null ? "" : identity.toString();
    }

    /** Exchange's identity wildcard: {@code *} at the start and/or end; case-insensitive. */
    static boolean wildcard(String pattern, String value) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String v = value.toLowerCase(Locale.ROOT);
        boolean lead = p.startsWith("*");
        boolean trail = p.endsWith("*") && p.length() > 1;
        String core = p.substring(lead ? 1 : 0, trail ? p.length() - 1 : p.length());
        if (p.equals("*")) {
            return true;
        }
        if (lead && trail) {
            return v.contains(core);
        }
        if (lead) {
            return v.endsWith(core);
        }
        if (trail) {
            return v.startsWith(core);
        }
        return v.equals(core);
    }
}
