package org.postern.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One consistent snapshot of Postern's configuration. Immutable: a connection takes the snapshot
 * current when it arrives, and a change makes a new snapshot.
 */
public record Configuration(ServerIdentity server, List<ReceiveConnector> receiveConnectors,
        List<AcceptedDomain> acceptedDomains) {

    public Configuration {
        receiveConnectors = List.copyOf(receiveConnectors);
        acceptedDomains = List.copyOf(acceptedDomains);
    }

    /** The connector with this name, ignoring case. */
    public Optional<ReceiveConnector> receiveConnector(String name) {
        for (ReceiveConnector c : receiveConnectors) {
            if (c.name().equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The same configuration with {@code updated} in place of the connector of the same GUID. */
    public Configuration withReceiveConnector(ReceiveConnector updated) {
        List<ReceiveConnector> out = new ArrayList<>();
        boolean replaced = false;
        for (ReceiveConnector c : receiveConnectors) {
            if (c.guid().equals(updated.guid())) {
                out.add(updated);
                replaced = true;
            } else {
                out.add(c);
            }
        }
        if (!replaced) {
            out.add(updated);
        }
        return new Configuration(server, out, acceptedDomains);
    }

    public Configuration withoutReceiveConnector(ReceiveConnector removed) {
        List<ReceiveConnector> out = new ArrayList<>(receiveConnectors);
        out.removeIf(c -> c.guid().equals(removed.guid()));
        return new Configuration(server, out, acceptedDomains);
    }

    public Configuration withAcceptedDomains(List<AcceptedDomain> domains) {
        return new Configuration(server, receiveConnectors, domains);
    }

    /**
     * The accepted domain that covers a domain: an exact entry wins over a {@code *.} entry, and a
     * longer wildcard over a shorter one.
     */
    public Optional<AcceptedDomain> acceptedDomainFor(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        AcceptedDomain best = null;
        for (AcceptedDomain a : acceptedDomains) {
            if (a.matches(d) && (best == null || specificity(a) > specificity(best))) {
                best = a;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int specificity(AcceptedDomain a) {
        return a.domainName().startsWith("*.") ? a.domainName().length() : Integer.MAX_VALUE;
    }
}
