package org.postern.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One consistent snapshot of Postern's configuration. Immutable: a connection takes the snapshot
 * current when it arrives, and a change makes a new snapshot.
 */
public record Configuration(ServerIdentity server, List<ReceiveConnector> receiveConnectors,
        List<AcceptedDomain> acceptedDomains, List<SendConnector> sendConnectors,
        List<Mailbox> mailboxes, TransportService transportService,
        TransportConfig transportConfig, AntispamConfig antispam,
        BackPressureConfig backPressure) {

    public Configuration {
        receiveConnectors = List.copyOf(receiveConnectors);
        acceptedDomains = List.copyOf(acceptedDomains);
        sendConnectors = List.copyOf(sendConnectors);
        mailboxes = List.copyOf(mailboxes);
        if (transportService == null) {
            transportService = TransportService.defaults(server.name());
        }
        if (transportConfig == null) {
            transportConfig = TransportConfig.defaults();
        }
        if (antispam == null) {
            antispam = AntispamConfig.defaults();
        }
        if (backPressure == null) {
            backPressure = BackPressureConfig.defaults();
        }
    }

    /** With the default back pressure levels. */
    public Configuration(ServerIdentity server, List<ReceiveConnector> receiveConnectors,
            List<AcceptedDomain> acceptedDomains, List<SendConnector> sendConnectors,
            List<Mailbox> mailboxes, TransportService transportService,
            TransportConfig transportConfig, AntispamConfig antispam) {
        this(server, receiveConnectors, acceptedDomains, sendConnectors, mailboxes,
                transportService, transportConfig, antispam, null);
    }

    /** With the antispam agents' defaults. */
    public Configuration(ServerIdentity server, List<ReceiveConnector> receiveConnectors,
            List<AcceptedDomain> acceptedDomains, List<SendConnector> sendConnectors,
            List<Mailbox> mailboxes, TransportService transportService,
            TransportConfig transportConfig) {
        this(server, receiveConnectors, acceptedDomains, sendConnectors, mailboxes,
                transportService, transportConfig, null);
    }

    /** With the organisation's default transport limits. */
    public Configuration(ServerIdentity server, List<ReceiveConnector> receiveConnectors,
            List<AcceptedDomain> acceptedDomains, List<SendConnector> sendConnectors,
            List<Mailbox> mailboxes, TransportService transportService) {
        this(server, receiveConnectors, acceptedDomains, sendConnectors, mailboxes,
                transportService, null, null);
    }

    /** Receive side only: no send connectors, no mailboxes, default transport settings. */
    public Configuration(ServerIdentity server, List<ReceiveConnector> receiveConnectors,
            List<AcceptedDomain> acceptedDomains) {
        this(server, receiveConnectors, acceptedDomains, List.of(), List.of(), null, null, null);
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
        return new Configuration(server,
                replace(receiveConnectors, updated, ReceiveConnector::guid), acceptedDomains,
                sendConnectors, mailboxes, transportService, transportConfig, antispam,
                backPressure);
    }

    public Configuration withoutReceiveConnector(ReceiveConnector removed) {
        List<ReceiveConnector> out = new ArrayList<>(receiveConnectors);
        out.removeIf(c -> c.guid().equals(removed.guid()));
        return new Configuration(server, out, acceptedDomains, sendConnectors, mailboxes,
                transportService, transportConfig, antispam, backPressure);
    }

    public Configuration withAcceptedDomains(List<AcceptedDomain> domains) {
        return new Configuration(server, receiveConnectors, domains, sendConnectors, mailboxes,
                transportService, transportConfig, antispam, backPressure);
    }

    /** The send connector with this name, ignoring case. */
    public Optional<SendConnector> sendConnector(String name) {
        for (SendConnector c : sendConnectors) {
            if (c.name().equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The same configuration with {@code updated} in place of the send connector of its GUID. */
    public Configuration withSendConnector(SendConnector updated) {
        return new Configuration(server, receiveConnectors, acceptedDomains,
                replace(sendConnectors, updated, SendConnector::guid), mailboxes,
                transportService, transportConfig, antispam, backPressure);
    }

    public Configuration withoutSendConnector(SendConnector removed) {
        List<SendConnector> out = new ArrayList<>(sendConnectors);
        out.removeIf(c -> c.guid().equals(removed.guid()));
        return new Configuration(server, receiveConnectors, acceptedDomains, out, mailboxes,
                transportService, transportConfig, antispam, backPressure);
    }

    /** The mailbox with this name, ignoring case. */
    public Optional<Mailbox> mailbox(String name) {
        for (Mailbox m : mailboxes) {
            if (m.name().equalsIgnoreCase(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The mailbox that has this address (primary or not), ignoring case. */
    public Optional<Mailbox> mailboxByAddress(String address) {
        for (Mailbox m : mailboxes) {
            if (m.hasAddress(address)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The same configuration with {@code updated} in place of the mailbox of its GUID. */
    public Configuration withMailbox(Mailbox updated) {
        return new Configuration(server, receiveConnectors, acceptedDomains, sendConnectors,
                replace(mailboxes, updated, Mailbox::guid), transportService, transportConfig,
                antispam, backPressure);
    }

    public Configuration withoutMailbox(Mailbox removed) {
        List<Mailbox> out = new ArrayList<>(mailboxes);
        out.removeIf(m -> m.guid().equals(removed.guid()));
        return new Configuration(server, receiveConnectors, acceptedDomains, sendConnectors, out,
                transportService, transportConfig, antispam, backPressure);
    }

    public Configuration withTransportService(TransportService settings) {
        return new Configuration(server, receiveConnectors, acceptedDomains, sendConnectors,
                mailboxes, settings, transportConfig, antispam, backPressure);
    }

    public Configuration withTransportConfig(TransportConfig limits) {
        return new Configuration(server, receiveConnectors, acceptedDomains, sendConnectors,
                mailboxes, transportService, limits, antispam, backPressure);
    }

    public Configuration withAntispam(AntispamConfig settings) {
        return new Configuration(server, receiveConnectors, acceptedDomains, sendConnectors,
                mailboxes, transportService, transportConfig, settings, backPressure);
    }

    public Configuration withBackPressure(BackPressureConfig settings) {
        return new Configuration(server, receiveConnectors, acceptedDomains, sendConnectors,
                mailboxes, transportService, transportConfig, antispam, settings);
    }

    /** {@code list} with {@code updated} in place of the item of the same key, or appended. */
    private static <T> List<T> replace(List<T> list, T updated,
            Function<T, Object> key) {
        List<T> out = new ArrayList<>();
        boolean replaced = false;
        for (T t : list) {
            if (key.apply(t).equals(key.apply(updated))) {
                out.add(updated);
                replaced = true;
            } else {
                out.add(t);
            }
        }
        if (!replaced) {
            out.add(updated);
        }
        return out;
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
