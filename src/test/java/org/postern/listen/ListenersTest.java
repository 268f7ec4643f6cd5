package org.postern.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postern.config.ReceiveConnectorSchema.BINDINGS;
import static org.postern.config.ReceiveConnectorSchema.REMOTE_IP_RANGES;
import static org.postern.config.ReceiveConnectorSchema.TRANSPORT_ROLE;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postern.config.Binding;
import org.postern.config.Configuration;
import org.postern.config.IpRange;
import org.postern.config.ReceiveConnector;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.config.TransportRole;
import org.slf4j.LoggerFactory;

/** The listening sockets of the connectors, opened in-process on free ports. */
class ListenersTest {

    private static final ServerIdentity SERVER =
            new ServerIdentity("EX01", "ex01.contoso.com", "CONTOSO");

    private EventLoopGroup group;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        logger = (Logger) LoggerFactory.getLogger("postern.listen");
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logged);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int freePort() {
        return TestPorts.free();
    }

    /** No connectors, as a base for the test's own. */
    private static Configuration empty() {
        Configuration base = Setup.initial(SERVER, "contoso.com", 0, Instant.EPOCH);
        return new Configuration(SERVER, List.of(), base.acceptedDomains());
    }

    /** Default Frontend on a free port, and the article's relay connector on the same port. */
    private static Configuration withRelay(int offset) {
        Configuration defaults = Setup.initial(SERVER, "contoso.com", offset, Instant.EPOCH);
        Configuration base = empty().withReceiveConnector(defaults.receiveConnectors().get(0));
        ReceiveConnector relay = ReceiveConnector.create("Anonymous Relay", "EX01", Instant.EPOCH)
                .with(TRANSPORT_ROLE, TransportRole.FrontendTransport)
                .with(BINDINGS, List.of(Binding.parse("0.0.0.0:" + (25 + offset))))
                .with(REMOTE_IP_RANGES, List.of(IpRange.parse("127.0.0.10")));
        return base.withReceiveConnector(relay);
    }

    private List<String> errors() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : logged.list) {
            if (e.getLevel() == ch.qos.logback.classic.Level.ERROR) {
                out.add(e.getFormattedMessage());
            }
        }
        return out;
    }

    @Test
    @DisplayName("a taken port logs one line per binding of each connector behind the socket, "
            + "correctly paired")
    void bindingFailurePairsEachConnectorWithItsOwnBindings() throws Exception {
        int offset = freePort() - 25;
        int port = 25 + offset;
        Configuration cfg = withRelay(offset);
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            try (Listeners l =
                    new Listeners(group, group, () -> cfg, (ch, s, c, id) -> ch.close())) {
                List<InetSocketAddress> open = l.apply(cfg);
                // Regression: the failure was logged for every connector with every binding of
                // the socket, naming "Anonymous Relay" with Default Frontend's [::] binding.
                assertThat(errors()).hasSize(3);
                assertThat(errors()).anyMatch(e -> e.contains("Default Frontend EX01")
                        && e.contains("binding=[::]:" + port));
                assertThat(errors()).anyMatch(e -> e.contains("Default Frontend EX01")
                        && e.contains("binding=0.0.0.0:" + port));
                assertThat(errors()).anyMatch(e -> e.contains("Anonymous Relay")
                        && e.contains("binding=0.0.0.0:" + port));
                assertThat(errors()).noneMatch(e -> e.contains("Anonymous Relay")
                        && e.contains("binding=[::]"));
                assertThat(open).isEmpty();
            }
        }
    }

    @Test
    @DisplayName("bindings open and close live as the configuration changes")
    void liveChanges() throws Exception {
        int offset = freePort() - 25;
        Configuration base = empty().withReceiveConnector(
                Setup.initial(SERVER, "contoso.com", offset, Instant.EPOCH).receiveConnectors()
                        .get(0));
        int own = freePort();
        ReceiveConnector extra = ReceiveConnector.create("Printers", "EX01", Instant.EPOCH)
                .with(TRANSPORT_ROLE, TransportRole.FrontendTransport)
                .with(BINDINGS, List.of(Binding.parse("127.0.0.1:" + own)))
                .with(REMOTE_IP_RANGES, List.of(IpRange.parse("127.0.0.20")));
        try (Listeners l = new Listeners(group, group, () -> base, (ch, s, c, id) -> ch.close())) {
            assertThat(l.apply(base)).hasSize(1);
            List<InetSocketAddress> more = l.apply(base.withReceiveConnector(extra));
            assertThat(more).hasSize(2).contains(new InetSocketAddress("127.0.0.1", own));
            assertThat(l.apply(base)).hasSize(1)
                    .doesNotContain(new InetSocketAddress("127.0.0.1", own));
            // The port is released (NIO closes the descriptor on the event loop's next select).
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .ignoreExceptions().until(() -> {
                        try (ServerSocket again = new ServerSocket()) {
                            again.bind(new InetSocketAddress("127.0.0.1", own));
                            return true;
                        }
                    });
        }
        assertThat(errors()).isEmpty();
    }

    @Test
    @DisplayName("moving a binding from one address to the wildcard on the same port opens at once")
    void rebindSamePortToTheWildcard() throws Exception {
        Configuration base = empty();
        for (int round = 0; round < 20; round++) {
            int own = freePort();
            ReceiveConnector specific = ReceiveConnector.create("Printers", "EX01", Instant.EPOCH)
                    .with(TRANSPORT_ROLE, TransportRole.FrontendTransport)
                    .with(BINDINGS, List.of(Binding.parse("127.0.0.1:" + own)))
                    .with(REMOTE_IP_RANGES, List.of(IpRange.parse("127.0.0.20")));
            ReceiveConnector wildcard = specific.with(BINDINGS,
                    List.of(Binding.parse("0.0.0.0:" + own)));
            try (Listeners l = new Listeners(group, group, () -> base,
                    (ch, s, c, id) -> ch.close())) {
                l.apply(base.withReceiveConnector(specific));
                // Regression: the old socket's descriptor closed only on the event loop's next
                // select, so the new bind on the same port failed with "Address already in use".
                List<InetSocketAddress> open = l.apply(base.withReceiveConnector(wildcard));
                assertThat(errors()).as("round %d", round).isEmpty();
                assertThat(open).contains(new InetSocketAddress("0.0.0.0", own));
            }
        }
    }

    @Test
    @DisplayName("a binding whose port is taken opens by itself once the port is free, logged "
            + "once failed and once open")
    void failedBindingIsRetriedUntilItOpens() throws Exception {
        int port = freePort();
        ReceiveConnector busy = ReceiveConnector.create("Busy", "EX01", Instant.EPOCH)
                .with(TRANSPORT_ROLE, TransportRole.FrontendTransport)
                .with(BINDINGS, List.of(Binding.parse("127.0.0.1:" + port)))
                .with(REMOTE_IP_RANGES, List.of(IpRange.parse("127.0.0.50")));
        Configuration cfg = empty().withReceiveConnector(busy);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        try (Listeners l = new Listeners(group, group, () -> cfg, (ch, s, c, id) -> ch.close(),
                java.time.Duration.ofMillis(200))) {
            try (ServerSocket squatter = new ServerSocket()) {
                squatter.bind(address);
                List<String> warnings = l.applyReporting(cfg);
                assertThat(warnings).singleElement().asString()
                        .startsWith("The Receive connector \"EX01\\Busy\" couldn't listen on "
                                + "127.0.0.1:"
                                + port + ": ")
                        .contains("in use", "Postern retries every 200 milliseconds; stop the"
                                + " program that holds the port or change -Bindings.");
                assertThat(l.listening()).isEmpty();
                // Several retries fail while the port is held: still one error line.
                Thread.sleep(700);
                assertThat(errors()).hasSize(1);
                assertThat(l.listening()).isEmpty();
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> l.listening().contains(address));
            try (java.net.Socket client = new java.net.Socket()) {
                client.connect(address, 2000);
            }
            assertThat(errors()).hasSize(1);
            assertThat(logged.list).filteredOn(e -> e.getFormattedMessage()
                    .contains("event=binding-open")).hasSize(1);
            // Once open, the same configuration warns no more.
            assertThat(l.applyReporting(cfg)).isEmpty();
        }
    }
}
