package org.postern.antispam;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.postern.config.AntispamConfig.BlockListProvider;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * DNS block list look-ups with dnsjava: the client's IPv4 address reversed under a provider's
 * LookupDomain ({@code 10.0.0.127.zone} for 127.0.0.10), type A. An answer with an address in
 * 127.0.0.0/8 means listed; NXDOMAIN or no address means not listed. The query is sent
 * asynchronously (dnsjava's own I/O thread, never an event loop) and given up after the
 * timeout; a time-out or a server failure counts as not listed and is logged.
 *
 * <p>Shortcoming: IPv6 clients are not looked up (no provider of Exchange's era lists them),
 * and the answer's address is not matched against a provider's IPAddressesMatch or
 * BitmaskMatch (not offered yet): any 127.x answer is a listing.
 */
public final class Dnsbl {

    private static final Logger LOG = LoggerFactory.getLogger(Dnsbl.class);

    private final Resolver resolver;
    private final Duration timeout;

    /**
     * @param server the DNS server to ask, or null for the system's resolvers
     */
    public Dnsbl(InetSocketAddress server, Duration timeout) {
        Resolver r = server == null ? new ExtendedResolver() : new SimpleResolver(server);
        r.setTimeout(timeout);
        this.resolver = r;
        this.timeout = timeout;
    }

    /** The name looked up for a client under a zone: the address's octets reversed. */
    static Name queryName(Inet4Address client, String zone) throws TextParseException {
        byte[] b = client.getAddress();
        return Name.fromString((b[3] & 0xff) + "." + (b[2] & 0xff) + "." + (b[1] & 0xff) + "."
                + (b[0] & 0xff) + "." + zone + ".");
    }

    /**
     * The first provider (in the order given) that lists the client; every provider is asked at
     * once. Completes on a dnsjava thread.
     */
    public CompletableFuture<Optional<BlockListProvider>> firstListing(
            List<BlockListProvider> providers, InetAddress client, String session) {
        if (!(client instanceof Inet4Address) || providers.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        List<CompletableFuture<Boolean>> asked = new ArrayList<>();
        for (BlockListProvider p : providers) {
            asked.add(listed((Inet4Address) client, p, session));
        }
        return CompletableFuture.allOf(asked.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> {
                    for (int i = 0; i < providers.size(); i++) {
                        if (asked.get(i).join()) {
                            return Optional.of(providers.get(i));
                        }
                    }
                    return Optional.<BlockListProvider>empty();
                });
    }

    private CompletableFuture<Boolean> listed(Inet4Address client, BlockListProvider p,
            String session) {
        Name name;
        try {
            name = queryName(client, p.lookupDomain());
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(false);
        }
        Message query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        return resolver.sendAsync(query).toCompletableFuture()
                .orTimeout(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
                .handle((answer, error) -> {
                    if (error != null) {
                        LOG.warn("{}", Kv.of("event", "dnsbl-error", "session", session,
                                "provider", p.name(), "query", name, "error",
                                String.valueOf(error)));
                        return false;
                    }
                    int rcode = answer.getRcode();
                    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                        LOG.warn("{}", Kv.of("event", "dnsbl-error", "session", session,
                                "provider", p.name(), "query", name, "rcode",
                                Rcode.string(rcode)));
                        return false;
                    }
                    for (Record r : answer.getSection(Section.ANSWER)) {
                        if (r instanceof ARecord && loopback(((ARecord) r).getAddress())) {
                            return true;
                        }
                    }
                    return false;
                });
    }

    private static boolean loopback(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 && b[0] == 127;
    }
}
