package org.postern.listen;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.postern.config.Binding;
import org.postern.config.Configuration;
import org.postern.config.IpRange;
import org.postern.config.ReceiveConnector;

/**
 * Picks the receive connector for a new connection, as Exchange does (section (f) of the fact
 * sheet): among the enabled connectors whose Bindings cover the local address and port, the one
 * whose RemoteIPRanges hold the client address most specifically wins. A single address beats a
 * range, a smaller range a larger one; at equal ranges a binding to the specific local address
 * beats a wildcard binding. An IPv4-mapped IPv6 client matches IPv4 ranges.
 */
public final class ConnectorSelector {

    private ConnectorSelector() {
    }

    /** The connector that takes the connection, with why; empty when none does. */
    public static Optional<Selection> select(Configuration config, InetSocketAddress local,
            InetAddress client) {
        List<Candidate> candidates = candidates(config, local, client);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        candidates.sort(ORDER);
        Candidate winner = candidates.get(0);
        return Optional.of(new Selection(winner.connector, winner.range, winner.binding,
                List.copyOf(candidates.subList(1, candidates.size()))));
    }

    /**
     * Every enabled connector that could take the connection, each with its most specific
     * matching range, in no particular order.
     */
    public static List<Candidate> candidates(Configuration config, InetSocketAddress local,
            InetAddress client) {
        List<Candidate> out = new ArrayList<>();
        for (ReceiveConnector c : config.receiveConnectors()) {
            if (!c.enabled()) {
                continue;
            }
            Binding binding = coveringBinding(c, local);
            if (binding == null) {
                continue;
            }
            IpRange best = null;
            for (IpRange r : c.remoteIpRanges()) {
                if (r.contains(client) && (best == null || r.size().compareTo(best.size()) < 0)) {
                    best = r;
                }
            }
            if (best != null) {
                out.add(new Candidate(c, best, binding));
            }
        }
        return out;
    }

    private static Binding coveringBinding(ReceiveConnector c, InetSocketAddress local) {
        Binding wildcard = null;
        for (Binding b : c.bindings()) {
            if (b.covers(local.getAddress(), local.getPort())) {
                if (!b.isWildcard()) {
                    return b;
                }
                wildcard = b;
            }
        }
        return wildcard;
    }

    private static final Comparator<Candidate> ORDER = Comparator
            .comparing((Candidate c) -> c.range.size(), BigInteger::compareTo)
            .thenComparing(c -> c.binding.isWildcard())
            .thenComparing(c -> c.connector.name().toLowerCase(java.util.Locale.ROOT));

    /** A connector that could take a connection, and the range of it that holds the client. */
    public record Candidate(ReceiveConnector connector, IpRange range, Binding binding) {
    }

    /**
     * The chosen connector, the range that matched and the binding that covered the local
     * endpoint, and the candidates it beat, most specific first.
     */
    public record Selection(ReceiveConnector connector, IpRange range, Binding binding,
            List<Candidate> beaten) {
    }
}
