package org.postern.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postern.admin.AdminSecret;
import org.postern.admin.AdminServer;
import org.postern.admin.ShellHost;
import org.postern.antispam.AntispamAgents;
import org.postern.config.AuthMechanism;
import org.postern.config.ConfigFile;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.OpenRelayCheck;
import org.postern.config.ReceiveConnector;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.delivery.DeliveryEngine;
import org.postern.delivery.DeliveryStateStore;
import org.postern.delivery.DnsResolver;
import org.postern.delivery.FileDeliveryStateStore;
import org.postern.delivery.Maildirs;
import org.postern.delivery.QueueAdmin;
import org.postern.listen.ConnectorSessionPolicy;
import org.postern.listen.Listeners;
import org.postern.listen.MessageRates;
import org.postern.log.FileProtocolLog;
import org.postern.log.Kv;
import org.postern.log.MessageTrackingLog;
import org.postern.log.ProtocolLogSession;
import org.postern.pressure.BackPressureMonitor;
import org.postern.pressure.Sampler;
import org.postern.queue.MessageStore;
import org.postern.queue.SpoolStore;
import org.postern.smtp.SmtpSession;
import org.postern.tls.LegacyProtocols;
import org.postern.tls.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Postern server: the configuration of its data directory, the listeners of its
 * receive connectors, the queue, the logs and the management endpoint.
 */
public final class PosternServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("postern.server");

    /** The version written into logs. */
    public static final String VERSION = "0.1.0";

    private final ConfigRepository config;
    private final SpoolStore store;
    private final FileProtocolLog protocolLog;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Listeners listeners;
    private final AdminServer admin;
    private final MessageTrackingLog tracking;
    private final DeliveryStateStore deliveryStates;
    private final DeliveryEngine delivery;
    private final BackPressureMonitor pressure;

    /** Makes the shell sessions the management endpoint runs scripts in. */
    @FunctionalInterface
    public interface ShellFactory {
        ShellHost create(ConfigRepository config, QueueAdmin queues,
                MessageTrackingLog tracking, BackPressureMonitor pressure);
    }

    private PosternServer(ConfigRepository config, SpoolStore store, FileProtocolLog protocolLog,
            EventLoopGroup boss, EventLoopGroup workers, Listeners listeners, AdminServer admin,
            MessageTrackingLog tracking, DeliveryStateStore deliveryStates,
            DeliveryEngine delivery, BackPressureMonitor pressure) {
        this.config = config;
        this.store = store;
        this.protocolLog = protocolLog;
        this.boss = boss;
        this.workers = workers;
        this.listeners = listeners;
        this.admin = admin;
        this.tracking = tracking;
        this.deliveryStates = deliveryStates;
        this.delivery = delivery;
        this.pressure = pressure;
    }

    /**
     * Starts a server on the data directory: sets it up on first start, opens every enabled
     * connector's bindings (one that cannot open is logged and skipped), starts the management
     * endpoint, and logs one {@code event=ready} line.
     *
     * <p>Delivery starts once the listeners are open (it needs to know them to detect mail
     * loops) and first takes over every message a previous run left in the spool.
     *
     * @param shell makes the shell sessions of the management endpoint
     */
    public static PosternServer start(ServerOptions options, ShellFactory shell)
            throws IOException {
        // Before any TLS engine exists: see LegacyProtocols.
        LegacyProtocols.allow();
        Path dir = options.dataDirectory().toAbsolutePath();
        Files.createDirectories(dir);
        ConfigFile file = new ConfigFile(dir);
        Configuration initial;
        if (file.exists()) {
            initial = file.read();
            LOG.info(Kv.format("event", "config-loaded", "file", file.path(),
                    "server", initial.server().name()));
        } else {
            initial = setUp(options, file);
        }
        ConfigRepository config = new ConfigRepository(file, initial);
        // What setup does: the server's self-signed certificate, enabled for SMTP.
        config.certificates().setUp(initial.server().fqdn(), initial.server().name(),
                java.time.Instant.now());
        // What has started so far, closed in reverse order should a later step fail: a server
        // that cannot start completely must not keep serving SMTP half-started.
        java.util.Deque<AutoCloseable> started = new java.util.ArrayDeque<>();
        try {
            return startServices(options, shell, dir, initial, config, started);
        } catch (IOException | RuntimeException | Error e) {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception | Error closing) {
                    e.addSuppressed(closing);
                }
            }
            LOG.error(Kv.format("event", "start-failed", "error", String.valueOf(e)));
            throw e;
        }
    }

    private static PosternServer startServices(ServerOptions options, ShellFactory shell,
            Path dir, Configuration initial, ConfigRepository config,
            java.util.Deque<AutoCloseable> started) throws IOException {
        SpoolStore store = SpoolStore.open(dir);
        started.push(store);
        BackPressureMonitor pressure = new BackPressureMonitor(
                () -> config.current().backPressure(),
                Sampler.of(store.directory(), store::count), Clock.systemUTC());
        started.push(pressure);
        pressure.start();
        config.onChange(c -> pressure.refresh());
        MessageStore sessionStore = pressure.guard(store);
        FileProtocolLog protocolLog = new FileProtocolLog(dir, VERSION, Clock.systemUTC());
        started.push(protocolLog);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        started.push(() -> stopLoops(boss));
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        started.push(() -> stopLoops(workers));
        Clock clock = Clock.systemDefaultZone();
        ServerTls tls = new ServerTls(config.certificates());
        AntispamAgents antispam = AntispamAgents.forServer(options.dnsServer());
        MessageRates rates = new MessageRates();
        Listeners listeners = new Listeners(boss, workers, config::current,
                (ch, selection, cfg, sessionId) -> {
                    ReceiveConnector c = selection.connector();
                    ProtocolLogSession log = c.protocolLogging()
                            ? protocolLog.open(c.identity(), sessionId, ch.localAddress(),
                                    ch.remoteAddress())
                            : ProtocolLogSession.NONE;
                    SmtpSession.install(ch,
                            new ConnectorSessionPolicy(c, cfg, tls, antispam, rates),
                            sessionStore, log, sessionId, clock);
                });
        started.push(listeners);
        config.onChangeReporting(listeners::applyReporting);
        logUnimplemented(initial);
        logOpenRelays(initial);
        List<InetSocketAddress> open = listeners.apply(initial);
        MessageTrackingLog tracking = new MessageTrackingLog(dir, VERSION);
        started.push(tracking::close);
        DeliveryStateStore deliveryStates = new FileDeliveryStateStore(dir);
        started.push(deliveryStates::close);
        DnsResolver dns = new DnsResolver(options.dnsServer(), Duration.ofSeconds(5));
        DeliveryEngine delivery = new DeliveryEngine(store, deliveryStates, config::current, dns,
                listeners::listening, new Maildirs(dir, initial.server().fqdn(), clock),
                tracking, clock);
        config.onChange(c -> delivery.configurationChanged());
        delivery.start();
        started.push(delivery::close);
        AdminServer admin = AdminServer.start(options.adminListen(), AdminSecret.loadOrCreate(dir),
                shell.create(config, delivery, tracking, pressure), dir);
        List<Object> ready = new ArrayList<>(List.of("event", "ready",
                "server", initial.server().name(), "fqdn", initial.server().fqdn(), "data", dir,
                "sockets", open.size(), "admin", Listeners.text(admin.address())));
        for (ReceiveConnector c : initial.receiveConnectors()) {
            if (c.enabled()) {
                // One connector key per connector, so no value grows past the log's limit.
                ready.add("connector");
                ready.add(c.name() + " " + c.bindings());
            }
        }
        ready.add("dns");
        ready.add(dns.toString());
        LOG.info(Kv.format(ready.toArray()));
        return new PosternServer(config, store, protocolLog, boss, workers, listeners, admin,
                tracking, deliveryStates, delivery, pressure);
    }

    private static Configuration setUp(ServerOptions options, ConfigFile file) throws IOException {
        String fqdn = options.fqdn() != null ? options.fqdn() : HostNames.fqdn();
        String name = options.serverName() != null
                ? options.serverName() : HostNames.serverName(fqdn);
        String domain = options.domain() != null ? options.domain() : HostNames.domain(fqdn);
        ServerIdentity server = new ServerIdentity(name, fqdn, HostNames.netbiosDomain(domain));
        Configuration initial = Setup.initial(server, domain, options.portOffset(),
                java.time.Instant.now());
        file.write(initial);
        LOG.info(Kv.format("event", "setup", "server", name, "fqdn", fqdn, "domain", domain,
                "connectors", initial.receiveConnectors().size(), "file", file.path()));
        if (domain == null) {
            LOG.warn(Kv.format("event", "setup-without-accepted-domain", "fqdn", fqdn,
                    "reason", "the FQDN has no domain part", "fix", "postern exec"
                            + " 'New-AcceptedDomain -Name <domain> -DomainName <domain>"
                            + " -DomainType Authoritative', or set up with --domain"));
        }
        return initial;
    }

    /** A connector made an open relay with -Force: warned about at every start. */
    private static void logOpenRelays(Configuration cfg) {
        for (OpenRelayCheck.Exposure e : OpenRelayCheck.exposures(cfg)) {
            LOG.warn(Kv.format("event", "open-relay", "connector", e.connector().identity(),
                    "principal", e.principal().name(), "ranges", e.openEntries().toString(),
                    "fix", "narrow RemoteIPRanges or remove the relay right"));
        }
    }

    /**
     * Integrated and ExchangeServer are kept in the configuration but never advertised: one line
     * at start names the mechanisms and how many connectors list them.
     */
    private static void logUnimplemented(Configuration cfg) {
        java.util.Set<AuthMechanism> found = java.util.EnumSet.noneOf(AuthMechanism.class);
        int connectors = 0;
        for (ReceiveConnector c : cfg.receiveConnectors()) {
            boolean any = false;
            for (AuthMechanism m : c.authMechanism()) {
                if (m == AuthMechanism.Integrated || m == AuthMechanism.ExchangeServer) {
                    found.add(m);
                    any = true;
                }
            }
            connectors += any ? 1 : 0;
        }
        if (!found.isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (AuthMechanism m : found) {
                names.append(names.length() == 0 ? "" : ",").append(m);
            }
            LOG.info(Kv.format("event", "auth-not-offered", "mechanisms", names,
                    "connectors", connectors, "reason", "Postern does not implement these;"
                            + " they stay in the configuration and are never advertised"));
        }
    }

    public ConfigRepository config() {
        return config;
    }

    public SpoolStore store() {
        return store;
    }

    public List<InetSocketAddress> listening() {
        return listeners.listening();
    }

    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    /** The delivery engine's queues, for the queue cmdlets. */
    public QueueAdmin queues() {
        return delivery;
    }

    /** The resource monitor, for Get-BackPressure. */
    public BackPressureMonitor backPressure() {
        return pressure;
    }

    /** The message tracking log, for Get-MessageTrackingLog. */
    public MessageTrackingLog trackingLog() {
        return tracking;
    }

    /**
     * Stops event loops together. The listeners are closed already and a session that has not
     * had its 250 has promised nothing, so a short quiet period is enough; Netty's default of two
     * seconds per group only made every stop (and every end-to-end test) slower.
     */
    private static void stopLoops(EventLoopGroup... groups) {
        List<io.netty.util.concurrent.Future<?>> stopping = new ArrayList<>();
        for (EventLoopGroup g : groups) {
            stopping.add(g.shutdownGracefully(100, 5000, TimeUnit.MILLISECONDS));
        }
        for (io.netty.util.concurrent.Future<?> f : stopping) {
            f.syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        admin.close();
        listeners.close();
        stopLoops(boss, workers);
        delivery.close();
        pressure.close();
        tracking.close();
        try {
            deliveryStates.close();
        } catch (IOException e) {
            LOG.warn(Kv.format("event", "delivery-state-close-failed", "error", e.getMessage()));
        }
        protocolLog.close();
        try {
            store.close();
        } catch (IOException e) {
            LOG.warn(Kv.format("event", "queue-close-failed", "error", e.getMessage()));
        }
        LOG.info(Kv.format("event", "stopped"));
    }
}
