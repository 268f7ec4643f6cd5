package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.AddressSpace;
import org.postern.config.Configuration;
import org.postern.config.Mailbox;
import org.postern.config.SendConnector;
import org.postern.config.SendConnectorUsage;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.config.SmartHost;
import org.postern.config.TransportService;
import org.postern.log.MessageTrackingLog;
import org.postern.log.TrackingEvent;
import org.postern.log.TrackingQuery;
import org.postern.queue.Envelope;
import org.postern.queue.IncomingMessage;
import org.postern.queue.Origin;
import org.postern.queue.SpoolStore;

/**
 * The delivery engine on a real spool, delivering over loopback to a scripted SMTP server and
 * into Maildirs.
 */
class DeliveryEngineTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private SpoolStore spool;
    private MessageTrackingLog tracking;
    private DeliveryEngine engine;
    private ScriptedSmtpServer remote;
    private final AtomicReference<Configuration> config = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        remote = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING", "SIZE 10000000",
                "8BITMIME");
        Configuration c = Setup.initial(new ServerIdentity("EX01", "ex01.contoso.com",
                "CONTOSO"), "contoso.com", 0, NOW);
        SendConnector relay = SendConnector.create("Relay", SendConnectorUsage.Custom,
                List.of(AddressSpace.parse("*")), "EX01", NOW).toBuilder()
                .dnsRoutingEnabled(false).smartHosts(List.of(SmartHost.parse("127.0.0.1")))
                .port(remote.port()).build(NOW);
        c = c.withSendConnector(relay)
                .withMailbox(Mailbox.create("Alice", "Alice", "alice@contoso.com", List.of(), NOW))
                .withMailbox(Mailbox.create("Kim", "Kim", "kim@contoso.com", List.of(), NOW))
                .withTransportService(TransportService.defaults("EX01")
                        .withMessageRetryInterval(Duration.ofMillis(500))
                        .withTransientFailureRetryInterval(Duration.ofMillis(500)));
        config.set(c);
        spool = SpoolStore.open(dir);
        tracking = new MessageTrackingLog(dir, "test");
    }

    private void startEngine() throws Exception {
        engine = new DeliveryEngine(spool, new FileDeliveryStateStore(dir), config::get,
                new DnsResolver(new InetSocketAddress("127.0.0.1", 9), Duration.ofSeconds(1)),
                List::of, new Maildirs(dir, "ex01.contoso.com", Clock.systemUTC()), tracking,
                Clock.systemUTC());
        engine.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.close();
        }
        tracking.close();
        spool.close();
        remote.close();
    }

    private long submit(String sender, List<String> rcpts, String content) throws Exception {
        return submit(sender, rcpts, content, Map.of());
    }

    private long submit(String sender, List<String> rcpts, String content,
            Map<String, String> rcptParams) throws Exception {
        List<Envelope.Recipient> rs = new ArrayList<>();
        for (String r : rcpts) {
            rs.add(new Envelope.Recipient(r, rcptParams));
        }
        IncomingMessage m = spool.begin(new Envelope(sender, rs, Map.of(), new Origin(
                "EX01\\Default Frontend EX01", "08D6000000000001",
                new InetSocketAddress("127.0.0.10", 40000),
                new InetSocketAddress("127.0.0.1", 25), "client.test", "ANONYMOUS LOGON",
                Instant.now())));
        m.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        return m.commit("<" + m.internalId() + "@client.test>").toCompletableFuture().join()
                .internalId();
    }

    private void awaitSpoolEmpty() {
        await().atMost(Duration.ofSeconds(20)).until(() -> spool.list().isEmpty());
    }

    private List<Path> maildir(String folder) throws Exception {
        Path d = dir.resolve("mailboxes").resolve(folder).resolve("new");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private static final String MESSAGE = "From: alice@contoso.com\r\nTo: bob@remote.test\r\n"
            + "Subject: Numbers\r\nMessage-ID: <n1@contoso.com>\r\n\r\nHello\r\n.hidden dot\r\n";

    @Test
    void messageGoesOutThroughTheSmartHostAndLeavesTheSpool() throws Exception {
        startEngine();
        long id = submit("alice@contoso.com", List.of("bob@remote.test", "carol@remote.test"),
                MESSAGE);
        awaitSpoolEmpty();
        assertThat(remote.received()).hasSize(1);
        ScriptedSmtpServer.Received r = remote.received().get(0);
        assertThat(r.sender()).isEqualTo("alice@contoso.com");
        assertThat(r.rcpts()).containsExactly("bob@remote.test", "carol@remote.test");
        assertThat(r.text()).isEqualTo(MESSAGE);
        assertThat(r.heloName()).isEqualTo("ex01.contoso.com");
        assertThat(new String(r.wire(), StandardCharsets.US_ASCII)).contains("\r\n..hidden dot");
        List<TrackingEvent> events = tracking.search(new TrackingQuery(null, null, null, id,
                null, null, null, null, 0));
        assertThat(events).extracting(TrackingEvent::eventId).containsExactly("RECEIVE", "SEND");
        assertThat(events.get(1).recipientStatus()).allMatch(s -> s.startsWith("250"));
        assertThat(events.get(1).connectorId()).isEqualTo("EX01\\Relay");
        assertThat(Files.list(dir.resolve("delivery")).count()).isZero();
    }

    @Test
    void organizationHeadersStayInTheMailboxAndDoNotLeaveOverSmtp() throws Exception {
        startEngine();
        String stamped = "Received: from printer (127.0.0.10) by ex01.contoso.com\r\n"
                + "From: alice@contoso.com\r\nSubject: Stamped\r\n"
                + "X-MS-Exchange-Organization-AuthAs: Internal\r\n"
                + "X-MS-Exchange-Organization-Network-Message-Id:\r\n"
                + " 6f1d2c3b-4a59-4e68-8776-a5b4c3d2e1f0\r\n"
                + "X-MS-Exchange-Forest-ArrivalHubServer: ex01\r\n\r\n"
                + "X-MS-Exchange-Organization-AuthAs: body text stays\r\n";
        long id = submit("alice@contoso.com", List.of("bob@remote.test", "kim@contoso.com"),
                stamped);
        awaitSpoolEmpty();
        assertThat(remote.received()).singleElement().extracting(ScriptedSmtpServer.Received::text)
                .isEqualTo("Received: from printer (127.0.0.10) by ex01.contoso.com\r\n"
                        + "From: alice@contoso.com\r\nSubject: Stamped\r\n\r\n"
                        + "X-MS-Exchange-Organization-AuthAs: body text stays\r\n");
        assertThat(Files.readString(maildir("kim").get(0)))
                .contains("X-MS-Exchange-Organization-AuthAs: Internal\n")
                .contains("X-MS-Exchange-Forest-ArrivalHubServer: ex01\n");
        assertThat(tracking.search(new TrackingQuery(null, null, null, id, null, null, null,
                null, 0))).extracting(TrackingEvent::networkMessageId)
                .containsOnly("6f1d2c3b-4a59-4e68-8776-a5b4c3d2e1f0");
    }

    @Test
    void overTheOrganizationsRecipientLimitEveryRecipientFailsWith553() throws Exception {
        config.set(config.get().withTransportConfig(org.postern.config.TransportConfig
                .defaults().withMaxRecipientEnvelopeLimit(org.postern.config.Unlimited.of(1))));
        startEngine();
        submit("alice@contoso.com", List.of("bob@remote.test", "kim@contoso.com"),
                "X-MS-Exchange-Organization-AuthAs: Anonymous\r\n" + MESSAGE);
        await().atMost(Duration.ofSeconds(20)).until(() -> maildir("alice").size() == 1);
        assertThat(Files.readString(maildir("alice").get(0)))
                .contains("Final-Recipient: rfc822; bob@remote.test")
                .contains("Final-Recipient: rfc822; kim@contoso.com").contains("Status: 5.5.3")
                .contains("RESOLVER.ADR.RecipLimit");
        awaitSpoolEmpty();
        assertThat(remote.received()).isEmpty();
        assertThat(maildir("kim")).isEmpty();
    }

    @Test
    void recipientDeferredWith4xxIsDeliveredOnRetry() throws Exception {
        remote.onRcpt((rcpt, n) -> n == 1 ? "451 4.7.1 Greylisted, come back later"
                : "250 2.1.5 Ok");
        startEngine();
        long id = submit("alice@contoso.com", List.of("bob@remote.test"), MESSAGE);
        awaitSpoolEmpty();
        assertThat(remote.received()).hasSize(1);
        assertThat(tracking.search(new TrackingQuery(null, null, null, id, null, null, null,
                null, 0))).extracting(TrackingEvent::eventId)
                .containsExactly("RECEIVE", "DEFER", "SEND");
        assertThat(maildir("alice")).isEmpty();
    }

    @Test
    void oneRejectedRecipientOfTwoGetsTheSenderAReportAndTheOtherIsDelivered() throws Exception {
        remote.onRcpt((rcpt, n) -> rcpt.startsWith("carol")
                ? "550 5.1.1 <carol@remote.test>: Recipient address rejected: User unknown"
                : "250 2.1.5 Ok");
        startEngine();
        submit("alice@contoso.com", List.of("bob@remote.test", "carol@remote.test"), MESSAGE);
        await().atMost(Duration.ofSeconds(20)).until(() -> maildir("alice").size() == 1);
        awaitSpoolEmpty();
        assertThat(remote.received()).hasSize(1);
        assertThat(remote.received().get(0).rcpts()).containsExactly("bob@remote.test");
        String ndr = Files.readString(maildir("alice").get(0));
        assertThat(ndr).startsWith("Return-Path: <>\nDelivered-To: alice@contoso.com\n")
                .contains("Subject: Undeliverable: Numbers")
                .contains("Final-Recipient: rfc822; carol@remote.test\nAction: failed\n"
                        + "Status: 5.1.1\n")
                .contains("User unknown")
                .doesNotContain("Final-Recipient: rfc822; bob@remote.test");
    }

    @Test
    void localRecipientLandsInItsMaildirAndUnknownLocalRecipientIsReported() throws Exception {
        startEngine();
        submit("alice@contoso.com", List.of("kim@contoso.com", "nobody@contoso.com"), MESSAGE);
        await().atMost(Duration.ofSeconds(20)).until(() -> maildir("kim").size() == 1
                && maildir("alice").size() == 1);
        assertThat(Files.readString(maildir("kim").get(0)))
                .startsWith("Return-Path: <alice@contoso.com>\nDelivered-To: kim@contoso.com\n")
                .contains("Subject: Numbers\n");
        assertThat(Files.readString(maildir("alice").get(0)))
                .contains("Final-Recipient: rfc822; nobody@contoso.com")
                .contains("Status: 5.1.1").contains("RESOLVER.ADR.RecipientNotFound");
        awaitSpoolEmpty();
        assertThat(remote.received()).isEmpty();
    }

    @Test
    void nullSenderAndNotifyNeverGetNoReport() throws Exception {
        remote.onRcpt((rcpt, n) -> "550 5.1.1 no such user");
        startEngine();
        submit("", List.of("bob@remote.test"), MESSAGE);
        submit("alice@contoso.com", List.of("carol@remote.test"), MESSAGE,
                Map.of("NOTIFY", "NEVER"));
        awaitSpoolEmpty();
        Thread.sleep(300);
        assertThat(spool.list()).isEmpty();
        assertThat(maildir("alice")).isEmpty();
    }

    @Test
    void unreachableNextHopPutsTheQueueInRetryThenDeliversWhenItAnswers() throws Exception {
        remote.greeting("421 4.3.2 Service not available, closing");
        startEngine();
        submit("alice@contoso.com", List.of("bob@remote.test"), MESSAGE);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.queues().stream().anyMatch(
                q -> q.status() == QueueAdmin.QueueStatus.Retry));
        QueueAdmin.QueueView q = engine.queues().stream()
                .filter(v -> v.nextHopDomain().equals("Relay")).findFirst().orElseThrow();
        assertThat(q.identity()).isEqualTo("EX01\\Relay");
        assertThat(q.deliveryType()).isEqualTo(QueueAdmin.DeliveryType.SmartHostConnectorDelivery);
        assertThat(q.messageCount()).isEqualTo(1);
        assertThat(q.lastError()).contains("421 4.3.2");
        assertThat(q.nextRetryTime()).isNotNull();
        List<QueueAdmin.MessageView> ms = engine.messages("EX01\\Relay");
        assertThat(ms).hasSize(1);
        assertThat(ms.get(0).subject()).isEqualTo("Numbers");
        assertThat(ms.get(0).identity()).matches("EX01\\\\Relay\\\\\\d+");
        remote.greeting(null);
        awaitSpoolEmpty();
        assertThat(remote.received()).hasSize(1);
    }

    @Test
    void restartDeliversOnlyWhatTheStoredStateLeftOpen() throws Exception {
        long id = submit("alice@contoso.com", List.of("bob@remote.test", "carol@remote.test"),
                MESSAGE);
        DeliveryState s = DeliveryState.fresh(id, List.of("bob@remote.test",
                "carol@remote.test"));
        s = s.withRecipient(0, s.recipients().get(0).with(DeliveryState.Status.DELIVERED,
                "250 2.0.0 Ok"));
        new FileDeliveryStateStore(dir).save(s);
        startEngine();
        awaitSpoolEmpty();
        assertThat(remote.received()).hasSize(1);
        assertThat(remote.received().get(0).rcpts()).containsExactly("carol@remote.test");
    }

    @Test
    void messageThatKeepsFailingTemporarilyExpiresWithAReport() throws Exception {
        remote.onRcpt((rcpt, n) -> "452 4.2.2 Mailbox full");
        config.set(config.get().withTransportService(config.get().transportService()
                .withMessageExpirationTimeout(Duration.ofSeconds(2))));
        startEngine();
        submit("alice@contoso.com", List.of("bob@remote.test"), MESSAGE);
        await().atMost(Duration.ofSeconds(20)).until(() -> maildir("alice").size() == 1);
        String ndr = Files.readString(maildir("alice").get(0));
        assertThat(ndr).contains("Action: failed\nStatus: 4.4.7\n").contains("Mailbox full");
        awaitSpoolEmpty();
    }

    @Test
    void senderGetsOneDelayNoticeWhileTheMessageWaits() throws Exception {
        remote.onRcpt((rcpt, n) -> n < 8 ? "451 4.3.0 Try again later" : "250 2.1.5 Ok");
        config.set(config.get().withTransportService(config.get().transportService()
                .withDelayNotificationTimeout(Duration.ofSeconds(1))
                .withMessageRetryInterval(Duration.ofMillis(400))));
        startEngine();
        submit("alice@contoso.com", List.of("bob@remote.test"), MESSAGE);
        awaitSpoolEmpty();
        assertThat(remote.received()).hasSize(1);
        List<Path> notices = maildir("alice");
        assertThat(notices).hasSize(1);
        assertThat(Files.readString(notices.get(0))).contains("Subject: Delivery delayed: Numbers")
                .contains("Action: delayed");
    }

    @Test
    void suspendedMessageWaitsUntilResumedAndRemoveWithReportFailsIt() throws Exception {
        remote.greeting("421 4.3.2 not now");
        startEngine();
        long id = submit("alice@contoso.com", List.of("bob@remote.test"), MESSAGE);
        long other = submit("alice@contoso.com", List.of("carol@remote.test"), MESSAGE);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.messages().size() == 2);
        engine.suspendMessage("EX01\\Relay\\" + id);
        assertThat(engine.messages("EX01\\Relay")).filteredOn(m -> m.internalId() == id)
                .extracting(QueueAdmin.MessageView::status)
                .containsExactly(QueueAdmin.MessageStatus.Suspended);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> {
                    engine.removeMessage(Long.toString(other), true);
                    return true;
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> maildir("alice").size() == 1);
        assertThat(Files.readString(maildir("alice").get(0))).contains("QUEUE.Admin");
        remote.greeting(null);
        engine.retryQueue("Relay", false);
        Thread.sleep(1500);
        assertThat(remote.received()).isEmpty();
        engine.resumeMessage(Long.toString(id));
        awaitSpoolEmpty();
        assertThat(remote.received()).hasSize(1);
        assertThat(remote.received().get(0).rcpts()).containsExactly("bob@remote.test");
    }

    @Test
    void connectionsAreReusedUpToSmtpMaxMessagesPerConnection() throws Exception {
        Configuration c = config.get();
        SendConnector relay = c.sendConnector("Relay").orElseThrow();
        config.set(c.withSendConnector(relay.toBuilder().smtpMaxMessagesPerConnection(3)
                .build(NOW)).withTransportService(c.transportService()
                .withMaxPerDomainOutboundConnections(org.postern.config.Unlimited.of(1))));
        for (int i = 0; i < 7; i++) {
            submit("alice@contoso.com", List.of("bob@remote.test"), MESSAGE);
        }
        startEngine();
        awaitSpoolEmpty();
        assertThat(remote.received()).hasSize(7);
        Map<Integer, Long> perConnection = new java.util.TreeMap<>();
        for (ScriptedSmtpServer.Received r : remote.received()) {
            perConnection.merge(r.connection(), 1L, Long::sum);
        }
        assertThat(perConnection.values()).containsExactly(3L, 3L, 1L);
    }

    @Test
    void recipientWithoutRouteWaitsInUnreachableUntilAConnectorCoversIt() throws Exception {
        Configuration c = config.get();
        SendConnector relay = c.sendConnector("Relay").orElseThrow();
        config.set(c.withSendConnector(relay.toBuilder().addressSpaces(List.of(
                AddressSpace.parse("elsewhere.test"))).build(NOW)));
        startEngine();
        long id = submit("alice@contoso.com", List.of("bob@remote.test"), MESSAGE);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.queues().stream().anyMatch(
                q -> q.identity().equals("EX01\\Unreachable") && q.messageCount() == 1));
        QueueAdmin.QueueView u = engine.queues().stream()
                .filter(q -> q.identity().equals("EX01\\Unreachable")).findFirst().orElseThrow();
        assertThat(u.deliveryType()).isEqualTo(QueueAdmin.DeliveryType.Unreachable);
        assertThat(u.lastError()).contains("No send connector").contains("remote.test");
        assertThat(engine.messages("EX01\\Unreachable")).extracting(
                QueueAdmin.MessageView::identity).containsExactly("EX01\\Unreachable\\" + id);
        config.set(config.get().withSendConnector(relay));
        engine.configurationChanged();
        awaitSpoolEmpty();
        assertThat(remote.received()).hasSize(1);
    }

    @Test
    void brokenTlsFallsBackToClearTextUnlessTheConnectorRequiresTls() throws Exception {
        remote.brokenTls();
        startEngine();
        submit("alice@contoso.com", List.of("bob@remote.test"), MESSAGE);
        awaitSpoolEmpty();
        assertThat(remote.received()).singleElement()
                .satisfies(r -> assertThat(r.tls()).isFalse());
        assertThat(remote.connections()).isEqualTo(2);

        Configuration c = config.get();
        config.set(c.withSendConnector(c.sendConnector("Relay").orElseThrow().toBuilder()
                .requireTls(true).build(NOW)));
        engine.configurationChanged();
        submit("alice@contoso.com", List.of("carol@remote.test"), MESSAGE);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.queues().stream().anyMatch(
                q -> q.status() == QueueAdmin.QueueStatus.Retry
                        && q.lastError().contains("TLS handshake")));
        assertThat(remote.received()).hasSize(1);
    }
}
