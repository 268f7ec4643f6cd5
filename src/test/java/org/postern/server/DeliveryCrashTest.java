package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.AddressSpace;
import org.postern.config.ConfigFile;
import org.postern.config.Configuration;
import org.postern.config.SendConnector;
import org.postern.config.SendConnectorUsage;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.config.SmartHost;
import org.postern.queue.Envelope;
import org.postern.queue.IncomingMessage;
import org.postern.queue.Origin;
import org.postern.queue.SpoolStore;

/**
 * Nothing accepted is lost: 1,000 messages sent by several clients at once, Postern killed with
 * SIGKILL while it delivers them to a private Postfix, restarted, and every acknowledged message
 * arrives; duplicates (only messages in flight at the kill may arrive twice) are counted and
 * reported. Also measures how fast delivery drains a full spool into Postfix.
 */
class DeliveryCrashTest {

    static final int MESSAGES = 1000;
    static final int CLIENTS = 4;
    static final Pattern SEQ = Pattern.compile("X-Crash-Seq: (\\d+)");

    @TempDir
    static Path scratch;

    static PostfixInstance postfix;

    @BeforeAll
    static void startPostfix() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        postfix = PostfixInstance.start(scratch.resolve("postfix"), port,
                List.of("crash.test", "speed.test"));
    }

    @AfterAll
    static void stopPostfix() throws Exception {
        if (postfix != null) {
            postfix.close();
        }
    }

    private static int writeConfig(Path data, String domain) throws Exception {
        int offset = PosternProcess.freePortOffset();
        Instant now = Instant.now();
        Configuration c = Setup.initial(new ServerIdentity(PosternProcess.SERVER,
                PosternProcess.FQDN, "CONTOSO"), "contoso.com", offset, now);
        List<org.postern.config.AcceptedDomain> domains = new ArrayList<>(c.acceptedDomains());
        domains.add(new org.postern.config.AcceptedDomain(domain, domain,
                org.postern.config.DomainType.ExternalRelay, false));
        c = c.withAcceptedDomains(domains).withSendConnector(SendConnector.create("To Postfix",
                SendConnectorUsage.Custom, List.of(AddressSpace.parse(domain)),
                PosternProcess.SERVER, now).toBuilder().dnsRoutingEnabled(false)
                .smartHosts(List.of(SmartHost.parse("127.0.0.1"))).port(postfix.port())
                .build(now));
        Files.createDirectories(data);
        new ConfigFile(data).write(c);
        return offset;
    }

    /** Sequence number to how many copies Postfix holds, for one domain's messages. */
    private static Map<Integer, Integer> delivered(String domain) throws Exception {
        Map<Integer, Integer> out = new HashMap<>();
        for (Path p : postfix.delivered()) {
            String text = DeliveryEndToEndTest.read(p);
            if (!text.contains("@" + domain)) {
                continue;
            }
            Matcher m = SEQ.matcher(text);
            if (m.find()) {
                out.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            }
        }
        return out;
    }

    private static String content(int seq, String domain) {
        return "From: alice@contoso.com\r\nTo: r" + (seq % 10) + "@" + domain + "\r\n"
                + "Subject: load " + seq + "\r\nMessage-ID: <seq-" + seq + "@contoso.com>\r\n"
                + "X-Crash-Seq: " + seq + "\r\n\r\n"
                + "Message number " + seq + ".\r\n" + ("x".repeat(78) + "\r\n").repeat(25);
    }

    @Test
    void killedDuringDeliveryAndRestartedDeliversEveryAcceptedMessage() throws Exception {
        Path data = scratch.resolve("crash");
        int offset = writeConfig(data, "crash.test");
        int port = 25 + offset;
        PosternProcess[] server = {PosternProcess.start(data, offset)};

        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        Set<Integer> unacknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(MESSAGES);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (int t = 0; t < CLIENTS; t++) {
            String source = "127.0.0." + (10 + t);
            running.add(clients.submit(() -> {
                while (remaining.get() > 0 && System.nanoTime() < deadline) {
                    try (SmtpClient c = SmtpClient.session(source, port)) {
                        while (remaining.getAndDecrement() > 0) {
                            int seq = next.incrementAndGet();
                            try {
                                c.transaction("alice@contoso.com",
                                        List.of("r" + (seq % 10) + "@crash.test"),
                                        content(seq, "crash.test"));
                                acknowledged.add(seq);
                            } catch (Exception | AssertionError e) {
                                unacknowledged.add(seq);
                                remaining.incrementAndGet();
                                throw e;
                            }
                        }
                        remaining.incrementAndGet();  // undo the decrement that ended the loop
                    } catch (Exception | AssertionError e) {
                        sleep(200);  // the server is down or restarting; come back
                    }
                }
                return null;
            }));
        }

        // Kill in the middle of delivery: some messages already at Postfix, more coming.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> postfix.delivered().size() >= 150);
        int deliveredAtKill = postfix.delivered().size();
        int acknowledgedAtKill = acknowledged.size();
        server[0].kill();
        Thread.sleep(500);
        server[0] = PosternProcess.start(data, offset);
        try {
            for (Future<?> f : running) {
                f.get();
            }
            clients.shutdown();
            assertThat(acknowledged).hasSize(MESSAGES);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> delivered("crash.test").keySet().containsAll(acknowledged));
            Map<Integer, Integer> copies = delivered("crash.test");
            int duplicates = 0;
            for (int seq : acknowledged) {
                duplicates += copies.get(seq) - 1;
            }
            int unacknowledgedDelivered = 0;
            for (int seq : unacknowledged) {
                if (copies.containsKey(seq)) {
                    unacknowledgedDelivered++;
                }
            }
            System.out.printf("crash test: acknowledged=%d (%d before the kill), at Postfix at"
                    + " the kill=%d, lost=0, duplicates=%d, unacknowledged attempts=%d of which"
                    + " delivered=%d%n", acknowledged.size(), acknowledgedAtKill,
                    deliveredAtKill, duplicates, unacknowledged.size(), unacknowledgedDelivered);
            // Only messages in flight at the kill may come twice: at most one per delivery
            // connection (MaxPerDomainOutboundConnections, 20 by default), plus the ones
            // delivered but not yet removed from the spool.
            assertThat(duplicates).as("duplicates").isLessThanOrEqualTo(40);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (java.util.stream.Stream<Path> s = Files.list(data.resolve("queue"))) {
                    return s.noneMatch(p -> p.getFileName().toString().endsWith(".env"));
                }
            });
        } finally {
            server[0].close();
        }
    }

    @Test
    void fullSpoolDrainsIntoPostfixAndTheRateIsReported() throws Exception {
        Path data = scratch.resolve("speed");
        int offset = writeConfig(data, "speed.test");
        int count = 2000;
        try (SpoolStore spool = SpoolStore.open(data)) {
            List<java.util.concurrent.CompletableFuture<?>> commits = new ArrayList<>();
            for (int seq = 1; seq <= count; seq++) {
                IncomingMessage m = spool.begin(new Envelope("alice@contoso.com", List.of(
                        new Envelope.Recipient("r" + (seq % 10) + "@speed.test", Map.of())),
                        Map.of(), new Origin("EX01\\Default Frontend EX01", "0", null, null,
                                "client.test", "ANONYMOUS LOGON", Instant.now())));
                m.write(ByteBuffer.wrap(content(seq, "speed.test").getBytes(
                        StandardCharsets.US_ASCII)));
                commits.add(m.commit("<seq-" + seq + "@contoso.com>").toCompletableFuture());
            }
            commits.forEach(java.util.concurrent.CompletableFuture::join);
        }
        PosternProcess server = PosternProcess.start(data, offset);
        try {
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> postfix.delivered().stream().filter(p -> DeliveryEndToEndTest
                            .read(p).contains("@speed.test")).count() >= count);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("delivery rate: %d messages (2.2 KB) from the spool to a local"
                    + " Postfix in %.1f s = %.0f messages/s%n", count, seconds, count / seconds);
            assertThat(delivered("speed.test")).hasSize(count);
        } finally {
            server.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
