package org.postern.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.postern.config.AcceptedDomain;
import org.postern.config.Configuration;
import org.postern.config.SendConnector;
import org.postern.config.TransportService;
import org.postern.config.Unlimited;
import org.postern.log.Endpoints;
import org.postern.log.Kv;
import org.postern.log.MessageTrackingLog;
import org.postern.log.TrackingEvent;
import org.postern.queue.Envelope;
import org.postern.queue.Origin;
import org.postern.queue.QueuedMessage;
import org.postern.queue.SpoolStore;
import org.postern.queue.SpooledMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery stage: takes every message the spool commits (and, at start, every message a
 * previous run left), routes each recipient ({@link Router}), keeps one delivery queue per next
 * hop, delivers through SMTP or into mailboxes, retries on Exchange's schedule, sends delay
 * notices and non-delivery reports, and removes a message from the spool once every recipient
 * is delivered or failed.
 *
 * <p><b>Crash safety.</b> The spool holds the message from its 250 on; what delivery learnt
 * about it (a recipient delivered, deferred until a time, failed and reported; the message
 * suspended) is written to the {@link DeliveryStateStore} before anything depends on it. A
 * restart starts from the spool and those states, so every accepted message is delivered at
 * least once; a message whose delivery was under way at the crash may go out twice. A report is
 * durably queued before the failure it reports is recorded. A message delivered to every
 * recipient at the first try costs no state write at all: it just leaves the spool.
 *
 * <p><b>Threads.</b> One categoriser thread takes new messages; one sweeper thread wakes due
 * retries, expires messages and sends delay notices; connection threads (at most the Transport
 * service's MaxOutboundConnections, at most MaxPerDomainOutboundConnections per queue) each run
 * one session and reuse it for up to SmtpMaxMessagesPerConnection messages, waiting briefly for
 * more work before they close. Queue structures are guarded by the engine's monitor; each
 * message's state changes under the message's own monitor (taken first), and disk work is done
 * outside the engine's monitor.
 */
public final class DeliveryEngine implements QueueAdmin, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("postern.delivery");

    /** How long an idle session waits for another message before it closes. */
    static final long LINGER_MILLIS = 1000;
    /** How often the sweeper looks at due retries, expiry and delay notices. */
    static final long SWEEP_MILLIS = 200;
    /** A queue without messages disappears after this (Exchange's QueueMaxIdleTime). */
    static final Duration QUEUE_MAX_IDLE = Duration.ofMinutes(3);
    /** Cap for an Unlimited connection limit. */
    static final int UNLIMITED_CONNECTIONS = 1000;

    static final String SUBMISSION = "Submission";

    private final SpoolStore spool;
    private final DeliveryStateStore states;
    private final Supplier<Configuration> config;
    private final MessageTrackingLog tracking;
    private final Clock clock;
    private final Transport smtp;
    private final Transport mailboxes;
    private final Reports reports;

    // Guarded by this.
    private final Map<Long, Msg> messages = new HashMap<>();
    private final Map<String, DQueue> queues = new LinkedHashMap<>();
    private int totalActive;
    private boolean closed;
    /** Ids that left the spool lately, so a late duplicate submission is not taken up again. */
    private final Map<Long, Boolean> recentlyRemoved = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > 10000;
        }
    };
    private Instant nextUnreachableRetry;

    private final LinkedBlockingQueue<Submission> submission = new LinkedBlockingQueue<>();
    private final Map<Long, DeliveryState> recovered =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final Thread categoriser;
    private final Thread sweeper;

    /** A message handed to the categoriser; {@code fresh} when just committed. */
    private record Submission(long id, boolean fresh) {
        static final Submission END = new Submission(-1, false);
    }

    /** One spooled message known to delivery. */
    private static final class Msg {
        final SpooledMessage spooled;
        final Instant arrival;
        final Headers.Summary summary;
        final String networkId;
        DeliveryState state;      // changed only under this Msg's monitor (and the engine's)
        boolean stored;           // a state was saved
        final Set<Integer> inflight = new HashSet<>();
        int busy;                 // attempts under way
        boolean removed;
        boolean inSubmission;
        String lastError;

        Msg(SpooledMessage spooled, Instant arrival, Headers.Summary summary,
                DeliveryState state, boolean stored, String networkId) {
            this.spooled = spooled;
            this.arrival = arrival;
            this.summary = summary;
            this.state = state;
            this.stored = stored;
            this.networkId = networkId;
        }

        long id() {
            return spooled.internalId();
        }
    }

    /** One delivery queue: one next hop. */
    private static final class DQueue {
        final String key;
        Route route;
        final ArrayDeque<Long> ready = new ArrayDeque<>();
        final Set<Long> queued = new HashSet<>();
        int active;
        int idle;
        int starting;
        int connectionFailures;
        Instant retryAt;
        Instant lastRetry;
        String lastError;
        boolean suspended;
        Instant emptySince;

        DQueue(String key, Route route) {
            this.key = key;
            this.route = route;
        }

        DeliveryType type() {
            switch (route.kind()) {
                case MAILBOX: return DeliveryType.SmtpDeliveryToMailbox;
                case SMART_HOST: return DeliveryType.SmartHostConnectorDelivery;
                case DNS: return DeliveryType.DnsConnectorDelivery;
                default: return DeliveryType.Unreachable;
            }
        }
    }

    /** Recipients of one message taken for one attempt. */
    private record Work(Msg m, List<Integer> indices) {
        List<String> addresses() {
            List<String> out = new ArrayList<>();
            for (int i : indices) {
                out.add(m.state.recipients().get(i).address());
            }
            return out;
        }

        List<Map<String, String>> parameters() {
            List<Map<String, String>> out = new ArrayList<>();
            List<Envelope.Recipient> rs = m.spooled.envelope().recipients();
            for (int i : indices) {
                out.add(i < rs.size() ? rs.get(i).parameters() : Map.of());
            }
            return out;
        }
    }

    /**
     * @param spool the queue delivery reads from (and writes reports to)
     * @param states where delivery states live
     * @param config the live configuration
     * @param dns the resolver for MX and host look-ups
     * @param listening Postern's own listening sockets (to detect mail loops)
     * @param maildirs the local mailboxes
     * @param tracking the message tracking log
     */
    public DeliveryEngine(SpoolStore spool, DeliveryStateStore states,
            Supplier<Configuration> config, DnsResolver dns,
            Supplier<List<InetSocketAddress>> listening, Maildirs maildirs,
            MessageTrackingLog tracking, Clock clock) {
        this.spool = spool;
        this.states = states;
        this.config = config;
        this.tracking = tracking;
        this.clock = clock;
        this.smtp = new SmtpTransport(dns, listening);
        this.mailboxes = new MailboxTransport(maildirs);
        this.reports = new Reports(spool, config.get().server().fqdn());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "postern-deliver-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.categoriser = new Thread(this::categoriseLoop, "postern-categoriser");
        this.categoriser.setDaemon(true);
        this.sweeper = new Thread(this::sweepLoop, "postern-delivery-sweeper");
        this.sweeper.setDaemon(true);
    }

    /**
     * Starts delivering: listens for new commits, then (on the categoriser thread, so a large
     * spool does not hold up the server's start) takes over every message already in the spool
     * with its stored state, and drops states whose message is gone.
     */
    public void start() throws IOException {
        Map<Long, DeliveryState> stored = states.loadAll();
        spool.onCommit(this::committed);
        recovered.putAll(stored);
        categoriser.start();
        sweeper.start();
    }

    /** Takes over what the spool held at start; runs first on the categoriser thread. */
    private void recover() {
        List<SpooledMessage> present;
        try {
            present = spool.list();
        } catch (IOException e) {
            log.error("{}", Kv.of("event", "delivery-recover-failed", "error", e.toString()));
            return;
        }
        Set<Long> ids = new HashSet<>();
        for (SpooledMessage m : present) {
            ids.add(m.internalId());
        }
        for (Long id : new ArrayList<>(recovered.keySet())) {
            if (!ids.contains(id)) {
                recovered.remove(id);
                try {
                    states.delete(id);
                } catch (IOException e) {
                    log.warn("{}", Kv.of("event", "delivery-state-delete-failed", "id", id,
                            "error", e.toString()));
                }
            }
        }
        int states = recovered.size();
        log.info("{}", Kv.of("event", "delivery-start", "recovered", present.size(),
                "states", states));
        for (SpooledMessage m : present) {
            try {
                categorise(new Submission(m.internalId(), false), m);
            } catch (IOException | RuntimeException e) {
                log.error("{}", Kv.of("event", "categorise-failed", "id", m.internalId(),
                        "error", e.toString()), e);
            }
        }
    }

    private void committed(QueuedMessage q) {
        submission.add(new Submission(q.internalId(), true));
    }

    /** Re-routes every message after a configuration change. */
    public void configurationChanged() {
        resubmitAll(m -> true);
    }

    private void resubmitAll(java.util.function.Predicate<Msg> which) {
        List<Long> ids = new ArrayList<>();
        synchronized (this) {
            for (Msg m : messages.values()) {
                if (!m.removed && !m.inSubmission && which.test(m)) {
                    m.inSubmission = true;
                    ids.add(m.id());
                }
            }
        }
        for (long id : ids) {
            submission.add(new Submission(id, false));
        }
    }

    // ---------------------------------------------------------------- categoriser

    private void categoriseLoop() {
        recover();
        while (true) {
            Submission s;
            try {
                s = submission.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (s == Submission.END) {
                return;
            }
            try {
                categorise(s, null);
            } catch (IOException | RuntimeException e) {
                log.error("{}", Kv.of("event", "categorise-failed", "id", s.id(),
                        "error", e.toString()), e);
            }
        }
    }

    /** Routes a message's open recipients; {@code known} is the message if already read. */
    private void categorise(Submission s, SpooledMessage known) throws IOException {
        Msg m;
        synchronized (this) {
            m = messages.get(s.id());
        }
        if (m == null) {
            Optional<SpooledMessage> found = known != null ? Optional.of(known)
                    : spool.find(s.id());
            if (found.isEmpty()) {
                return;
            }
            SpooledMessage sm = found.get();
            Headers.Summary summary;
            try (InputStream in = sm.openContent()) {
                summary = Headers.summary(in);
            } catch (IOException e) {
                summary = Headers.Summary.NONE;
            }
            DeliveryState state = recovered.remove(s.id());
            boolean stored = state != null;
            List<String> rcpts = new ArrayList<>();
            for (Envelope.Recipient r : sm.envelope().recipients()) {
                rcpts.add(r.address());
            }
            if (state == null || state.recipients().size() != rcpts.size()) {
                state = DeliveryState.fresh(sm.internalId(), rcpts);
            }
            Origin o = sm.envelope().origin();
            Instant arrival = o != null && o.receivedAt() != null ? o.receivedAt()
                    : Files.getLastModifiedTime(sm.content()).toInstant();
            // The id the receive side stamped; a message without one (a report, or one from
            // before the stamps) gets a stable id made from its identity.
            String networkId = summary.networkMessageId() != null ? summary.networkMessageId()
                    : UUID.nameUUIDFromBytes((config.get().server().fqdn() + "/"
                    + sm.internalId() + "/" + arrival).getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)).toString();
            Msg created = new Msg(sm, arrival, summary, state, stored, networkId);
            synchronized (this) {
                if (recentlyRemoved.containsKey(s.id())) {
                    return;  // delivered meanwhile; this was a second submission of it
                }
                m = messages.putIfAbsent(s.id(), created);
                if (m == null) {
                    m = created;
                }
            }
            // TODO(RECEIVE after a crash): a message taken over at start is not logged as
            // RECEIVE, though a crash may have cut its RECEIVE row off before it was written;
            // missing because the spool does not record whether the row was written, and
            // logging it again at every start would duplicate it for every message.
            if (m == created && s.fresh()) {
                trackReceive(m);
            }
        }
        Configuration cfg = config.get();
        List<Integer> failed = new ArrayList<>();
        List<SmtpConnection.Outcome> failures = new ArrayList<>();
        synchronized (m) {
            synchronized (this) {
                m.inSubmission = false;
                if (m.removed) {
                    return;
                }
                Instant now = clock.instant();
                Set<DQueue> touched = new HashSet<>();
                List<DeliveryState.RecipientState> rs = m.state.recipients();
                Optional<String> overLimit = Router.organizationLimit(cfg.transportConfig(),
                        m.summary.authAs(), m.spooled.size(), rs.size());
                for (int i = 0; i < rs.size(); i++) {
                    DeliveryState.RecipientState r = rs.get(i);
                    if (r.status().done() || m.inflight.contains(i)) {
                        continue;
                    }
                    Route route = overLimit.isPresent() ? Route.fail(overLimit.get())
                            : Router.route(cfg, r.address(), m.spooled.size());
                    if (route.kind() == Route.Kind.FAIL) {
                        failed.add(i);
                        failures.add(new SmtpConnection.Outcome(parseReply(route.reply()),
                                false));
                        continue;
                    }
                    DQueue q = queue(route);
                    DeliveryState.RecipientState routed = r.routedTo(route.key());
                    if (route.kind() == Route.Kind.UNREACHABLE) {
                        routed = new DeliveryState.RecipientState(r.address(), r.status(),
                                r.attempts(), r.nextRetry(), route.reply(), route.key());
                        q.lastError = route.reply();
                    }
                    m.state = m.state.withRecipient(i, routed);
                    touched.add(q);
                }
                for (DQueue q : touched) {
                    if (q.route.kind() != Route.Kind.UNREACHABLE && hasReady(m, q, now)) {
                        enqueue(q, m);
                    }
                }
                if (!failed.isEmpty()) {
                    m.inflight.addAll(failed);
                    m.busy++;
                }
            }
        }
        if (!failed.isEmpty()) {
            finish(null, new Work(m, failed), failures, null);
        }
    }

    /** The queue of a route, created on first use; keeps the latest route. */
    private DQueue queue(Route route) {
        DQueue q = queues.get(route.key());
        if (q == null) {
            q = new DQueue(route.key(), route);
            queues.put(route.key(), q);
        } else {
            q.route = route;
        }
        q.emptySince = null;
        return q;
    }

    private boolean hasReady(Msg m, DQueue q, Instant now) {
        if (m.state.suspended()) {
            return false;
        }
        List<DeliveryState.RecipientState> rs = m.state.recipients();
        for (int i = 0; i < rs.size(); i++) {
            if (isReady(rs.get(i), q.key, now) && !m.inflight.contains(i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReady(DeliveryState.RecipientState r, String key, Instant now) {
        if (!key.equals(r.queue())) {
            return false;
        }
        return r.status() == DeliveryState.Status.PENDING
                || r.status() == DeliveryState.Status.DEFERRED
                        && (r.nextRetry() == null || !now.isBefore(r.nextRetry()));
    }

    private void enqueue(DQueue q, Msg m) {
        if (q.queued.add(m.id())) {
            q.ready.addLast(m.id());
        }
        maybeSpawn(q);
        notifyAll();
    }

    // ---------------------------------------------------------------- connections

    private void maybeSpawn(DQueue q) {
        if (closed || q.suspended || q.route.kind() == Route.Kind.UNREACHABLE) {
            return;
        }
        if (q.retryAt != null && clock.instant().isBefore(q.retryAt)) {
            return;
        }
        TransportService ts = config.get().transportService();
        int perQueue = limit(ts.maxPerDomainOutboundConnections());
        int total = limit(ts.maxOutboundConnections());
        while (q.ready.size() > q.idle + q.starting && q.active < perQueue
                && totalActive < total) {
            q.active++;
            q.starting++;
            totalActive++;
            workers.execute(() -> runConnection(q));
        }
    }

    private static int limit(Unlimited u) {
        return u.isUnlimited() ? UNLIMITED_CONNECTIONS
                : (int) Math.max(1, Math.min(UNLIMITED_CONNECTIONS, u.value()));
    }

    private void runConnection(DQueue q) {
        Transport.Session session = null;
        SendConnector openedFor = null;  // the send connector as it was when the session opened
        int sentOnSession = 0;
        boolean first = true;
        try {
            while (true) {
                Work w = take(q, session != null, first);
                first = false;
                if (w == null) {
                    break;
                }
                Configuration cfg = config.get();
                SendConnector connectorNow = connectorOf(q, cfg);
                if (session != null && !java.util.Objects.equals(connectorNow, openedFor)) {
                    // The connector changed (RequireTLS, smart hosts, credential...): what
                    // follows must go through a session that the new settings set up.
                    session.close();
                    session = null;
                    sentOnSession = 0;
                }
                if (session == null) {
                    try {
                        session = transport(q).open(q.route, cfg);
                        openedFor = connectorNow;
                        connected(q);
                    } catch (Transport.ConnectFailure f) {
                        if (f.permanent) {
                            String status = f.status != null ? f.status : "5.4.4";
                            finish(q, w, all(w, new SmtpConnection.Outcome(new SmtpReply(550,
                                    List.of(status + " " + f.getMessage())), false)), null);
                            continue;
                        }
                        connectionFailed(q, w, f.getMessage());
                        break;
                    }
                }
                List<SmtpConnection.Outcome> outcomes;
                try {
                    outcomes = session.deliver(w.m().spooled, w.addresses(), w.parameters());
                } catch (IOException | RuntimeException e) {
                    if (!Files.exists(w.m().spooled.content())) {
                        // Someone took the file away (an operator cleaning up by hand): there
                        // is nothing left to deliver, and retrying would only fail again.
                        log.error("{}", Kv.of("event", "deliver-content-missing", "queue",
                                identity(q), "id", w.m().id(), "file", w.m().spooled.content()));
                        forget(w);
                        session.close();
                        session = null;
                        continue;
                    }
                    if (e instanceof RuntimeException) {
                        log.error("{}", Kv.of("event", "deliver-error", "queue", identity(q),
                                "id", w.m().id(), "error", e.toString()), e);
                    }
                    String remote = session.remoteName();
                    session.close();
                    session = null;
                    connectionFailed(q, w, "The connection to " + remote + " failed during"
                            + " delivery: " + SmtpConnection.describe(e instanceof IOException
                                    ? (IOException) e : new IOException(e.toString())));
                    break;
                }
                finish(q, w, outcomes, session);
                sentOnSession++;
                int max = connectorNow == null ? Integer.MAX_VALUE
                        : Math.max(1, connectorNow.smtpMaxMessagesPerConnection());
                if (!session.reusable() || sentOnSession >= max) {
                    session.close();
                    session = null;
                    sentOnSession = 0;
                }
            }
        } catch (RuntimeException e) {
            log.error("{}", Kv.of("event", "connection-error", "queue", identity(q),
                    "error", e.toString()), e);
        } finally {
            if (session != null) {
                session.close();
            }
            synchronized (this) {
                if (first) {
                    q.starting--;
                }
                q.active--;
                totalActive--;
                maybeSpawn(q);
                for (DQueue other : queues.values()) {
                    if (other != q && !other.ready.isEmpty()) {
                        maybeSpawn(other);  // a connection slot came free
                    }
                }
            }
        }
    }

    /** The current configuration's version of the queue's send connector, or null. */
    private static SendConnector connectorOf(DQueue q, Configuration cfg) {
        if (q.route.connector() == null) {
            return null;
        }
        for (SendConnector c : cfg.sendConnectors()) {
            if (c.guid().equals(q.route.connector().guid())) {
                return c;
            }
        }
        return null;
    }

    private Transport transport(DQueue q) {
        return q.route.kind() == Route.Kind.MAILBOX ? mailboxes : smtp;
    }

    private static List<SmtpConnection.Outcome> all(Work w, SmtpConnection.Outcome o) {
        List<SmtpConnection.Outcome> out = new ArrayList<>();
        for (int i = 0; i < w.indices().size(); i++) {
            out.add(o);
        }
        return out;
    }

    /** The next message of the queue with recipients ready, or null (after lingering). */
    private synchronized Work take(DQueue q, boolean linger, boolean first) {
        if (first) {
            q.starting--;
        }
        long deadline = System.currentTimeMillis() + (linger ? LINGER_MILLIS : 0);
        while (true) {
            if (closed || q.suspended) {
                return null;
            }
            Instant now = clock.instant();
            if (q.retryAt != null && now.isBefore(q.retryAt)) {
                return null;
            }
            Long id = q.ready.pollFirst();
            if (id != null) {
                q.queued.remove(id);
                Msg m = messages.get(id);
                if (m == null || m.removed || m.state.suspended()) {
                    continue;
                }
                List<Integer> indices = new ArrayList<>();
                List<DeliveryState.RecipientState> rs = m.state.recipients();
                for (int i = 0; i < rs.size(); i++) {
                    if (isReady(rs.get(i), q.key, now) && !m.inflight.contains(i)) {
                        indices.add(i);
                    }
                }
                if (indices.isEmpty()) {
                    continue;
                }
                m.inflight.addAll(indices);
                m.busy++;
                return new Work(m, indices);
            }
            long wait = deadline - System.currentTimeMillis();
            if (wait <= 0) {
                return null;
            }
            q.idle++;
            try {
                wait(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                q.idle--;
            }
        }
    }

    private synchronized void connected(DQueue q) {
        q.connectionFailures = 0;
        q.retryAt = null;
        q.lastError = null;
        q.lastRetry = clock.instant();
    }

    private synchronized void forget(Work w) {
        Msg m = w.m();
        m.inflight.removeAll(w.indices());
        m.busy--;
        m.removed = true;
        messages.remove(m.id());
    }

    /** No session: the queue waits (Exchange's connection retry schedule), work goes back. */
    private void connectionFailed(DQueue q, Work w, String error) {
        Instant retryAt;
        synchronized (this) {
            Msg m = w.m();
            m.inflight.removeAll(w.indices());
            m.busy--;
            m.lastError = error;
            if (!m.removed && q.queued.add(m.id())) {
                q.ready.addFirst(m.id());
            }
            TransportService ts = config.get().transportService();
            q.connectionFailures++;
            Instant now = clock.instant();
            q.lastRetry = now;
            q.retryAt = now.plus(RetrySchedule.connectionRetryInterval(ts, q.connectionFailures));
            q.lastError = error;
            retryAt = q.retryAt;
        }
        log.info("{}", Kv.of("event", "defer", "queue", identity(q), "id", w.m().id(),
                "recipient", String.join(";", w.addresses()), "reply", error,
                "retry", retryAt, "failures", q.connectionFailures));
        track("DEFER", "SMTP", w.m(), w.addresses(), List.of(error), q, null, null,
                "connection");
    }

    // ---------------------------------------------------------------- outcomes

    /**
     * Records the outcomes of an attempt: delivered, deferred, failed (with a report to the
     * sender); removes the message when nothing is left to do, otherwise saves its state.
     *
     * @param q the queue, or null for a decision without a queue (routing, expiry, removal)
     */
    private void finish(DQueue q, Work w, List<SmtpConnection.Outcome> outcomes,
            Transport.Session session) {
        Msg m = w.m();
        List<Reports.Entry> report = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        List<String> deliveredReplies = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        List<String> deferredReplies = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> failedReplies = new ArrayList<>();
        String remoteName = session == null ? null : session.remoteName();
        synchronized (m) {
            boolean done;
            boolean last;
            DeliveryState snapshot;
            synchronized (this) {
                Instant now = clock.instant();
                TransportService ts = config.get().transportService();
                for (int k = 0; k < w.indices().size(); k++) {
                    int i = w.indices().get(k);
                    SmtpConnection.Outcome o = outcomes.get(k);
                    DeliveryState.RecipientState r = m.state.recipients().get(i);
                    String text = o.reply().text();
                    if (o.reply().positive()) {
                        r = r.with(DeliveryState.Status.DELIVERED, text);
                        delivered.add(r.address());
                        deliveredReplies.add(text);
                    } else if (o.reply().transientFailure()) {
                        r = r.deferred(RetrySchedule.messageRetryAt(ts, now), text);
                        deferred.add(r.address());
                        deferredReplies.add(text);
                        m.lastError = text;
                    } else {
                        r = r.with(DeliveryState.Status.FAILED, text);
                        failed.add(r.address());
                        failedReplies.add(text);
                        m.lastError = text;
                        if (notifies(m, i, "FAILURE")) {
                            report.add(entry(m, i, o, remoteName));
                        }
                    }
                    m.state = m.state.withRecipient(i, r);
                }
                m.inflight.removeAll(w.indices());
                m.busy--;
                done = m.state.done();
                last = done && m.busy == 0 && !m.removed;
                if (last) {
                    m.removed = true;
                }
                snapshot = m.state;
            }
            String queueId = q == null ? identity(SUBMISSION) : identity(q);
            boolean toMailbox = q != null && q.route.kind() == Route.Kind.MAILBOX;
            for (int k = 0; k < delivered.size(); k++) {
                log.info("{}", Kv.of("event", "deliver", "queue", queueId, "id", m.id(),
                        "recipient", delivered.get(k), "remote", remoteName,
                        "reply", deliveredReplies.get(k)));
            }
            if (!delivered.isEmpty()) {
                track(toMailbox ? "DELIVER" : "SEND", toMailbox ? "STOREDRIVER" : "SMTP", m,
                        delivered, deliveredReplies, q, session, null, null);
            }
            for (int k = 0; k < deferred.size(); k++) {
                log.info("{}", Kv.of("event", "defer", "queue", queueId, "id", m.id(),
                        "recipient", deferred.get(k), "remote", remoteName,
                        "reply", deferredReplies.get(k)));
            }
            if (!deferred.isEmpty()) {
                track("DEFER", "SMTP", m, deferred, deferredReplies, q, session, null, null);
            }
            for (int k = 0; k < failed.size(); k++) {
                log.info("{}", Kv.of("event", "fail", "queue", queueId, "id", m.id(),
                        "recipient", failed.get(k), "remote", remoteName,
                        "reply", failedReplies.get(k)));
            }
            if (!failed.isEmpty()) {
                track("FAIL", q == null ? "ROUTING" : "SMTP", m, failed, failedReplies, q,
                        session, null, null);
            }
            if (!report.isEmpty() && !m.spooled.envelope().sender().isEmpty()) {
                sendReport(Reports.Kind.FAILED, m, report);
            }
            try {
                if (last) {
                    spool.remove(m.id());
                    if (m.stored) {
                        states.delete(m.id());
                    }
                    synchronized (this) {
                        messages.remove(m.id());
                        recentlyRemoved.put(m.id(), Boolean.TRUE);
                    }
                } else {
                    states.save(snapshot);
                    m.stored = true;
                }
            } catch (IOException e) {
                log.error("{}", Kv.of("event", "delivery-state-failed", "id", m.id(),
                        "error", e.toString()));
            }
        }
    }

    /** Whether the recipient's NOTIFY asks for this kind of notice (absent: failure, delay). */
    private static boolean notifies(Msg m, int i, String kind) {
        List<Envelope.Recipient> rs = m.spooled.envelope().recipients();
        String notify = i < rs.size() ? rs.get(i).parameters().get("NOTIFY") : null;
        if (notify == null) {
            return true;
        }
        return notify.toUpperCase(Locale.ROOT).contains(kind);
    }

    private static Reports.Entry entry(Msg m, int i, SmtpConnection.Outcome o, String remote) {
        List<Envelope.Recipient> rs = m.spooled.envelope().recipients();
        String orcpt = i < rs.size() ? rs.get(i).parameters().get("ORCPT") : null;
        String address = m.state.recipients().get(i).address();
        String reply = o.reply().text();
        String explanation;
        if (o.remote()) {
            explanation = "The receiving server " + remote + " refused the message for this"
                    + " recipient. It said: " + reply;
        } else {
            explanation = "Postern could not deliver the message to this recipient: "
                    + reasonText(o.reply());
        }
        return new Reports.Entry(address, orcpt, o.reply().status(), o.remote() ? remote : null,
                reply, explanation);
    }

    private static String reasonText(SmtpReply r) {
        String s = String.join(" ", r.lines());
        String e = r.enhancedCode();
        return e != null && s.startsWith(e) ? s.substring(e.length()).trim() : s;
    }

    private void sendReport(Reports.Kind kind, Msg m, List<Reports.Entry> entries) {
        Configuration cfg = config.get();
        TransportService ts = cfg.transportService();
        Instant now = clock.instant();
        try {
            QueuedMessage q = reports.send(kind, m.spooled, m.summary.rawSubject(), m.arrival,
                    entries, postmaster(cfg), now, m.arrival.plus(ts.messageExpirationTimeout()),
                    clock.getZone());
            List<String> rcpts = new ArrayList<>();
            for (Reports.Entry e : entries) {
                rcpts.add(e.address());
            }
            log.info("{}", Kv.of("event", "dsn", "kind", kind == Reports.Kind.FAILED ? "failed"
                    : "delayed", "id", m.id(), "report", q.internalId(), "to",
                    m.spooled.envelope().sender(), "recipient", String.join(";", rcpts)));
            tracking.log(new TrackingEvent(now, null, cfg.server().fqdn(), null, null,
                    kind == Reports.Kind.FAILED ? "failed" : "delayed", null, "DSN", "DSN",
                    m.id(), m.spooled.messageId(), m.networkId, rcpts, List.of(),
                    m.spooled.size(), rcpts.size(), m.spooled.envelope().sender(),
                    q.messageId(), m.summary.subject(), m.spooled.envelope().sender(),
                    m.spooled.envelope().sender(), null, null));
        } catch (IOException | RuntimeException e) {
            // TODO(report retry): a report that cannot be queued (disk full) is lost; the
            // failure itself stays recorded. Missing: a retry of the report, which needs the
            // report's content kept somewhere other than the full disk.
            log.error("{}", Kv.of("event", "dsn-failed", "id", m.id(), "error", e.toString()));
        }
    }

    /** postmaster@ the default accepted domain, or MAILER-DAEMON@ the server's FQDN. */
    static String postmaster(Configuration cfg) {
        for (AcceptedDomain d : cfg.acceptedDomains()) {
            if (d.isDefault() && !d.domainName().startsWith("*")) {
                return "postmaster@" + d.domainName();
            }
        }
        return "MAILER-DAEMON@" + cfg.server().fqdn();
    }

    private static SmtpReply parseReply(String text) {
        int code = Integer.parseInt(text.substring(0, 3));
        return new SmtpReply(code, List.of(text.substring(4)));
    }

    // ---------------------------------------------------------------- sweeper

    private void sweepLoop() {
        while (true) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            try {
                sweep();
            } catch (RuntimeException e) {
                log.error("{}", Kv.of("event", "sweep-error", "error", e.toString()), e);
            }
            try {
                Thread.sleep(SWEEP_MILLIS);
            } catch (InterruptedException e) {
                // closing
            }
        }
    }

    void sweep() {
        Instant now = clock.instant();
        Configuration cfg = config.get();
        TransportService ts = cfg.transportService();
        List<Work> expired = new ArrayList<>();
        List<Msg> delayed = new ArrayList<>();
        boolean retryUnreachable = false;
        synchronized (this) {
            // Queues whose connection retry is due.
            for (DQueue q : queues.values()) {
                if (q.retryAt != null && !now.isBefore(q.retryAt)
                        && q.route.kind() != Route.Kind.UNREACHABLE) {
                    q.retryAt = null;
                    maybeSpawn(q);
                }
            }
            Set<String> inUse = new HashSet<>();  // queue keys that still have recipients
            for (Msg m : messages.values()) {
                if (m.removed) {
                    continue;
                }
                List<DeliveryState.RecipientState> rs = m.state.recipients();
                for (int i = 0; i < rs.size(); i++) {
                    DeliveryState.RecipientState r = rs.get(i);
                    if (r.status().done()) {
                        continue;
                    }
                    if (r.queue() != null) {
                        inUse.add(r.queue());
                    }
                    if (r.status() == DeliveryState.Status.DEFERRED && r.nextRetry() != null
                            && !now.isBefore(r.nextRetry()) && !m.inflight.contains(i)
                            && !m.state.suspended()) {
                        DQueue q = queues.get(r.queue());
                        if (q != null && q.route.kind() != Route.Kind.UNREACHABLE) {
                            enqueue(q, m);
                        }
                    }
                }
                if (m.busy == 0 && !m.state.done()
                        && RetrySchedule.expired(ts, m.arrival, now)) {
                    List<Integer> indices = new ArrayList<>();
                    for (int i = 0; i < rs.size(); i++) {
                        if (!rs.get(i).status().done()) {
                            indices.add(i);
                        }
                    }
                    m.inflight.addAll(indices);
                    m.busy++;
                    expired.add(new Work(m, indices));
                } else if (!m.state.delayNotified() && !m.state.done()
                        && !m.spooled.envelope().sender().isEmpty()
                        && RetrySchedule.delayNoticeDue(ts, m.arrival, now)) {
                    delayed.add(m);
                }
            }
            // Queues that stayed empty: forget them (QueueMaxIdleTime).
            queues.values().removeIf(q -> {
                if (inUse.contains(q.key) || q.active > 0 || !q.ready.isEmpty()) {
                    q.emptySince = null;
                    return false;
                }
                if (q.emptySince == null) {
                    q.emptySince = now;
                }
                return !now.isBefore(q.emptySince.plus(QUEUE_MAX_IDLE)) && !q.suspended;
            });
            if (inUse.contains(Route.UNREACHABLE_KEY)) {
                if (nextUnreachableRetry == null) {
                    nextUnreachableRetry = now.plus(ts.messageRetryInterval());
                } else if (!now.isBefore(nextUnreachableRetry)) {
                    nextUnreachableRetry = null;
                    retryUnreachable = true;
                }
            }
        }
        for (Work w : expired) {
            String last = w.m().lastError;
            finish(null, w, all(w, new SmtpConnection.Outcome(new SmtpReply(550, List.of(
                    "4.4.7 QUEUE.Expired; message expired"
                            + (last != null ? "; the last error was: " + last : ""))), false)),
                    null);
        }
        for (Msg m : delayed) {
            sendDelayNotice(m, now);
        }
        if (retryUnreachable) {
            resubmitAll(m -> {
                for (DeliveryState.RecipientState r : m.state.recipients()) {
                    if (!r.status().done() && Route.UNREACHABLE_KEY.equals(r.queue())) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    private void sendDelayNotice(Msg m, Instant now) {
        synchronized (m) {
            List<Reports.Entry> entries = new ArrayList<>();
            DeliveryState snapshot;
            synchronized (this) {
                if (m.removed || m.state.delayNotified() || m.state.done()) {
                    return;
                }
                List<DeliveryState.RecipientState> rs = m.state.recipients();
                for (int i = 0; i < rs.size(); i++) {
                    DeliveryState.RecipientState r = rs.get(i);
                    if (r.status().done() || !notifies(m, i, "DELAY")) {
                        continue;
                    }
                    String why = r.lastReply() != null ? r.lastReply() : m.lastError;
                    if (why == null) {
                        DQueue q = queues.get(r.queue());
                        why = q != null && q.lastError != null ? q.lastError
                                : "the message is still waiting in the queue";
                    }
                    List<Envelope.Recipient> envRs = m.spooled.envelope().recipients();
                    entries.add(new Reports.Entry(r.address(), i < envRs.size()
                            ? envRs.get(i).parameters().get("ORCPT") : null, "4.4.7", null,
                            why, "Delivery to this recipient has been delayed: " + why));
                }
                m.state = m.state.withDelayNotified();
                snapshot = m.state;
            }
            if (!entries.isEmpty()) {
                sendReport(Reports.Kind.DELAYED, m, entries);
            }
            try {
                states.save(snapshot);
                m.stored = true;
            } catch (IOException e) {
                log.error("{}", Kv.of("event", "delivery-state-failed", "id", m.id(),
                        "error", e.toString()));
            }
        }
    }

    // ---------------------------------------------------------------- tracking

    private void trackReceive(Msg m) {
        Envelope env = m.spooled.envelope();
        Origin o = env.origin();
        List<String> rcpts = new ArrayList<>();
        for (Envelope.Recipient r : env.recipients()) {
            rcpts.add(r.address());
        }
        boolean dsn = o != null && o.connectorId() == null && "DSN".equals(o.principal());
        Configuration cfg = config.get();
        String senderDomain = Router.domainOf(env.sender());
        boolean originating = !senderDomain.isEmpty()
                && cfg.acceptedDomainFor(senderDomain).isPresent();
        tracking.log(new TrackingEvent(clock.instant(),
                o == null || o.client() == null ? null : ip(o.client()),
                o == null ? null : o.heloName(),
                o == null || o.local() == null ? null : ip(o.local()),
                cfg.server().fqdn(),
                o == null ? null : o.sessionId(),
                o == null ? null : o.connectorId(),
                dsn ? "DSN" : "SMTP", "RECEIVE", m.id(), m.spooled.messageId(), m.networkId,
                rcpts, List.of(), m.spooled.size(), rcpts.size(), null, null,
                m.summary.subject(), env.sender(), env.sender(),
                o == null || o.receivedAt() == null ? null : o.receivedAt().toString(),
                originating ? "Originating" : "Incoming"));
    }

    private static String ip(InetSocketAddress a) {
        String s = Endpoints.format(a);
        int colon = s.lastIndexOf(':');
        String host = colon > 0 ? s.substring(0, colon) : s;
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private void track(String eventId, String source, Msg m, List<String> rcpts,
            List<String> statuses, DQueue q, Transport.Session session, String related,
            String context) {
        String connector = q == null || q.route.connector() == null ? null
                : config.get().server().name() + "\\" + q.route.connector().name();
        TrackingEvent e = new TrackingEvent(clock.instant(),
                session == null ? null : session.localIp(), config.get().server().fqdn(),
                session == null ? null : session.remoteIp(),
                session == null ? null : session.remoteName(),
                context != null ? context : q == null ? null : identity(q), connector, source,
                eventId, m.id(), m.spooled.messageId(), m.networkId, rcpts, statuses,
                m.spooled.size(), rcpts.size(), related, null, m.summary.subject(),
                m.spooled.envelope().sender(), m.spooled.envelope().sender(), null,
                null);
        tracking.log(e);
    }

    // ---------------------------------------------------------------- QueueAdmin

    private String identity(DQueue q) {
        return identity(q.route.nextHopDomain());
    }

    private String identity(String hop) {
        return config.get().server().name() + "\\" + hop;
    }

    @Override
    public synchronized List<QueueView> queues() {
        Instant now = clock.instant();
        List<QueueView> out = new ArrayList<>();
        int inSubmission = 0;
        for (Msg m : messages.values()) {
            if (m.inSubmission) {
                inSubmission++;
            }
        }
        inSubmission = Math.max(inSubmission, submission.size());
        out.add(new QueueView(identity(SUBMISSION), DeliveryType.Undefined,
                QueueStatus.Ready, inSubmission, SUBMISSION, null, null, null, null));
        List<DQueue> sorted = new ArrayList<>(queues.values());
        sorted.sort(Comparator.comparing((DQueue q) -> q.route.kind() == Route.Kind.UNREACHABLE)
                .thenComparing(q -> q.route.nextHopDomain().toLowerCase(Locale.ROOT)));
        boolean unreachableSeen = false;
        for (DQueue q : sorted) {
            unreachableSeen |= q.route.kind() == Route.Kind.UNREACHABLE;
            out.add(view(q, now));
        }
        if (!unreachableSeen) {
            out.add(new QueueView(identity(Route.UNREACHABLE_HOP), DeliveryType.Unreachable,
                    QueueStatus.Ready, 0, Route.UNREACHABLE_HOP, null, null, null, null));
        }
        return out;
    }

    private QueueView view(DQueue q, Instant now) {
        QueueStatus status;
        if (q.suspended) {
            status = QueueStatus.Suspended;
        } else if (q.retryAt != null && now.isBefore(q.retryAt)) {
            status = QueueStatus.Retry;
        } else if (q.active > 0) {
            status = QueueStatus.Active;
        } else {
            status = QueueStatus.Ready;
        }
        int count = 0;
        for (Msg m : messages.values()) {
            if (inQueue(m, q.key)) {
                count++;
            }
        }
        String connector = q.route.connector() == null ? null : q.route.connector().name();
        return new QueueView(identity(q), q.type(), status, count, q.route.nextHopDomain(),
                connector, q.lastError, q.lastRetry,
                status == QueueStatus.Retry ? q.retryAt : null);
    }

    private static boolean inQueue(Msg m, String key) {
        if (m.removed) {
            return false;
        }
        for (DeliveryState.RecipientState r : m.state.recipients()) {
            if (!r.status().done() && key.equals(r.queue())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized List<MessageView> messages() {
        List<MessageView> out = new ArrayList<>();
        for (QueueView q : queues()) {
            out.addAll(messages(q.identity()));
        }
        return out;
    }

    @Override
    public synchronized List<MessageView> messages(String queueIdentity) {
        Instant now = clock.instant();
        List<Msg> sorted = new ArrayList<>(messages.values());
        sorted.sort(Comparator.comparingLong(Msg::id));
        List<MessageView> out = new ArrayList<>();
        if (matchesQueue(SUBMISSION, queueIdentity)) {
            for (Msg m : sorted) {
                if (m.inSubmission && !m.removed) {
                    out.add(messageView(m, null, identity(SUBMISSION), now));
                }
            }
            return out;
        }
        DQueue q = findQueue(queueIdentity);
        if (q == null) {
            if (matchesQueue(Route.UNREACHABLE_HOP, queueIdentity)) {
                return out;
            }
            throw new NoSuchElementException("The queue \"" + queueIdentity
                    + "\" doesn't exist on " + config.get().server().name() + ".");
        }
        for (Msg m : sorted) {
            if (inQueue(m, q.key)) {
                out.add(messageView(m, q, identity(q), now));
            }
        }
        return out;
    }

    private MessageView messageView(Msg m, DQueue q, String queueId, Instant now) {
        List<RecipientView> rs = new ArrayList<>();
        int retries = 0;
        boolean active = false;
        boolean retry = false;
        List<DeliveryState.RecipientState> all = m.state.recipients();
        for (int i = 0; i < all.size(); i++) {
            DeliveryState.RecipientState r = all.get(i);
            if (q != null && !q.key.equals(r.queue())) {
                continue;
            }
            String status;
            switch (r.status()) {
                case DELIVERED: status = "Complete"; break;
                case FAILED: status = "Failed"; break;
                case DEFERRED: status = "Retry"; retry = true; break;
                default: status = "Ready";
            }
            if (m.inflight.contains(i)) {
                active = true;
            }
            retries = Math.max(retries, r.attempts());
            rs.add(new RecipientView(r.address(), status, r.lastReply()));
        }
        MessageStatus status = m.state.suspended() ? MessageStatus.Suspended
                : active ? MessageStatus.Active
                : retry || q != null && q.retryAt != null && now.isBefore(q.retryAt)
                        ? MessageStatus.Retry : MessageStatus.Ready;
        String lastError = m.lastError != null ? m.lastError : q == null ? null : q.lastError;
        Origin o = m.spooled.envelope().origin();
        return new MessageView(queueId + "\\" + m.id(), m.id(), m.spooled.envelope().sender(),
                status, m.spooled.size(), m.summary.subject(), queueId, lastError, rs,
                m.arrival, m.arrival.plus(config.get().transportService()
                        .messageExpirationTimeout()), m.spooled.messageId(), retries,
                o == null || o.client() == null ? null : ip(o.client()));
    }

    private boolean matchesQueue(String hop, String identity) {
        String id = identity.trim();
        return id.equalsIgnoreCase(hop) || id.equalsIgnoreCase(identity(hop));
    }

    private DQueue findQueue(String identity) {
        for (DQueue q : queues.values()) {
            if (matchesQueue(q.route.nextHopDomain(), identity)) {
                return q;
            }
        }
        return null;
    }

    private DQueue requireQueue(String identity) {
        DQueue q = findQueue(identity);
        if (q == null) {
            throw new NoSuchElementException("The queue \"" + identity + "\" doesn't exist on "
                    + config.get().server().name() + ".");
        }
        return q;
    }

    @Override
    public void retryQueue(String queueIdentity, boolean resubmit) {
        DQueue q;
        synchronized (this) {
            q = requireQueue(queueIdentity);
            q.retryAt = null;
            q.connectionFailures = 0;
            Instant now = clock.instant();
            for (Msg m : messages.values()) {
                if (!inQueue(m, q.key)) {
                    continue;
                }
                List<DeliveryState.RecipientState> rs = m.state.recipients();
                for (int i = 0; i < rs.size(); i++) {
                    DeliveryState.RecipientState r = rs.get(i);
                    if (r.status() == DeliveryState.Status.DEFERRED && q.key.equals(r.queue())) {
                        m.state = m.state.withRecipient(i, new DeliveryState.RecipientState(
                                r.address(), r.status(), r.attempts(), now, r.lastReply(),
                                r.queue()));
                    }
                }
                if (!resubmit && hasReady(m, q, now)) {
                    enqueue(q, m);
                }
            }
            maybeSpawn(q);
        }
        if (resubmit) {
            String key = q.key;
            resubmitAll(m -> inQueue(m, key));
        }
    }

    @Override
    public void suspendQueue(String queueIdentity) {
        synchronized (this) {
            requireQueue(queueIdentity).suspended = true;
        }
    }

    @Override
    public void resumeQueue(String queueIdentity) {
        synchronized (this) {
            DQueue q = requireQueue(queueIdentity);
            q.suspended = false;
            maybeSpawn(q);
        }
    }

    private Msg requireMessage(String identity) {
        String t = identity.trim();
        int slash = t.lastIndexOf('\\');
        String idText = slash >= 0 ? t.substring(slash + 1) : t;
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("\"" + identity + "\" isn't a message identity:"
                    + " use <Server>\\<Queue>\\<InternalId> or the internal id.");
        }
        synchronized (this) {
            Msg m = messages.get(id);
            if (m == null || m.removed) {
                throw new NoSuchElementException("The message \"" + identity
                        + "\" isn't in any queue on " + config.get().server().name() + ".");
            }
            return m;
        }
    }

    @Override
    public void suspendMessage(String messageIdentity) {
        setSuspended(requireMessage(messageIdentity), true);
    }

    @Override
    public void resumeMessage(String messageIdentity) {
        setSuspended(requireMessage(messageIdentity), false);
    }

    private void setSuspended(Msg m, boolean value) {
        synchronized (m) {
            DeliveryState snapshot;
            synchronized (this) {
                m.state = m.state.withSuspended(value);
                snapshot = m.state;
                if (!value) {
                    Instant now = clock.instant();
                    for (DQueue q : queues.values()) {
                        if (q.route.kind() != Route.Kind.UNREACHABLE && hasReady(m, q, now)) {
                            enqueue(q, m);
                        }
                    }
                }
            }
            try {
                states.save(snapshot);
                m.stored = true;
            } catch (IOException e) {
                throw new IllegalStateException("The message's state could not be saved: "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public void removeMessage(String messageIdentity, boolean withNdr) {
        Msg m = requireMessage(messageIdentity);
        Work w;
        synchronized (m) {
            synchronized (this) {
                if (m.busy > 0) {
                    throw new IllegalStateException("The message " + messageIdentity
                            + " is being delivered right now; suspend it first, then remove"
                            + " it.");
                }
                List<Integer> indices = new ArrayList<>();
                List<DeliveryState.RecipientState> rs = m.state.recipients();
                for (int i = 0; i < rs.size(); i++) {
                    if (!rs.get(i).status().done()) {
                        indices.add(i);
                    }
                }
                m.inflight.addAll(indices);
                m.busy++;
                w = new Work(m, indices);
            }
        }
        SmtpReply reply = new SmtpReply(550, List.of(
                "4.3.2 QUEUE.Admin; message deleted by administrative action"));
        if (withNdr) {
            finish(null, w, all(w, new SmtpConnection.Outcome(reply, false)), null);
        } else {
            // Failed without a report: mark the recipients NEVER-notified by hand.
            synchronized (m) {
                synchronized (this) {
                    for (int i : w.indices()) {
                        m.state = m.state.withRecipient(i, m.state.recipients().get(i)
                                .with(DeliveryState.Status.FAILED, reply.text()));
                    }
                    m.inflight.removeAll(w.indices());
                    m.busy--;
                    m.removed = true;
                    messages.remove(m.id());
                    recentlyRemoved.put(m.id(), Boolean.TRUE);
                }
                try {
                    spool.remove(m.id());
                    if (m.stored) {
                        states.delete(m.id());
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("The message could not be removed: "
                            + e.getMessage(), e);
                }
            }
            log.info("{}", Kv.of("event", "fail", "queue", "admin", "id", m.id(),
                    "recipient", String.join(";", w.addresses()), "reply", reply.text()));
            track("FAIL", "ADMIN", m, w.addresses(), List.of(reply.text()), null, null, null,
                    "Remove-Message");
        }
    }

    /** Stops the threads; sessions under way finish their current message first. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        submission.add(Submission.END);
        sweeper.interrupt();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            categoriser.join(5000);
            sweeper.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
