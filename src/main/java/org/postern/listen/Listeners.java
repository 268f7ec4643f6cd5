package org.postern.listen;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.postern.config.Binding;
import org.postern.config.Configuration;
import org.postern.config.ReceiveConnector;
import org.postern.config.ReceiveConnectorSchema;
import org.postern.config.Unlimited;
import org.postern.log.Kv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets of every enabled receive connector, opened and closed live as the
 * configuration changes, and the first step of every connection: choosing its connector.
 *
 * <p>All bindings on one port share sockets: a wildcard binding ({@code [::]} or
 * {@code 0.0.0.0}) opens one socket for the port, dual-stack when IPv6 is asked for, and the
 * local address each connection arrived on decides which connectors' bindings cover it. A
 * specific-address binding gets its own socket only when no wildcard socket serves its family on
 * that port.
 *
 * <p>A socket that cannot open is tried again every {@link #DEFAULT_RETRY} until it opens or the
 * configuration stops asking for it; its failure is logged once, and its opening once.
 */
public final class Listeners implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("postern.listen");

    /** Starts the SMTP session on a connection whose connector was chosen. */
    public interface SessionStarter {
        void start(SocketChannel channel, ConnectorSelector.Selection selection,
                Configuration config, String sessionId);
    }

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Supplier<Configuration> config;
    private final SessionStarter starter;
    private final Map<InetSocketAddress, Channel> open = new LinkedHashMap<>();
    private final AtomicLong sessionCounter;
    private final ConnectionLimits limits = new ConnectionLimits();
    /** Set-TransportService MaxConnectionRatePerMinute, for the whole server. */
    private final ConnectionRate connectionRate = new ConnectionRate();
    /** How many refusal lines each address gets. */
    private final RefusalLog refusalLog = new RefusalLog();

    /**
     * Over MaxConnectionRatePerMinute. Exchange's reply for this limit is not public: the code
     * and enhanced code are those of its other connection limits, the text is Postern's.
     */
    static final String CONNECTION_RATE_REPLY = "421 4.3.2 The maximum rate of new connections"
            + " per minute has exceeded a limit, closing transmission channel";
    /** The bindings whose socket could not open, with the reason already logged. */
    private final Map<Use, String> failed = new LinkedHashMap<>();
    private final Duration retry;
    private final ScheduledExecutorService retries;
    private Configuration applied;
    private boolean closed;

    /** How often bindings that could not open are tried again. */
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(30);

    public Listeners(EventLoopGroup boss, EventLoopGroup workers, Supplier<Configuration> config,
            SessionStarter starter) {
        this(boss, workers, config, starter, DEFAULT_RETRY);
    }

    /** With its own interval for trying failed bindings again (tests use a short one). */
    public Listeners(EventLoopGroup boss, EventLoopGroup workers, Supplier<Configuration> config,
            SessionStarter starter, Duration retry) {
        this.retry = retry;
        // Not an event loop: a bind waits for its future, which blocks a loop thread.
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "postern-binding-retry");
            t.setDaemon(true);
            return t;
        });
        retries.scheduleWithFixedDelay(this::retryFailed, retry.toMillis(), retry.toMillis(),
                TimeUnit.MILLISECONDS);
        this.boss = boss;
        this.workers = workers;
        this.config = config;
        this.starter = starter;
        // Exchange's session ids are 16 hex digits that grow within a process.
        this.sessionCounter = new AtomicLong((System.currentTimeMillis() << 16)
                | ThreadLocalRandom.current().nextInt(1 << 16));
    }

    /** What one planned socket serves: the connectors and bindings behind it. */
    private record Plan(InetSocketAddress address, List<String> connectors, List<Use> uses) {
    }

    /** One binding of one connector that a socket serves. */
    private record Use(String connector, Binding binding) {
    }

    /**
     * Opens the sockets the configuration needs and closes those it no longer needs. A socket
     * that cannot open is logged with the connector, the binding and the fix; the others open.
     *
     * @return the addresses that are now listening
     */
    public synchronized List<InetSocketAddress> apply(Configuration cfg) {
        applyReporting(cfg);
        return new ArrayList<>(open.keySet());
    }

    /**
     * {@link #apply}, returning a warning for each binding that newly could not open, naming
     * the connector, the binding, the reason and the fix, for the one who changed the
     * configuration.
     */
    public synchronized List<String> applyReporting(Configuration cfg) {
        applied = cfg;
        Map<Use, String> before = new LinkedHashMap<>(failed);
        Map<InetSocketAddress, Plan> wanted = plan(cfg);
        Set<Integer> closedPorts = new java.util.HashSet<>();
        for (var it = open.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                e.getValue().close().syncUninterruptibly();
                LOG.info(Kv.format("event", "binding-closed", "address", text(e.getKey())));
                closedPorts.add(e.getKey().getPort());
                it.remove();
            }
        }
        for (Plan p : wanted.values()) {
            if (!open.containsKey(p.address)) {
                bind(p, closedPorts.contains(p.address.getPort()));
            }
        }
        // A binding no longer asked for is no longer failing.
        Set<Use> asked = new java.util.HashSet<>();
        for (Plan p : wanted.values()) {
            if (!open.containsKey(p.address)) {
                asked.addAll(p.uses);
            }
        }
        failed.keySet().retainAll(asked);
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<Use, String> f : failed.entrySet()) {
            if (!f.getValue().equals(before.get(f.getKey()))) {
                warnings.add(warning(f.getKey(), f.getValue()));
            }
        }
        return warnings;
    }

    /** Tries the bindings that could not open again, for the configuration last applied. */
    private synchronized void retryFailed() {
        try {
            if (!closed && !failed.isEmpty() && applied != null) {
                applyReporting(applied);
            }
        } catch (RuntimeException e) {
            LOG.error(Kv.format("event", "binding-retry-failed", "reason", reason(e)));
        }
    }

    private String warning(Use use, String reason) {
        long ms = retry.toMillis();
        String every = ms % 1000 == 0 ? (ms / 1000) + " seconds" : ms + " milliseconds";
        return "The Receive connector \"" + use.connector() + "\" couldn't listen on "
                + use.binding() + ": " + reason + ". Postern retries every " + every + "; "
                + warningFix(reason) + ".";
    }

    private static String warningFix(String reason) {
        String m = reason.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("in use")) {
            return "stop the program that holds the port or change -Bindings";
        }
        if (m.contains("permission")) {
            return "give java CAP_NET_BIND_SERVICE or change -Bindings";
        }
        return "change -Bindings";
    }

    /** The addresses now listening. */
    public synchronized List<InetSocketAddress> listening() {
        return new ArrayList<>(open.keySet());
    }

    private Map<InetSocketAddress, Plan> plan(Configuration cfg) {
        Map<Integer, List<ReceiveConnector>> byPort = new LinkedHashMap<>();
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            if (!c.enabled()) {
                continue;
            }
            for (Binding b : c.bindings()) {
                byPort.computeIfAbsent(b.port(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<InetSocketAddress, Plan> out = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<ReceiveConnector>> e : byPort.entrySet()) {
            int port = e.getKey();
            Map<Binding, Set<String>> users = new LinkedHashMap<>();
            for (ReceiveConnector c : e.getValue()) {
                for (Binding b : c.bindings()) {
                    if (b.port() == port) {
                        users.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(c.identity());
                    }
                }
            }
            boolean v6Wildcard =
                    users.keySet().stream().anyMatch(b -> b.isWildcard() && !b.isIPv4());
            boolean v4Wildcard =
                    users.keySet().stream().anyMatch(b -> b.isWildcard() && b.isIPv4());
            for (Map.Entry<Binding, Set<String>> u : users.entrySet()) {
                Binding b = u.getKey();
                InetSocketAddress socket;
                if (v6Wildcard) {
                    // One dual-stack socket takes IPv6 and IPv4 connections for the port.
                    socket = new InetSocketAddress(wildcardV6(), port);
                } else if (b.isIPv4() && v4Wildcard) {
                    socket = new InetSocketAddress(wildcardV4(), port);
                } else {
                    socket = new InetSocketAddress(b.address(), port);
                }
                Plan p = out.computeIfAbsent(socket,
                        k -> new Plan(k, new ArrayList<>(), new ArrayList<>()));
                for (String id : u.getValue()) {
                    if (!p.connectors.contains(id)) {
                        p.connectors.add(id);
                    }
                    p.uses.add(new Use(id, b));
                }
            }
        }
        return out;
    }

    /**
     * How long a bind waits for a socket closed a moment ago on the same port: NIO releases a
     * closed server socket's port only at the event loop's next select, so moving a binding
     * from one address to another on its port (127.0.0.1:25 to 0.0.0.0:25) would otherwise fail
     * with "Address already in use".
     */
    private static final long REBIND_WAIT_MILLIS = 3000;

    private void bind(Plan p, boolean portJustClosed) {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
        ChannelFuture f = b.bind(p.address).awaitUninterruptibly();
        long deadline = System.nanoTime() + REBIND_WAIT_MILLIS * 1_000_000L;
        while (!f.isSuccess() && portJustClosed && f.cause() instanceof java.net.BindException
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            f = b.bind(p.address).awaitUninterruptibly();
        }
        if (f.isSuccess()) {
            open.put(p.address, f.channel());
            failed.keySet().removeAll(p.uses);
            LOG.info(Kv.format("event", "binding-open", "address", text(p.address),
                    "connectors", String.join(",", p.connectors)));
            return;
        }
        Throwable cause = f.cause();
        // One line for each binding of each connector that this socket would have served.
        for (Use use : p.uses) {
            String why = reason(cause);
            if (why.equals(failed.put(use, why))) {
                continue; // logged when it first failed
            }
            LOG.error(Kv.format("event", "binding-failed", "connector", use.connector(),
                    "binding", use.binding().toString(), "socket", text(p.address),
                    "reason", reason(cause), "fix", fix(cause, use.connector(), use.binding())));
        }
    }

    private void accept(SocketChannel ch) {
        InetSocketAddress local = ch.localAddress();
        InetSocketAddress remote = ch.remoteAddress();
        Configuration cfg = config.get();
        Unlimited rate = cfg.transportService().maxConnectionRatePerMinute();
        if (!connectionRate.admit(remote.getAddress(), rate.isUnlimited() ? -1 : rate.value())) {
            logRefusal("max-connection-rate-per-minute", remote, "local", text(local),
                    "limit", rate.value());
            refuse(ch, CONNECTION_RATE_REPLY);
            return;
        }
        Optional<ConnectorSelector.Selection> chosen =
                ConnectorSelector.select(cfg, local, remote.getAddress());
        if (chosen.isEmpty()) {
            logRefusal("no-matching-connector", remote, "local", text(local));
            ch.close();
            return;
        }
        ReceiveConnector connector = chosen.get().connector();
        ConnectionLimits.Admission admission =
                limits.admit(connector.identity(), remote.getAddress(), limitsOf(connector));
        if (admission.refusal().isPresent()) {
            ConnectionLimits.Refusal why = admission.refusal().get();
            logRefusal(why.word(), remote, "connector", connector.identity(),
                    "local", text(local), "limit", admission.limit());
            refuse(ch, why.reply());
            return;
        }
        ch.closeFuture().addListener(f -> admission.release());
        String sessionId = String.format("%016X", sessionCounter.incrementAndGet());
        starter.start(ch, chosen.get(), cfg, sessionId);
    }

    /**
     * One {@code event=connection-refused} line, unless {@link RefusalLog} leaves it out; with
     * {@code suppressed=N} when lines for this reason and address were left out before it.
     */
    private void logRefusal(String reason, InetSocketAddress remote, Object... more) {
        long suppressed = refusalLog.refused(reason, remote.getAddress());
        if (suppressed < 0) {
            return;
        }
        List<Object> kv = new ArrayList<>(List.of("event", "connection-refused", "reason",
                reason, "client", text(remote)));
        kv.addAll(List.of(more));
        if (suppressed > 0) {
            kv.add("suppressed");
            kv.add(suppressed);
        }
        LOG.warn(Kv.format(kv.toArray()));
    }

    private static ConnectionLimits.Limits limitsOf(ReceiveConnector c) {
        Unlimited max = c.get(ReceiveConnectorSchema.MAX_INBOUND_CONNECTION);
        Unlimited perSource = c.get(ReceiveConnectorSchema.MAX_INBOUND_CONNECTION_PER_SOURCE);
        return new ConnectionLimits.Limits(max.isUnlimited() ? -1 : max.value(),
                perSource.isUnlimited() ? -1 : perSource.value(),
                c.get(ReceiveConnectorSchema.MAX_INBOUND_CONNECTION_PERCENTAGE_PER_SOURCE));
    }

    /** Sends {@code reply} instead of the banner, then closes, as Exchange does. */
    static void refuse(SocketChannel ch, String reply) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(reply + "\r\n", StandardCharsets.US_ASCII))
                        .addListener(ChannelFutureListener.CLOSE);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                io.netty.util.ReferenceCountUtil.release(msg); // nothing is read any more
            }
        });
    }

    /** The connection counts of every connector (for tests and diagnostics). */
    public ConnectionLimits connectionLimits() {
        return limits;
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        String m = cause.getMessage();
        return m == null ? cause.getClass().getSimpleName() : m;
    }

    private static String fix(Throwable cause, String connector, Binding binding) {
        String name = connector.substring(connector.indexOf('\\') + 1);
        String move = "or move the connector: Set-ReceiveConnector \"" + name + "\" -Bindings "
                + (binding.isIPv4() ? "0.0.0.0:" : "[::]:") + "<free port>";
        String m = reason(cause).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("permission") && binding.port() < 1024) {
            return "ports below 1024 need root or CAP_NET_BIND_SERVICE for java, " + move;
        }
        if (m.contains("in use")) {
            return "stop the program that listens on port " + binding.port() + ", " + move;
        }
        if (cause instanceof SocketException && m.contains("assign")) {
            return "the address is not on this machine; bind an address of this machine, " + move;
        }
        return move;
    }

    private static InetAddress wildcardV6() {
        try {
            return InetAddress.getByName("::");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress wildcardV4() {
        try {
            return InetAddress.getByName("0.0.0.0");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ip:port}, IPv6 in brackets. */
    public static String text(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        if (ip.getAddress().length == 16) {
            String host = new inet.ipaddr.IPAddressNetwork.IPAddressGenerator().from(ip)
                    .toCompressedString();
            int zone = host.indexOf('%');
            return "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]:" + a.getPort();
        }
        return ip.getHostAddress() + ":" + a.getPort();
    }

    @Override
    public synchronized void close() {
        closed = true;
        retries.shutdownNow();
        for (Channel c : open.values()) {
            c.close().syncUninterruptibly();
        }
        open.clear();
    }
}
