package org.postern.antispam;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.postern.config.AntispamConfig;
import org.postern.config.AntispamConfig.BlockListProvider;
import org.postern.config.DomainType;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The antispam stage: the agents that run in an SMTP session at connect, MAIL and RCPT
 * (Connection Filtering, Sender Filter, Sender ID, Recipient Filter), in Exchange's order. One
 * instance per server holds the DNS block list resolver and the SPF checker; {@link #open}
 * makes each session's view. The session skips the agents when it has ms-Exch-Bypass-Anti-Spam.
 */
public final class AntispamAgents {

    private static final Logger LOG = LoggerFactory.getLogger(AntispamAgents.class);

    private final Dnsbl dnsbl;
    private final Spf spf;
    private final Clock clock;

    public AntispamAgents(Dnsbl dnsbl, Spf spf, Clock clock) {
        this.dnsbl = dnsbl;
        this.spf = spf;
        this.clock = clock;
    }

    /** Asking this DNS server (null: the system's), 5 s time-out, four SPF threads. */
    public static AntispamAgents forServer(InetSocketAddress dnsServer) {
        Duration timeout = Duration.ofSeconds(5);
        return new AntispamAgents(new Dnsbl(dnsServer, timeout), new Spf(dnsServer, timeout, 4),
                Clock.systemUTC());
    }

    /**
     * What the agents at MAIL FROM decided.
     *
     * @param stamps fields to stamp into the message when it is accepted ({@code Name: value})
     */
    public record MailVerdict(Optional<Rejection> rejection, List<String> stamps) {
        public static final MailVerdict ACCEPTED = new MailVerdict(Optional.empty(), List.of());
    }

    /**
     * A session's agents. At connect they start the block list providers' look-ups (unless
     * the client is allow-listed or the session bypasses antispam from the start).
     *
     * @param bypassAtConnect whether the session already has Bypass-Anti-Spam
     */
    public Session open(AntispamConfig config, InetAddress client, String sessionId,
            boolean bypassAtConnect) {
        CompletableFuture<Optional<BlockListProvider>> listing;
        List<BlockListProvider> enabled = config.providersByPriority().stream()
                .filter(BlockListProvider::enabled).toList();
        if (bypassAtConnect || enabled.isEmpty()
                || ConnectionFilterAgent.allowed(config, client, clock.instant())) {
            listing = CompletableFuture.completedFuture(Optional.empty());
        } else {
            listing = dnsbl.firstListing(enabled, client, sessionId);
        }
        return new Session(config, client, sessionId, listing);
    }

    /**
     * The Sender Filter's decision at MAIL FROM ({@code sender} null for the null sender):
     * what a session and Test-ReceiveConnectorAccess both ask. The Sender ID agent comes after
     * it in a session; it needs DNS, so Test-ReceiveConnectorAccess does not run it.
     */
    public static Optional<Rejection> mailDecision(AntispamConfig config, String sender) {
        return SenderFilterAgent.check(config.senderFilter(), sender);
    }

    /**
     * The agents' decision at RCPT TO, in Exchange's order: Connection Filtering (the IP
     * lists, then the block list provider that listed the client, if any), then the Recipient
     * Filter.
     */
    public static Optional<Rejection> rcptDecision(AntispamConfig config, InetAddress client,
            Instant now, Optional<BlockListProvider> listed, String recipient,
            Optional<DomainType> domainType, boolean isMailbox) {
        Optional<Rejection> r = ConnectionFilterAgent.check(config, client, now, listed);
        if (r.isEmpty()) {
            r = RecipientFilterAgent.check(config.recipientFilter(), recipient, domainType,
                    isMailbox);
        }
        return r;
    }

    /** One session's agents; called on the session's event loop. */
    public final class Session {
        private final AntispamConfig config;
        private final InetAddress client;
        private final String sessionId;
        private final CompletableFuture<Optional<BlockListProvider>> listing;

        private Session(AntispamConfig config, InetAddress client, String sessionId,
                CompletableFuture<Optional<BlockListProvider>> listing) {
            this.config = config;
            this.client = client;
            this.sessionId = sessionId;
            this.listing = listing;
        }

        /**
         * The Sender Filter agent, then the Sender ID agent, at MAIL FROM ({@code sender} null
         * for the null sender). Completes at once or, after an SPF check, on an SPF thread: the
         * caller returns to its event loop.
         */
        public CompletableFuture<MailVerdict> mail(String sender, String helo) {
            Optional<Rejection> blocked = mailDecision(config, sender);
            if (blocked.isPresent()) {
                return CompletableFuture.completedFuture(new MailVerdict(
                        logged(blocked, "MAIL", sender, null), List.of()));
            }
            if (!SenderIdAgent.checks(config.senderId(), sender)) {
                return CompletableFuture.completedFuture(MailVerdict.ACCEPTED);
            }
            return spf.check(client, sender, helo).thenApply(outcome -> {
                SenderIdAgent.Decision d = SenderIdAgent.decide(config.senderId(), outcome,
                        sender);
                LOG.debug("{}", Kv.of("event", "spf-checked", "session", sessionId,
                        "client", client.getHostAddress(), "from", sender,
                        "result", outcome.result().name()));
                return new MailVerdict(logged(d.rejection(), "MAIL", sender, null), d.fields());
            });
        }

        /**
         * The Connection Filtering agent, then the Recipient Filter agent, at RCPT TO.
         * Completes when the block list look-ups are done (at once when they are), on
         * whichever thread finished them: the caller returns to its event loop.
         */
        public CompletableFuture<Optional<Rejection>> rcpt(String sender, String recipient,
                Optional<DomainType> domainType, boolean isMailbox) {
            return listing.thenApply(listed -> logged(rcptDecision(config, client,
                    clock.instant(), listed, recipient, domainType, isMailbox), "RCPT", sender,
                    recipient));
        }

        private Optional<Rejection> logged(Optional<Rejection> r, String command, String sender,
                String recipient) {
            r.ifPresent(x -> LOG.info("{}", Kv.of("event", "agent-reject", "agent", x.agent(),
                    "session", sessionId, "client", client.getHostAddress(), "command", command,
                    "reply", x.code() + " " + x.status(), "reason", x.reason(),
                    "matched", x.detail(), "from", sender == null ? "<>" : sender,
                    "to", recipient == null ? "" : recipient)));
            return r;
        }
    }
}
