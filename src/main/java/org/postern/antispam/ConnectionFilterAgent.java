package org.postern.antispam;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.postern.config.AntispamConfig;
import org.postern.config.AntispamConfig.BlockListProvider;
import org.postern.config.AntispamConfig.IpListEntry;

/**
 * Exchange's Connection Filtering agent: the client's address against the IP Allow list, the
 * IP Block list and the IP Block list providers. An allow-list entry wins over everything
 * else. A listed client is not refused at connect: as Exchange does, the session goes on so the
 * sender is recorded, and every RCPT gets the rejection.
 */
public final class ConnectionFilterAgent {

    public static final String NAME = "Connection Filtering Agent";

    // Exchange's StaticEntryRejectionResponse default, with {0} filled by the client's
    // address; the text is what Exchange servers are seen to send (UNCONFIRMED in the docs).
    static final String STATIC_TEXT =
            "External client with IP address %s does not have permissions to submit to this"
            + " server.";

    // The reply of a provider without a RejectionResponse (UNCONFIRMED wording).
    static final String PROVIDER_TEXT =
            "Recipient not authorized, your IP has been found on a block list";

    private ConnectionFilterAgent() {
    }

    /** Whether an IP Allow list entry applies to the client now. */
    public static boolean allowed(AntispamConfig c, InetAddress client, Instant now) {
        for (IpListEntry e : c.allowList()) {
            if (e.matches(client, now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param listedBy the provider that lists the client (the first by Priority), or empty
     */
    public static Optional<Rejection> check(AntispamConfig c, InetAddress client, Instant now,
            Optional<BlockListProvider> listedBy) {
        if (allowed(c, client, now)) {
            return Optional.empty();
        }
        String ip = client.getHostAddress();
        for (IpListEntry e : c.blockList()) {
            if (e.matches(client, now)) {
                return Optional.of(new Rejection(NAME, 550, "5.7.1",
                        String.format(STATIC_TEXT, ip), "ip-block-list",
                        "entry " + e.identity() + " " + e.range()));
            }
        }
        if (listedBy.isPresent()) {
            BlockListProvider p = listedBy.get();
            String text = p.rejectionResponse().isEmpty() ? PROVIDER_TEXT : p.rejectionResponse();
            return Optional.of(new Rejection(NAME, 550, "5.7.1", text, "ip-block-list-provider",
                    p.name()));
        }
        return Optional.empty();
    }
}
