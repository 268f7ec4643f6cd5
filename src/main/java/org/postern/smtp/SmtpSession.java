package org.postern.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.postern.antispam.AntispamAgents;
import org.postern.antispam.Rejection;
import org.postern.log.Kv;
import org.postern.log.ProtocolLogSession;
import org.postern.permission.ExtendedRight;
import org.postern.queue.Envelope;
import org.postern.queue.IncomingMessage;
import org.postern.queue.MessageStore;
import org.postern.queue.Origin;
import org.postern.queue.OutOfSpace;
import org.postern.queue.QueuedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one SMTP session (RFC 5321 with SIZE, PIPELINING, DSN, ENHANCEDSTATUSCODES,
 * 8BITMIME, BINARYMIME, CHUNKING and SMTPUTF8), answering as Exchange's receive connectors do.
 * {@link #install} puts it on an accepted channel; from then on the session owns the channel.
 *
 * <p>The handler does its own framing: input is kept in one buffer and read as command lines,
 * DATA content or BDAT chunks depending on the state, one unit at a time. Processing pauses while
 * a reply is held back (tarpit) or while the queue makes a message durable, so replies always
 * leave in the order of the commands, and pipelined input waits in the buffer (reading from the
 * socket is paused meanwhile). Nothing here blocks the event loop: delays are scheduled tasks and
 * the queue's commit is a {@link CompletionStage}.
 *
 * <p>Decisions where RFCs or Exchange leave room (see also {@link Replies}):
 * <ul>
 *   <li>EHLO/HELO and DATA must be the last command of a pipelined group (RFC 2920 section 3.1):
 *       bytes already buffered behind them get 554 5.5.0 and the connection is closed, so they
 *       are never run as commands nor taken as message data (case S09).</li>
 *   <li>Command lines may be 512 octets with CRLF; MAIL and RCPT may be 1024 (DSN and SMTPUTF8
 *       parameters).</li>
 *   <li>Bare LF in DATA is written as CRLF, unless BareLinefeedRejectionEnabled refuses the
 *       message; a bare CR and NUL are kept as they are. BDAT content is stored octet for
 *       octet.</li>
 *   <li>A trailing dot in a domain is a syntax error (501); {@code <postmaster>} is accepted in
 *       any case as the unqualified recipient {@code postmaster}; a repeated recipient is
 *       acknowledged but kept once.</li>
 *   <li>MaxProtocolErrors counts syntax and sequence errors per session (not policy refusals);
 *       the error after the last allowed one is answered with 421 4.7.0 and a close.</li>
 *   <li>TarpitInterval delays every 4xx/5xx reply (except the 421 that closes) of sessions that
 *       run as {@code NT AUTHORITY\ANONYMOUS LOGON}; other principals count as authenticated.
 *       </li>
 * </ul>
 */
public final class SmtpSession extends ChannelInboundHandlerAdapter {

    /** The operator log: session and message events, one {@code key=value} line each. */
    private static final Logger LOG = LoggerFactory.getLogger("postern.smtp");

    /** The principal of sessions that did not authenticate; only these are tarpitted. */
    static final String ANONYMOUS = "NT AUTHORITY\\ANONYMOUS LOGON";

    /** RFC 5321 section 4.5.3.1.4: 512 octets including CRLF. */
    static final int MAX_COMMAND_LINE = 510;
    /** MAIL and RCPT carry DSN and SMTPUTF8 parameters, so they get more room. */
    static final int MAX_ENVELOPE_LINE = 1022;

    private enum Phase { COMMAND, DATA, BDAT, CLOSED }

    private enum Hello { NONE, HELO, EHLO }

    /** One mail transaction, from MAIL to the end of its data (or RSET). */
    private static final class Transaction {
        final MailAddress sender;
        final Map<String, String> parameters;
        final List<Envelope.Recipient> recipients = new ArrayList<>();
        final Set<String> recipientKeys = new HashSet<>();
        IncomingMessage message;
        MessageContent content;
        /** True when BDAT chunks have started; DATA is then out of sequence. */
        boolean chunked;
        /** True when DATA held a bare LF, stored as CRLF (case S08). */
        boolean bareLf;
        /** Fields the antispam agents stamp above Postern's Received field (Received-SPF). */
        List<String> agentStamps = List.of();

        Transaction(MailAddress sender, Map<String, String> parameters) {
            this.sender = sender;
            this.parameters = parameters;
        }

        boolean utf8() {
            return parameters.containsKey("SMTPUTF8");
        }

        String senderText() {
            return sender == null ? "" : sender.toString();
        }
    }

    /** The connector's policy for a client that has not authenticated. */
    private final SessionPolicy connectorPolicy;
    /** The policy in force: the connector's, or the user's after a successful AUTH. */
    private SessionPolicy policy;
    private final MessageStore store;
    private final ProtocolLogSession log;
    private final String sessionId;
    private final Clock clock;
    private final InetSocketAddress client;
    private final InetSocketAddress local;
    private final long startMillis;

    private ChannelHandlerContext ctx;
    private ByteBuf input;
    private final CommandLineReader lines = new CommandLineReader();
    private final StartTls tls;
    private Phase phase = Phase.COMMAND;
    private boolean started;
    private boolean paused;
    /** The antispam agents of this client (started at connect), or null when none run. */
    private AntispamAgents.Session antispam;
    private boolean closedLocally;
    private Hello hello = Hello.NONE;
    private String heloName = "";
    private Transaction tx;
    private DataReader dataReader;
    private long bdatRemaining;
    private long chunkSize;
    private boolean bdatLast;
    /** Why the current BDAT chunk is refused (its octets are still consumed), or null. */
    private Reply bdatRefusal;
    private int protocolErrors;
    /** Commands refused by the connector's policy (permissions, relay, limits). */
    private int refusals;
    private int transactions;
    private int messagesQueued;
    private ScheduledFuture<?> sessionTimer;
    private final SmtpAuth auth = new SmtpAuth();

    private SmtpSession(SessionPolicy policy, MessageStore store, ProtocolLogSession log,
            String sessionId, Clock clock, InetSocketAddress client, InetSocketAddress local) {
        this.connectorPolicy = policy;
        this.policy = policy;
        this.store = store;
        this.log = log;
        this.sessionId = sessionId;
        this.clock = clock;
        this.client = client;
        this.local = local;
        this.startMillis = clock.millis();
        this.tls = new StartTls(policy.startTls().orElse(null));
    }

    /**
     * Adds the SMTP session to an accepted child channel and sends the banner (at once if the
     * channel is active, else when it becomes active). The channel's addresses must be
     * {@link InetSocketAddress}es.
     *
     * @param ch the accepted connection; the session closes it when done
     * @param policy the connector and the rights this session runs with
     * @param store where accepted messages go
     * @param log the protocol log of this session (rows {@code +}, {@code *}, {@code >},
     *     {@code <}, {@code -})
     * @param sessionId the session id as in the protocol log (16 hex digits)
     * @param clock the clock for banner, Received header and durations
     */
    public static void install(Channel ch, SessionPolicy policy, MessageStore store,
            ProtocolLogSession log, String sessionId, Clock clock) {
        InetSocketAddress client = inet(ch.remoteAddress(), "remote");
        InetSocketAddress local = inet(ch.localAddress(), "local");
        long idle = policy.connectionInactivityTimeout().toNanos();
        ch.pipeline().addLast("smtp-idle", new IdleStateHandler(idle, 0, 0, TimeUnit.NANOSECONDS));
        ch.pipeline().addLast("smtp-session",
                new SmtpSession(policy, store, log, sessionId, clock, client, local));
    }

    private static InetSocketAddress inet(SocketAddress a, String which) {
        if (a instanceof InetSocketAddress) {
            return (InetSocketAddress) a;
        }
        throw new IllegalArgumentException("the " + which + " address of an SMTP channel must be"
                + " an IP socket address, not " + a);
    }

    // ---------------------------------------------------------------- channel events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    /** Connect row, permissions row, session deadline, banner. */
    private void start() {
        if (started) {
            return;
        }
        started = true;
        log.connected();
        log.info(permissionNames(), "Set Session Permissions");
        antispam = connectorPolicy.antispam(client.getAddress(), sessionId).orElse(null);
        long deadline = policy.connectionTimeout().toNanos();
        if (deadline > 0) {
            sessionTimer = ctx.executor().schedule(
                    () -> closeWith(Replies.CONNECTION_TIMED_OUT, "connection-timeout"),
                    deadline, TimeUnit.NANOSECONDS);
        }
        writeLines(List.of(bannerLine()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf data = (ByteBuf) msg;
        if (phase == Phase.CLOSED) {
            data.release();
            return;
        }
        input = input == null ? data
                : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), input, data);
        process();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean remote = !closedLocally;
        phase = Phase.CLOSED;
        if (sessionTimer != null) {
            sessionTimer.cancel(false);
        }
        abortMessage();
        if (input != null) {
            input.release();
            input = null;
        }
        log.disconnected(remote ? "Remote" : "Local");
        LOG.info("{}", Kv.of("event", "session-end", "session", sessionId,
                "connector", policy.connectorId(), "client", hostPort(client),
                "principal", policy.principal(), "messages", messagesQueued,
                "refused", refusals, "errors", protocolErrors,
                "duration_ms", clock.millis() - startMillis,
                "closed_by", remote ? "remote" : "local"));
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // While the server holds a reply back (a tarpit, a commit) the client is waiting
            // for us, not silent: its silence is counted again from resume().
            if (!paused) {
                closeWith(Replies.INACTIVITY_TIMEOUT, "inactivity-timeout");
            }
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent) {
            handshakeDone((SslHandshakeCompletionEvent) evt);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Replies pile up when the client does not read them: stop reading until it does.
        if (ctx.channel().isWritable() && !paused) {
            ctx.channel().config().setAutoRead(true);
            process();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("{}", Kv.of("event", "session-io-error", "session", sessionId,
                    "error", cause.getMessage()));
            ctx.close();
            return;
        }
        LOG.warn("{}", Kv.of("event", "session-error", "session", sessionId,
                "error", String.valueOf(cause)), cause);
        closeWith(Replies.SERVICE_NOT_AVAILABLE, "internal-error");
    }

    // ---------------------------------------------------------------- input loop

    /** Reads units of input until it runs out, the session pauses, or it closes. */
    private void process() {
        while (!paused && phase != Phase.CLOSED && input != null && input.isReadable()) {
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
                break;
            }
            switch (phase) {
                case COMMAND -> {
                    CommandLineReader.Line line = lines.read(input);
                    if (line == null) {
                        compactInput();
                        return;
                    }
                    onLine(line);
                }
                case DATA -> readData();
                case BDAT -> readChunk();
                default -> throw new IllegalStateException("phase " + phase);
            }
        }
        compactInput();
    }

    private void compactInput() {
        if (input != null && !input.isReadable()) {
            input.release();
            input = null;
        } else if (input != null) {
            input.discardSomeReadBytes();
        }
    }

    /** Stops taking input until {@link #resume}; the socket is not read meanwhile. */
    private void pause() {
        paused = true;
        ctx.channel().config().setAutoRead(false);
    }

    private void resume() {
        paused = false;
        if (ctx.pipeline().get("smtp-idle") instanceof IdleStateHandler idle) {
            idle.resetReadTimeout();
        }
        if (phase != Phase.CLOSED) {
            ctx.channel().config().setAutoRead(true);
            process();
        }
    }

    // ---------------------------------------------------------------- commands

    private void onLine(CommandLineReader.Line line) {
        if (auth.inExchange()) {
            authResponse(line);
            return;
        }
        if (line.tooLong()) {
            log.info("Line too long, " + line.discarded() + " octets discarded", "");
            protocolError(Replies.LINE_TOO_LONG);
            return;
        }
        byte[] bytes = line.bytes();
        String text = decodeCommand(bytes);
        if (text == null) {
            log.received(Formats.printable(new String(bytes, StandardCharsets.ISO_8859_1)));
            protocolError(Replies.INVALID_CHARACTERS);
            return;
        }
        log.received(SmtpAuth.loggable(text));
        CommandParser.Command cmd = CommandParser.parse(text);
        boolean envelope = cmd.verb().equals("MAIL") || cmd.verb().equals("RCPT")
                || cmd.verb().equals("AUTH");
        if (bytes.length > (envelope ? MAX_ENVELOPE_LINE : MAX_COMMAND_LINE)) {
            protocolError(Replies.LINE_TOO_LONG);
            return;
        }
        switch (cmd.verb()) {
            case "HELO" -> hello(cmd, Hello.HELO);
            case "EHLO" -> hello(cmd, Hello.EHLO);
            case "MAIL" -> mail(cmd);
            case "RCPT" -> rcpt(cmd);
            case "DATA" -> data(cmd);
            case "BDAT" -> bdat(cmd);
            case "RSET" -> rset(cmd);
            case "NOOP" -> reply(Replies.NOOP_OK);
            case "QUIT" -> quit(cmd);
            case "VRFY" -> vrfy(cmd);
            case "HELP" -> reply(Replies.HELP);
            case "AUTH" -> auth(cmd);
            case "STARTTLS" -> startTls(cmd);
            case "GET", "POST", "HEAD", "PUT", "CONNECT", "OPTIONS", "DELETE" ->
                    closeWith(Replies.UNRECOGNIZED, "http-request");
            default -> protocolError(Replies.UNRECOGNIZED);
        }
    }

    /**
     * STARTTLS (RFC 3207): 220, then the handshake. Plaintext the client pipelined behind the
     * command is dropped, never read as commands inside TLS (case T01), and the session is
     * back to before EHLO: no greeting, no transaction (case T04).
     */
    private void startTls(CommandParser.Command cmd) {
        if (!policy.tlsEnabled()) {
            protocolError(Replies.UNRECOGNIZED);
            return;
        }
        if (cmd.hasArgument()) {
            protocolError(Replies.INVALID_ARGUMENTS);
            return;
        }
        if (tls.started()) {
            // RFC 3207 section 4.2: no second handshake, STARTTLS is gone from the EHLO list.
            protocolError(Replies.BAD_SEQUENCE);
            return;
        }
        if (hello == Hello.NONE) {
            protocolError(Replies.SEND_HELLO_FIRST);
            return;
        }
        if (!tls.available()) {
            LOG.info("{}", Kv.of("event", "tls-unavailable", "session", sessionId,
                    "connector", policy.connectorId(), "reason", "no certificate",
                    "fix", "Enable-ExchangeCertificate -Services SMTP, or check the"
                            + " connector's TlsCertificateName"));
            reply(StartTls.NOT_AVAILABLE);
            return;
        }
        if (input != null && input.isReadable()) {
            int dropped = input.readableBytes();
            log.info("Discarded " + dropped + " octets received after STARTTLS", "");
            LOG.info("{}", Kv.of("event", "starttls-pipelined-discarded", "session", sessionId,
                    "client", hostPort(client), "octets", dropped));
            input.skipBytes(dropped);
        }
        lines.reset();
        resetTransaction();
        hello = Hello.NONE;
        heloName = "";
        tls.begin(ctx);
        writeReply(StartTls.READY);
    }

    private void handshakeDone(SslHandshakeCompletionEvent evt) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (!evt.isSuccess()) {
            String why = String.valueOf(evt.cause() == null ? "" : evt.cause().getMessage());
            log.info("", "TLS negotiation failed with error " + why);
            LOG.info("{}", Kv.of("event", "tls-failed", "session", sessionId,
                    "connector", policy.connectorId(), "client", hostPort(client),
                    "protocols", String.join(",", tls.protocols()), "error", why));
            phase = Phase.CLOSED;
            closedLocally = true;
            ctx.close();
            return;
        }
        tls.completed(ctx, log);
        tlsStarted();
        LOG.info("{}", Kv.of("event", "tls-negotiated", "session", sessionId,
                "connector", policy.connectorId(), "client", hostPort(client),
                "protocol", tls.protocol(), "cipher", tls.cipherSuite(),
                "certificate", tls.certificate().thumbprint()));
    }

    /** The session's TLS state: whether it is under TLS, with which protocol and cipher. */
    StartTls tls() {
        return tls;
    }

    /** Whether the TLS handshake has completed on this session. */
    boolean tlsActive() {
        return tls.active();
    }

    /**
     * Strict UTF-8 without control characters (NUL, bare CR or LF, ESC, DEL..., and the C1
     * controls and line and paragraph separators that UTF-8 can carry, case P06); else null.
     */
    private static String decodeCommand(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if ((b >= 0 && b < 32) || b == 127) {
                return null;
            }
            ascii &= b >= 0;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (!ascii) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
                    return null;
                }
            }
        }
        return text;
    }

    /** EHLO/HELO: greet and reset; EHLO lists the extensions. */
    private void hello(CommandParser.Command cmd, Hello kind) {
        if (pipelinedBehind()) {
            return;
        }
        String name = "";
        if (!cmd.hasArgument()) {
            if (policy.requireEhloDomain()) {
                closeWith(Replies.INVALID_DOMAIN, "ehlo-without-domain");
                return;
            }
        } else {
            try {
                name = AddressParser.parseHeloName(cmd.argument().strip());
            } catch (AddressParser.InvalidAddressException e) {
                protocolError(Replies.INVALID_DOMAIN);
                return;
            }
        }
        resetTransaction();
        hello = kind;
        heloName = name;
        String greeting = policy.fqdn() + " Hello [" + Formats.ip(client.getAddress()) + "]";
        if (kind == Hello.HELO) {
            reply(Reply.plain(250, greeting));
            return;
        }
        List<String> texts = new ArrayList<>();
        texts.add(greeting);
        texts.addAll(extensions());
        reply(new Reply(250, "", texts));
    }

    /** The EHLO keywords this connector enables, in Exchange's order. */
    private List<String> extensions() {
        List<String> kw = new ArrayList<>();
        switch (policy.sizeMode()) {
            case Enabled -> kw.add("SIZE " + policy.maxMessageSize());
            case EnabledWithoutValue -> kw.add("SIZE");
            default -> { }
        }
        if (policy.pipeliningEnabled()) {
            kw.add("PIPELINING");
        }
        if (policy.deliveryStatusNotificationEnabled()) {
            kw.add("DSN");
        }
        if (policy.enhancedStatusCodesEnabled()) {
            kw.add("ENHANCEDSTATUSCODES");
        }
        if (tls.advertised()) {
            kw.add("STARTTLS");
        }
        String authKeyword = SmtpAuth.keyword(connectorPolicy, tls.active());
        if (authKeyword != null) {
            kw.add(authKeyword);
        }
        if (policy.eightBitMimeEnabled()) {
            kw.add("8BITMIME");
        }
        if (binaryMime()) {
            kw.add("BINARYMIME");
        }
        if (policy.chunkingEnabled()) {
            kw.add("CHUNKING");
        }
        if (policy.smtpUtf8Enabled()) {
            kw.add("SMTPUTF8");
        }
        return kw;
    }

    private boolean binaryMime() {
        return policy.binaryMimeEnabled() && policy.chunkingEnabled();
    }

    /** MAIL FROM: sequence, syntax, then the connector's permissions. */
    private void mail(CommandParser.Command cmd) {
        if (hello == Hello.NONE) {
            protocolError(Replies.SEND_HELLO_FIRST);
            return;
        }
        if (tx != null) {
            protocolError(Replies.BAD_SEQUENCE);
            return;
        }
        EnvelopeRules.Verdict pressure = EnvelopeRules.backPressure(policy, store.pressure());
        if (pressure != null) {
            // Before the message rate is counted: a refused MAIL takes no token.
            refuse(pressure, "MAIL");
            return;
        }
        if (!policy.takeMessage(client.getAddress())) {
            LOG.info("{}", Kv.of("event", "message-refused", "reason", "message-rate-limit",
                    "session", sessionId, "connector", policy.connectorId(),
                    "client", hostPort(client), "principal", policy.principal(),
                    "limit", policy.messageRateLimit()));
            closeWith(Replies.MESSAGE_RATE_EXCEEDED, "message-rate-limit");
            return;
        }
        if (policy.requireTls() && !tls.active()) {
            refuse(new EnvelopeRules.Verdict(StartTls.REQUIRED, "require-tls"), "MAIL");
            return;
        }
        CommandParser.PathArgument path = pathArgument(cmd, "FROM:", Replies.INVALID_SENDER);
        Map<String, String> params = path == null ? null
                : checkedParameters(path, this::checkMailParameters);
        if (params == null) {
            return;
        }
        MailAddress sender = null;
        if (!(path.bracketed() && path.path().isEmpty())) {
            try {
                sender = AddressParser.parsePath(path.path(), policy.smtpUtf8Enabled(), false);
            } catch (AddressParser.InvalidAddressException e) {
                protocolError(Replies.INVALID_SENDER);
                return;
            }
            if (sender.utf8() && !params.containsKey("SMTPUTF8")) {
                protocolError(Replies.UTF8_REQUIRED);
                return;
            }
        }

        long size = params.containsKey("SIZE") ? declaredSize(params.get("SIZE")) : -1;
        EnvelopeRules.Verdict verdict = EnvelopeRules.mail(policy, sender, size);
        if (!verdict.accepted()) {
            refuse(verdict, "MAIL");
            return;
        }
        MailAddress from = sender;
        if (antispam == null || has(ExtendedRight.BYPASS_ANTI_SPAM)) {
            startTransaction(from, params, verdict.reply(), AntispamAgents.MailVerdict.ACCEPTED);
            return;
        }
        // The Sender ID agent's SPF check may take a while (DNS).
        afterAgents(antispam.mail(from == null ? null : from.toString(),
                heloName.isEmpty() ? "unknown" : heloName), AntispamAgents.MailVerdict.ACCEPTED,
                false, v -> startTransaction(from, params, verdict.reply(), v));
    }

    /**
     * Goes on with {@code then} on the event loop once the antispam agents answered: at once
     * when they have, else after pausing input, so that replies stay in order. An agent that
     * failed counts as {@code failed}.
     *
     * @param needsTransaction whether {@code then} is dropped when the transaction has ended
     */
    private <T> void afterAgents(CompletableFuture<T> agents, T failed, boolean needsTransaction,
            Consumer<T> then) {
        if (agents.isDone()) {
            then.accept(agents.isCompletedExceptionally() ? failed : agents.join());
            return;
        }
        pause();
        agents.whenComplete((r, error) -> ctx.executor().execute(() -> {
            paused = false;
            if (phase == Phase.CLOSED || (needsTransaction && tx == null)) {
                return;
            }
            then.accept(r == null ? failed : r);
            if (!paused) {
                resume();
            }
        }));
    }

    /** The end of MAIL: an antispam agent's refusal, or the transaction starts. */
    private void startTransaction(MailAddress sender, Map<String, String> params, Reply accepted,
            AntispamAgents.MailVerdict agents) {
        if (agents.rejection().isPresent()) {
            refuse(agents.rejection().get());
            return;
        }
        tx = new Transaction(sender, params);
        tx.agentStamps = agents.stamps();
        transactions++;
        log.info(sessionId + ";" + clock.instant() + ";" + transactions, "receiving message");
        reply(accepted);
    }

    /** Known MAIL parameters of the advertised extensions, with their values checked. */
    /**
     * The path argument after {@code keyword} (FROM: or TO:), or null after replying
     * {@code invalidPath} (or the generic syntax error when the keyword itself is missing).
     */
    private CommandParser.PathArgument pathArgument(CommandParser.Command cmd, String keyword,
            Reply invalidPath) {
        try {
            return CommandParser.splitPath(cmd.argument(), keyword);
        } catch (CommandParser.SyntaxException e) {
            protocolError(cmd.argument().regionMatches(true, 0, keyword, 0, keyword.length())
                    ? invalidPath : Replies.INVALID_ARGUMENTS);
            return null;
        }
    }

    /** The ESMTP parameters of a path, or null after replying why they were refused. */
    private Map<String, String> checkedParameters(CommandParser.PathArgument path,
            Function<Map<String, String>, Reply> check) {
        Map<String, String> params;
        try {
            params = CommandParser.parseParameters(path.parameters(), policy.smtpUtf8Enabled());
        } catch (CommandParser.SyntaxException e) {
            protocolError(Replies.INVALID_PARAMETER);
            return null;
        }
        Reply bad = check.apply(params);
        if (bad != null) {
            protocolError(bad);
            return null;
        }
        return params;
    }

    private Reply checkMailParameters(Map<String, String> params) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            String v = p.getValue();
            boolean known;
            boolean valid;
            switch (p.getKey()) {
                case "SIZE" -> {
                    known = policy.sizeMode() != SessionPolicy.SizeMode.Disabled;
                    valid = v.matches("[0-9]{1,20}"); // RFC 1870 section 4: 1*20DIGIT
                }
                case "BODY" -> {
                    known = policy.eightBitMimeEnabled() || binaryMime();
                    valid = v.equalsIgnoreCase("7BIT")
                            || (v.equalsIgnoreCase("8BITMIME") && policy.eightBitMimeEnabled())
                            || (v.equalsIgnoreCase("BINARYMIME") && binaryMime());
                }
                case "SMTPUTF8" -> {
                    known = policy.smtpUtf8Enabled();
                    valid = v.isEmpty();
                }
                case "RET" -> {
                    known = policy.deliveryStatusNotificationEnabled();
                    valid = v.equalsIgnoreCase("FULL") || v.equalsIgnoreCase("HDRS");
                }
                case "ENVID" -> {
                    known = policy.deliveryStatusNotificationEnabled();
                    valid = isXtext(v, 100);
                }
                case "AUTH" -> {
                    // RFC 4954 section 5: kept in the envelope, never trusted without
                    // ms-Exch-SMTP-Accept-Authentication-Flag (the queue decides).
                    known = true;
                    valid = v.equals("<>") || isXtext(v, 500);
                }
                default -> {
                    known = false;
                    valid = false;
                }
            }
            if (!known) {
                return Replies.UNRECOGNIZED_PARAMETER;
            }
            if (!valid) {
                return Replies.INVALID_PARAMETER;
            }
        }
        return null;
    }

    /** A SIZE value of up to 20 digits; one beyond a long counts as the largest long. */
    private static long declaredSize(String digits) {
        String v = digits.replaceFirst("^0+(?=.)", "");
        return v.length() > 18 && (v.length() > 19 || v.compareTo("9223372036854775807") > 0)
                ? Long.MAX_VALUE : Long.parseLong(v);
    }

    private static boolean isXtext(String v, int maxLength) {
        try {
            String decoded = CommandParser.decodeXtext(v);
            return !decoded.isEmpty() && decoded.length() <= maxLength;
        } catch (CommandParser.SyntaxException e) {
            return false;
        }
    }

    private boolean sizeLimited() {
        return !has(ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT);
    }

    /** RCPT TO: sequence, syntax, recipient limit, then the relay check. */
    private void rcpt(CommandParser.Command cmd) {
        if (hello == Hello.NONE) {
            protocolError(Replies.SEND_HELLO_FIRST);
            return;
        }
        if (tx == null || tx.chunked) {
            protocolError(Replies.BAD_SEQUENCE);
            return;
        }
        CommandParser.PathArgument path = pathArgument(cmd, "TO:", Replies.INVALID_RECIPIENT);
        Map<String, String> params = path == null ? null
                : checkedParameters(path, this::checkRcptParameters);
        if (params == null) {
            return;
        }
        MailAddress rcpt;
        try {
            // The unqualified postmaster needs the brackets (RFC 5321 section 4.1.1.3).
            rcpt = AddressParser.parsePath(path.path(), policy.smtpUtf8Enabled(),
                    path.bracketed());
        } catch (AddressParser.InvalidAddressException e) {
            protocolError(Replies.INVALID_RECIPIENT);
            return;
        }
        if (rcpt.utf8() && !tx.utf8()) {
            protocolError(Replies.UTF8_REQUIRED);
            return;
        }

        EnvelopeRules.Verdict verdict = EnvelopeRules.rcpt(policy, rcpt, tx.recipients.size());
        if (!verdict.accepted()) {
            refuse(verdict, "RCPT");
            return;
        }
        if (antispam == null || has(ExtendedRight.BYPASS_ANTI_SPAM)) {
            addRecipient(rcpt, params, verdict.reply(), Optional.empty());
            return;
        }
        String address = rcpt.toString();
        CompletableFuture<Optional<Rejection>> agents = antispam.rcpt(tx.senderText(), address,
                policy.acceptedDomain(rcpt.domain().toLowerCase(Locale.ROOT)),
                policy.mailboxDisplayName(address).isPresent());
        // The connection filter's DNS block list look-ups may not be done yet.
        afterAgents(agents, Optional.empty(), true,
                r -> addRecipient(rcpt, params, verdict.reply(), r));
    }

    /** The end of RCPT: an antispam agent's refusal, or the recipient joins the transaction. */
    private void addRecipient(MailAddress rcpt, Map<String, String> params, Reply accepted,
            Optional<Rejection> agent) {
        if (agent.isPresent()) {
            refuse(agent.get());
            return;
        }
        if (tx.recipientKeys.add(rcpt.toString())) {
            tx.recipients.add(new Envelope.Recipient(rcpt.toString(), params));
        }
        reply(accepted);
    }

    private Reply checkRcptParameters(Map<String, String> params) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!policy.deliveryStatusNotificationEnabled()) {
                return Replies.UNRECOGNIZED_PARAMETER;
            }
            String v = p.getValue();
            switch (p.getKey()) {
                case "NOTIFY" -> {
                    if (!isNotifyList(v)) {
                        return Replies.INVALID_PARAMETER;
                    }
                }
                case "ORCPT" -> {
                    int semi = v.indexOf(';');
                    if (semi <= 0 || !v.substring(0, semi).matches("[A-Za-z0-9-]+")
                            || !isXtext(v.substring(semi + 1), 500)) {
                        return Replies.INVALID_PARAMETER;
                    }
                }
                default -> {
                    return Replies.UNRECOGNIZED_PARAMETER;
                }
            }
        }
        return null;
    }

    /** RFC 3461 section 4.1: NEVER alone, or a list of SUCCESS, FAILURE, DELAY. */
    private static boolean isNotifyList(String v) {
        if (v.equalsIgnoreCase("NEVER")) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        for (String item : v.split(",", -1)) {
            String u = item.toUpperCase(java.util.Locale.ROOT);
            if (!(u.equals("SUCCESS") || u.equals("FAILURE") || u.equals("DELAY"))
                    || !seen.add(u)) {
                return false;
            }
        }
        return true;
    }

    /** DATA: checks, opens the queue file, answers 354 and reads content. */
    private void data(CommandParser.Command cmd) {
        if (pipelinedBehind()) {
            return;
        }
        if (hello == Hello.NONE) {
            protocolError(Replies.SEND_HELLO_FIRST);
            return;
        }
        if (cmd.hasArgument()) {
            protocolError(Replies.INVALID_ARGUMENTS);
            return;
        }
        if (tx == null || tx.chunked
                || "BINARYMIME".equalsIgnoreCase(tx.parameters.get("BODY"))) {
            protocolError(Replies.BAD_SEQUENCE);
            return;
        }
        if (tx.recipients.isEmpty()) {
            protocolError(Replies.NO_VALID_RECIPIENTS);
            return;
        }
        Reply refused = beginMessage();
        if (refused != null) {
            reply(refused);
            return;
        }
        dataReader = new DataReader();
        phase = Phase.DATA;
        reply(Replies.START_MAIL_INPUT);
    }

    /**
     * Opens the queue file and the content assembler of the current transaction.
     *
     * @return null, or the 4xx reply when the store could not open a queue file
     */
    private Reply beginMessage() {
        Origin origin = new Origin(policy.connectorId(), sessionId, client, local, heloName,
                policy.principal(), clock.instant());
        // TODO(Origin.receivedAt is the start of the data, not its end: the envelope is handed
        // over when the queue file opens, and the contract has no later point to set it.)
        Envelope envelope = new Envelope(tx.senderText(), tx.recipients, tx.parameters, origin);
        try {
            tx.message = store.begin(envelope);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}", Kv.of("event", "message-refused", "session", sessionId,
                    "reason", "store-unavailable", "error", String.valueOf(e)));
            return Replies.INSUFFICIENT_RESOURCES;
        }
        long limit = sizeLimited() ? policy.maxMessageSize() : -1;
        MessageHeaders.Context headers = headerContext();
        tx.content = new MessageContent(tx.message, receivedHeader(tx.message.internalId()),
                (block, length) -> MessageHeaders.rewrite(block, length, headers),
                policy.maxHeaderSize(), limit,
                () -> "<" + UUID.randomUUID() + "@" + policy.fqdn() + ">");
        return null;
    }

    /**
     * Who the session is for the stamps and sender resolution. Until SMTP AUTH exists this
     * follows from the principal the connector gives the session; AUTH extends it.
     */
    private AuthStamps.Identity authIdentity() {
        return AuthStamps.forPrincipal(policy.principal(), policy.rights());
    }

    /** The session's facts for the header rewrite of a message. */
    private MessageHeaders.Context headerContext() {
        Set<String> localNames = new HashSet<>();
        for (String name : List.of(policy.fqdn(), policy.serverFqdn(),
                Formats.ip(local.getAddress()))) {
            localNames.add(name.toLowerCase(java.util.Locale.ROOT));
        }
        return new MessageHeaders.Context(policy.rights(), authIdentity(), policy.serverFqdn(),
                Formats.ip(client.getAddress()), policy.maxHopCount(), policy.maxLocalHopCount(),
                localNames, policy::mailboxDisplayName, () -> UUID.randomUUID().toString());
    }

    /** Postern's trace field (RFC 5321 section 4.4), folded. */
    private String receivedHeader(long internalId) {
        String protocol = hello == Hello.HELO ? "SMTP" : "ESMTP";
        if (tls.active()) {
            // RFC 3848 ESMTPS, and Exchange's comment on the TLS version and cipher suite.
            protocol = protocol + "S (" + tls.receivedComment() + ")";
        }
        if (tx.utf8()) {
            protocol = "UTF8" + protocol; // RFC 6531 section 3.7.3
        }
        String from = heloName.isEmpty() ? "[" + Formats.ip(client.getAddress()) + "]" : heloName;
        StringBuilder trace = new StringBuilder();
        for (String field : tx.agentStamps) {
            trace.append(Formats.fold(field)); // RFC 7208 section 9.1: above our Received
        }
        return trace + Formats.fold("Received: from " + from + " ("
                + Formats.ip(client.getAddress()) + ") by " + policy.fqdn() + " ("
                + Formats.ip(local.getAddress()) + ") with " + protocol + " id " + internalId + "; "
                + Formats.rfc5322(ZonedDateTime.now(clock)));
    }

    private void readData() {
        ByteBuf out = ctx.alloc().buffer(Math.min(input.readableBytes() + 2, 65536));
        try {
            boolean end = false;
            while (input.isReadable() && !end) {
                // bounded slices keep the output buffer small for large reads
                int n = Math.min(input.readableBytes(), 65536);
                ByteBuf slice = input.slice(input.readerIndex(), n);
                end = dataReader.read(slice, out);
                input.skipBytes(slice.readerIndex());
                tx.content.append(out);
                out.clear();
            }
            if (end) {
                phase = Phase.COMMAND;
                tx.bareLf = dataReader.sawBareLf();
                endOfMessage(tx.bareLf && policy.bareLinefeedRejectionEnabled());
            }
        } finally {
            out.release();
        }
    }

    /** BDAT size [LAST] (RFC 3030): the octets are always consumed, even when refused. */
    private void bdat(CommandParser.Command cmd) {
        String[] args = cmd.argument().strip().split(" +");
        boolean last = args.length == 2 && args[1].equalsIgnoreCase("LAST");
        if (args.length < 1 || args.length > 2 || !args[0].matches("[0-9]{1,18}")
                || (args.length == 2 && !last)) {
            // Without a size the chunk cannot be skipped; the session cannot stay in step.
            protocolErrors++;
            closeWith(Replies.INVALID_ARGUMENTS, "bad-bdat");
            return;
        }
        bdatRemaining = Long.parseLong(args[0]);
        chunkSize = bdatRemaining;
        bdatLast = last;
        bdatRefusal = null;
        if (!policy.chunkingEnabled()) {
            bdatRefusal = Replies.UNRECOGNIZED;
        } else if (hello == Hello.NONE) {
            bdatRefusal = Replies.SEND_HELLO_FIRST;
        } else if (tx == null) {
            bdatRefusal = Replies.BAD_SEQUENCE;
        } else if (tx.recipients.isEmpty()) {
            bdatRefusal = Replies.NO_VALID_RECIPIENTS;
        } else if (!tx.chunked) {
            bdatRefusal = beginMessage();
            tx.chunked = bdatRefusal == null;
        }
        phase = Phase.BDAT;
        finishChunkIfEmpty();
    }

    private void finishChunkIfEmpty() {
        if (bdatRemaining == 0) {
            chunkDone();
        }
    }

    private void readChunk() {
        int n = (int) Math.min(bdatRemaining, input.readableBytes());
        if (bdatRefusal == null) {
            tx.content.append(input.slice(input.readerIndex(), n));
        }
        input.skipBytes(n);
        bdatRemaining -= n;
        finishChunkIfEmpty();
    }

    private void chunkDone() {
        phase = Phase.COMMAND;
        if (bdatRefusal != null) {
            Reply refusal = bdatRefusal;
            bdatRefusal = null;
            if (refusal == Replies.UNRECOGNIZED || refusal == Replies.BAD_SEQUENCE
                    || refusal == Replies.SEND_HELLO_FIRST
                    || refusal == Replies.NO_VALID_RECIPIENTS) {
                protocolError(refusal);
            } else {
                reply(refusal);
            }
            return;
        }
        if (bdatLast) {
            endOfMessage(false);
            return;
        }
        if (tx.content.tooBig() || tx.content.headerTooBig() || tx.content.failure() != null) {
            // RFC 3030 section 3: a failed chunk ends the transaction; later chunks get 503.
            endOfMessage(false);
            return;
        }
        // Exchange's text for an intermediate chunk is not public; this one is Postern's.
        reply(Reply.of(250, "2.0.0", chunkSize + " octets received"));
    }

    /**
     * The end of DATA or the last BDAT chunk: refuse (size, header size, bare LF, write error)
     * or commit and answer when the queue has made the message durable.
     */
    private void endOfMessage(boolean bareLfRefused) {
        Transaction t = tx;
        tx = null;
        dataReader = null;
        t.content.finish();
        Reply refusal = null;
        String reason = null;
        if (t.content.tooBig()) {
            refusal = Replies.MESSAGE_TOO_BIG;
            reason = "size";
        } else if (t.content.headerTooBig()) {
            // Exchange closes the connection on MaxHeaderSize (section h): the reply comes at the
            // end of data, so the client can read it, then the session ends.
            t.message.abort();
            LOG.info("{}", Kv.of("event", "message-refused", "session", sessionId,
                    "reason", "header-size", "size", t.content.size(),
                    "rcpts", t.recipients.size()));
            closeWith(Replies.HEADER_TOO_BIG, "header-size");
            return;
        } else if (t.content.refusal() != null) {
            refusal = t.content.refusal();
            reason = "hop-count";
        } else if (bareLfRefused) {
            refusal = Replies.BARE_LINEFEED;
            reason = "bare-lf";
        } else if (t.content.failure() != null) {
            boolean full = OutOfSpace.is(t.content.failure());
            refusal = full ? Replies.INSUFFICIENT_RESOURCES : Replies.QUEUE_FAILED;
            reason = full ? "store-full" : "store-write-failed";
        } else {
            EnvelopeRules.Verdict sendAs =
                    EnvelopeRules.headerSenders(policy, t.content.headerBlock());
            if (sendAs != null) {
                refusal = sendAs.reply();
                reason = "send-as";
            }
        }
        if (refusal != null) {
            t.message.abort();
            LOG.info("{}", Kv.of("event", "message-refused", "session", sessionId,
                    "reason", reason, "size", t.content.size(), "rcpts", t.recipients.size(),
                    "detail", t.content.headers() == null ? null : t.content.headers().reason()));
            reply(refusal);
            return;
        }
        commit(t);
    }

    /** Hands the message to the queue; the reply waits for the durable commit. */
    private void commit(Transaction t) {
        String messageId = t.content.messageId();
        pause();
        CompletionStage<QueuedMessage> stage;
        try {
            stage = t.message.commit(messageId);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        t.message = null;
        stage.whenComplete((queued, error) -> ctx.executor().execute(() -> {
            paused = false;
            if (error != null) {
                boolean full = OutOfSpace.is(error);
                LOG.warn("{}", Kv.of("event", "message-refused", "session", sessionId,
                        "reason", full ? "store-full" : "commit-failed",
                        "size", t.content.size(), "rcpts", t.recipients.size(),
                        "error", String.valueOf(error)));
                reply(full ? Replies.INSUFFICIENT_RESOURCES : Replies.QUEUE_FAILED);
            } else {
                messagesQueued++;
                LOG.info("{}", Kv.of("event", "message-queued", "session", sessionId,
                        "connector", policy.connectorId(), "client", hostPort(client),
                        "internal_id", queued.internalId(), "message_id", queued.messageId(),
                        "from", "<" + t.senderText() + ">", "rcpts", t.recipients.size(),
                        "size", queued.size(), "network_message_id", t.content.headers()
                                .networkMessageId(), "auth_as", authIdentity().authAs(),
                        "headers_removed", t.content.headers().removedCount(),
                        "sender_resolved", t.content.headers().senderResolved()));
                if (t.bareLf) {
                    LOG.info("{}", Kv.of("event", "bare-lf-normalised", "session", sessionId,
                            "connector", policy.connectorId(), "internal_id",
                            queued.internalId(), "note", "bare LF stored as CRLF; a DKIM"
                                    + " signature over the body no longer verifies"));
                }
                reply(Reply.of(250, "2.6.0", queued.messageId() + " [InternalId="
                        + queued.internalId() + ", Hostname=" + policy.fqdn()
                        + "] Queued mail for delivery"));
            }
            if (!paused) {
                resume();
            }
        }));
    }

    // ---------------------------------------------------------------- AUTH

    /** AUTH mechanism [initial-response] (RFC 4954): checks, then the SASL exchange. */
    private void auth(CommandParser.Command cmd) {
        SmtpAuth.Refusal refusal = SmtpAuth.check(policy, hello != Hello.NONE, tx != null,
                tls.active(), cmd.argument());
        if (refusal != null) {
            if (refusal.protocolError()) {
                protocolError(refusal.reply());
            } else {
                reply(refusal.reply());
            }
            return;
        }
        authStep(auth.begin(cmd.argument()));
    }

    /** A line answering a 334 challenge: never a command, never logged as it is. */
    private void authResponse(CommandLineReader.Line line) {
        if (line.tooLong()) {
            log.received("****");
            auth.abandon();
            protocolError(Replies.LINE_TOO_LONG);
            return;
        }
        String text = new String(line.bytes(), StandardCharsets.ISO_8859_1);
        log.received(text.equals("*") ? text : "****");
        authStep(auth.respond(text));
    }

    private void authStep(SaslExchange.Step step) {
        if (step.challenge() != null) {
            writeReply(Reply.plain(334, step.challenge()));
        } else if (step.refusal() != null) {
            reply(step.refusal());
        } else {
            checkCredentials(step.credentials());
        }
    }

    /**
     * Checks the credentials off the event loop, then answers: 235 and the user's rights, or
     * (after AuthTarpitInterval, scheduled on the event loop: no thread waits) 535, and the close
     * when MaxLogonFailures is reached.
     */
    private void checkCredentials(SaslExchange.Credentials credentials) {
        String login = credentials.login();
        String mechanism = auth.mechanism();
        LogonThrottle throttle = connectorPolicy.logonThrottle();
        if (throttle.blocked(client.getAddress())) {
            credentials.clear();
            LOG.info("{}", Kv.of("event", "auth-throttled", "session", sessionId,
                    "connector", policy.connectorId(), "client", hostPort(client),
                    "login", login));
            if (auth.failed(connectorPolicy)) {
                closeWith(Replies.AUTH_TEMPORARY, "max-logon-failures");
            } else {
                reply(Replies.AUTH_TEMPORARY);
            }
            return;
        }
        pause();
        Authenticator.check(connectorPolicy, credentials).whenComplete((result, error) ->
                ctx.executor().execute(() -> {
                    if (phase == Phase.CLOSED) {
                        return;
                    }
                    if (error != null) {
                        LOG.warn("{}", Kv.of("event", "auth-unavailable", "session", sessionId,
                                "error", String.valueOf(error)));
                        writeReply(Replies.AUTH_TEMPORARY);
                        resume();
                        return;
                    }
                    SessionPolicy user = result.outcome() == Authenticator.Outcome.SUCCESS
                            ? connectorPolicy.authenticatedAs(result.account(), mechanism) : null;
                    if (user != null && user.rights().contains(ExtendedRight.SMTP_SUBMIT)) {
                        authenticated(user, mechanism);
                        return;
                    }
                    String reason = user != null ? "no-submit-right"
                            : result.outcome() == Authenticator.Outcome.AUTHZID_REFUSED
                            ? "authzid-refused" : "bad-credentials";
                    authFailed(login, mechanism, reason);
                }));
    }

    private void authenticated(SessionPolicy user, String mechanism) {
        policy = user;
        String name = user.principal();
        log.info(name, "authenticated");
        log.info(permissionNames(), "Set Session Permissions");
        LOG.info("{}", Kv.of("event", "auth-success", "session", sessionId,
                "connector", policy.connectorId(), "client", hostPort(client), "user", name,
                "mechanism", mechanism));
        writeReply(Replies.AUTH_OK);
        resume();
    }

    private void authFailed(String login, String mechanism, String reason) {
        boolean lockout = auth.failed(connectorPolicy);
        connectorPolicy.logonThrottle().failed(client.getAddress());
        LOG.info("{}", Kv.of("event", "auth-failed", "session", sessionId,
                "connector", policy.connectorId(), "client", hostPort(client), "login", login,
                "mechanism", mechanism, "reason", reason, "failures", auth.failures()));
        log.info("AUTH " + mechanism, "authentication failed");
        Runnable answer = () -> {
            writeReply(Replies.AUTH_FAILED);
            if (lockout) {
                closeWith(Replies.TOO_MANY_LOGON_FAILURES, "max-logon-failures");
                return;
            }
            resume();
        };
        Duration tarpit = connectorPolicy.authTarpitInterval();
        if (tarpit.isZero() || tarpit.isNegative()) {
            answer.run();
            return;
        }
        log.info("Tarpit for '" + Formats.timeSpan(tarpit) + "'", "");
        ctx.executor().schedule(answer, tarpit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Called by the TLS work when the handshake after STARTTLS has completed: AUTH under
     * BasicAuthRequireTLS opens, and (RFC 3207 section 4.2) any earlier authentication is
     * forgotten.
     */
    private void tlsStarted() {
        auth.abandon();
        policy = connectorPolicy;
    }

    private void rset(CommandParser.Command cmd) {
        if (cmd.hasArgument()) {
            protocolError(Replies.INVALID_ARGUMENTS);
            return;
        }
        resetTransaction();
        reply(Replies.RESETTING);
    }

    private void quit(CommandParser.Command cmd) {
        if (cmd.hasArgument()) {
            protocolError(Replies.INVALID_ARGUMENTS);
            return;
        }
        closeWith(Replies.CLOSING, null);
    }

    private void vrfy(CommandParser.Command cmd) {
        if (!cmd.hasArgument()) {
            protocolError(Replies.INVALID_ARGUMENTS);
            return;
        }
        String addr = cmd.argument().strip();
        if (!(addr.startsWith("<") && addr.endsWith(">"))) {
            addr = "<" + addr + ">";
        }
        reply(Replies.VRFY.withText(Replies.VRFY.texts().get(0) + addr));
    }

    // ---------------------------------------------------------------- state helpers

    /**
     * RFC 2920 section 3.1: EHLO, HELO and DATA end a pipelined group, so nothing may follow them
     * before their reply. Bytes already waiting are refused with a close (case S09, P20).
     */
    private boolean pipelinedBehind() {
        if (input != null && input.isReadable()) {
            closeWith(Replies.IMPROPER_PIPELINING, "improper-pipelining");
            return true;
        }
        return false;
    }

    private void resetTransaction() {
        abortMessage();
        tx = null;
    }

    /** Discards a message whose content is still arriving (never one being committed). */
    private void abortMessage() {
        if (tx != null && tx.message != null) {
            tx.message.abort();
            tx.message = null;
        }
    }

    private boolean has(ExtendedRight right) {
        return policy.rights().contains(right);
    }

    private String permissionNames() {
        StringJoiner j = new StringJoiner(" ");
        for (ExtendedRight r : ExtendedRight.values()) {
            if (r.logName() != null && policy.rights().contains(r)) {
                j.add(r.logName());
            }
        }
        return j.toString();
    }

    private String bannerLine() {
        Optional<String> custom = policy.banner();
        if (custom.isPresent()) {
            return custom.get();
        }
        return "220 " + policy.fqdn() + " Microsoft ESMTP MAIL Service ready at "
                + Formats.rfc5322(ZonedDateTime.now(clock));
    }

    private static String hostPort(InetSocketAddress a) {
        return Formats.ip(a.getAddress()) + ":" + a.getPort();
    }

    // ---------------------------------------------------------------- replies

    /**
     * A command the connector's policy refuses (not a syntax error): counted for the session's
     * operator-log line, and logged one by one at debug level with the reason.
     */
    private void refuse(EnvelopeRules.Verdict verdict, String command) {
        refusals++;
        LOG.debug("{}", Kv.of("event", "command-refused", "session", sessionId,
                "command", command, "reply", verdict.reply().code(), "reason", verdict.reason()));
        reply(verdict.reply());
    }

    /** A command an antispam agent refused (the agent logged it). */
    private void refuse(Rejection r) {
        refusals++;
        reply(Reply.of(r.code(), r.status(), r.text()));
    }

    /** A syntax or sequence error: counts toward MaxProtocolErrors. */
    private void protocolError(Reply r) {
        protocolErrors++;
        int max = policy.maxProtocolErrors();
        if (max >= 0 && protocolErrors > max) {
            closeWith(Replies.TOO_MANY_ERRORS, "too-many-errors");
            return;
        }
        reply(r);
    }

    /** Sends a reply; an error to an unauthenticated session waits out the TarpitInterval. */
    private void reply(Reply r) {
        Duration tarpit = EnvelopeRules.tarpit(policy, r);
        if (!tarpit.isZero()) {
            log.info("Tarpit for '" + Formats.timeSpan(tarpit) + "'", "");
            pause();
            ctx.executor().schedule(() -> {
                writeReply(r);
                resume();
            }, tarpit.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        writeReply(r);
    }

    private void writeReply(Reply r) {
        if (phase == Phase.CLOSED || !ctx.channel().isActive()) {
            return;
        }
        writeLines(r.lines(policy.enhancedStatusCodesEnabled()));
    }

    private void writeLines(List<String> replyLines) {
        for (String line : replyLines) {
            log.sent(line);
            LOG.debug("{}", Kv.of("event", "reply", "session", sessionId, "line", line));
            ctx.write(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.UTF_8));
        }
        ctx.flush();
    }

    /** Sends a final reply and closes; no further input is read. */
    private void closeWith(Reply r, String reason) {
        if (phase == Phase.CLOSED || !ctx.channel().isActive()) {
            return;
        }
        phase = Phase.CLOSED;
        closedLocally = true;
        if (reason != null) {
            LOG.info("{}", Kv.of("event", "session-closing", "session", sessionId,
                    "reason", reason));
        }
        abortMessage();
        for (String line : r.lines(policy.enhancedStatusCodesEnabled())) {
            log.sent(line);
            ctx.write(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.UTF_8));
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
