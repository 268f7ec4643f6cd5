package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.AcceptedDomain;
import org.postern.config.AddressSpace;
import org.postern.config.ConfigFile;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.config.Mailbox;
import org.postern.config.SendConnector;
import org.postern.config.SendConnectorUsage;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.config.SmartHost;
import org.postern.config.TransportService;
import org.postern.delivery.ScriptedSmtpServer;
import org.postern.log.MessageTrackingLog;
import org.postern.log.TrackingEvent;
import org.postern.log.TrackingQuery;

/**
 * Delivery end to end: a real Postern server in a child process accepts mail over SMTP and
 * delivers it to a private Postfix instance (smart host), to scripted SMTP servers found through
 * a real DNS server (dnsmasq) and to its own Maildirs, all on loopback.
 */
class DeliveryEndToEndTest {

    @TempDir
    static Path scratch;

    static Path data;
    static PosternProcess server;
    static PostfixInstance postfix;
    static DnsmasqProcess dns;
    static ScriptedSmtpServer retrying;
    static ScriptedSmtpServer splitting;
    static ScriptedSmtpServer mx;
    static ScriptedSmtpServer aRecord;
    static int smtpPort;

    @BeforeAll
    static void start() throws Exception {
        data = scratch.resolve("postern");
        int offset = PosternProcess.freePortOffset();
        postfix = PostfixInstance.start(scratch.resolve("postfix"), freePort(),
                List.of("relay.test"));
        retrying = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING", "8BITMIME")
                .onRcpt((rcpt, n) -> n == 1 ? "451 4.7.1 Greylisted, please try again later"
                        : "250 2.1.5 Ok");
        splitting = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING")
                .onRcpt((rcpt, n) -> rcpt.startsWith("carol")
                        ? "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown"
                        : "250 2.1.5 Ok");
        mx = ScriptedSmtpServer.start("127.0.0.21", 0, "PIPELINING");
        aRecord = ScriptedSmtpServer.start("127.0.0.22", mx.port(), "PIPELINING");
        dns = DnsmasqProcess.start(List.of(
                "--mx-host=mx.test,mx1.mx.test,10",
                "--mx-host=mx.test,mx2.mx.test,20",
                "--host-record=mx1.mx.test,127.0.0.21",
                "--host-record=mx2.mx.test,127.0.0.23",
                "--host-record=plain.test,127.0.0.22",
                "--mx-host=nullmx.test,.,0",
                "--mx-host=loop.test,self.loop.test,10",
                "--host-record=self.loop.test,127.0.0.1"));

        Instant now = Instant.now();
        Configuration c = Setup.initial(new ServerIdentity(PosternProcess.SERVER,
                PosternProcess.FQDN, "CONTOSO"), "contoso.com", offset, now);
        List<AcceptedDomain> domains = new ArrayList<>(c.acceptedDomains());
        for (String d : List.of("relay.test", "retry.test", "split.test", "mx.test",
                "plain.test", "nullmx.test", "loop.test", "nx.test")) {
            domains.add(new AcceptedDomain(d, d, DomainType.ExternalRelay, false));
        }
        smtpPort = 25 + offset;
        c = c.withAcceptedDomains(domains)
                .withMailbox(Mailbox.create("Alice", "Alice", "alice@contoso.com", List.of(), now))
                .withMailbox(Mailbox.create("Kim Akers", "Kim", "kim@contoso.com", List.of(), now))
                .withSendConnector(smartHost("Retry hop", "retry.test", retrying.port(), now))
                .withSendConnector(smartHost("Split hop", "split.test", splitting.port(), now))
                .withSendConnector(SendConnector.create("Internet", SendConnectorUsage.Internet,
                        List.of(AddressSpace.parse("mx.test"), AddressSpace.parse("plain.test"),
                                AddressSpace.parse("nullmx.test"),
                                AddressSpace.parse("nx.test")), PosternProcess.SERVER, now)
                        .toBuilder().port(mx.port()).build(now))
                .withSendConnector(SendConnector.create("Loop", SendConnectorUsage.Custom,
                        List.of(AddressSpace.parse("loop.test")), PosternProcess.SERVER, now)
                        .toBuilder().port(smtpPort).build(now))
                .withTransportService(TransportService.defaults(PosternProcess.SERVER)
                        .withMessageRetryInterval(Duration.ofSeconds(1))
                        .withTransientFailureRetryInterval(Duration.ofSeconds(1)));
        Files.createDirectories(data);
        new ConfigFile(data).write(c);
        server = PosternProcess.start(data, offset, List.of(), List.of("--dns-server",
                dns.address()));
        // The smart-host connector to Postfix is made the way an administrator makes it.
        server.execOk("New-SendConnector -Name 'To Postfix' -Custom -AddressSpaces relay.test"
                + " -SmartHosts 127.0.0.1 -DNSRoutingEnabled $false -Port " + postfix.port());
    }

    private static SendConnector smartHost(String name, String space, int port, Instant now) {
        return SendConnector.create(name, SendConnectorUsage.Custom,
                List.of(AddressSpace.parse(space)), PosternProcess.SERVER, now).toBuilder()
                .dnsRoutingEnabled(false).smartHosts(List.of(SmartHost.parse("127.0.0.1")))
                .port(port).build(now);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {server, postfix, dns, retrying, splitting,
                mx, aRecord}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static String send(String from, List<String> rcpts, String content)
            throws Exception {
        try (SmtpClient c = SmtpClient.session("127.0.0.10", smtpPort)) {
            return c.transaction(from, rcpts, content);
        }
    }

    private static long internalId(String reply) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("InternalId=(\\d+)")
                .matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String message(String subject, String to) {
        return "From: Alice <alice@contoso.com>\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nX-Test-Header: kept as sent\r\nMessage-ID: <" + subject.replace(' ', '-')
                + "@contoso.com>\r\n\r\nFirst line\r\n.leading dot\r\nLast line\r\n";
    }

    private static List<Path> maildir(String folder) throws Exception {
        Path d = data.resolve("mailboxes").resolve(folder).resolve("new");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private static List<String> reportsAbout(String needle) throws Exception {
        List<String> out = new ArrayList<>();
        for (Path p : maildir("alice")) {
            String text = Files.readString(p);
            if (text.contains(needle)) {
                out.add(text);
            }
        }
        return out;
    }

    private static List<TrackingEvent> tracking(long id) throws Exception {
        try (MessageTrackingLog log = new MessageTrackingLog(data, "test")) {
            return log.search(new TrackingQuery(null, null, null, id, null, null, null, null,
                    0));
        }
    }

    @Test
    void messageReachesPostfixThroughTheSmartHostWithHeadersIntact() throws Exception {
        long id = internalId(send("alice@contoso.com", List.of("bob@relay.test"),
                message("Smart host check", "bob@relay.test")));
        await().atMost(Duration.ofSeconds(30)).until(() -> postfix.delivered().stream()
                .anyMatch(p -> read(p).contains("Subject: Smart host check")));
        String delivered = postfix.delivered().stream().map(DeliveryEndToEndTest::read)
                .filter(t -> t.contains("Subject: Smart host check")).findFirst().orElseThrow();
        assertThat(delivered).contains("Delivered-To: bob@relay.test")
                .contains("Return-Path: <alice@contoso.com>")
                .contains("From: Alice <alice@contoso.com>")
                .contains("X-Test-Header: kept as sent")
                .contains("Message-ID: <Smart-host-check@contoso.com>")
                .contains("by ex01.contoso.com")  // Postern's Received header
                .contains("\n.leading dot\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> tracking(id).stream()
                .anyMatch(e -> e.eventId().equals("SEND")));
        List<TrackingEvent> events = tracking(id);
        assertThat(events).extracting(TrackingEvent::eventId).containsExactly("RECEIVE", "SEND");
        assertThat(events.get(0).source()).isEqualTo("SMTP");
        assertThat(events.get(0).clientIp()).isEqualTo("127.0.0.10");
        assertThat(events.get(1).connectorId()).isEqualTo("EX01\\To Postfix");
        assertThat(events.get(1).recipientAddress()).containsExactly("bob@relay.test");
        assertThat(events.get(1).recipientStatus().get(0)).startsWith("250 2.0.0 Ok");
        assertThat(events.get(1).serverIp()).isEqualTo("127.0.0.1");
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void mxRecordsFromARealDnsServerLeadToTheMailExchanger() throws Exception {
        send("alice@contoso.com", List.of("dave@mx.test"), message("Via MX", "dave@mx.test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !mx.received().isEmpty());
        assertThat(mx.received().get(0).rcpts()).containsExactly("dave@mx.test");
        assertThat(mx.received().get(0).text()).contains("Subject: Via MX");
    }

    @Test
    void domainWithoutMxIsDeliveredToItsOwnAddress() throws Exception {
        send("alice@contoso.com", List.of("erin@plain.test"), message("Via A", "erin@plain.test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !aRecord.received().isEmpty());
        assertThat(aRecord.received().get(0).rcpts()).containsExactly("erin@plain.test");
    }

    @Test
    void nullMxNonexistentDomainAndMailLoopFailWithReportsThatSayWhy() throws Exception {
        send("alice@contoso.com", List.of("x@nullmx.test"), message("Null MX", "x@nullmx.test"));
        send("alice@contoso.com", List.of("y@nx.test"), message("No such domain", "y@nx.test"));
        send("alice@contoso.com", List.of("z@loop.test"), message("Looping", "z@loop.test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reportsAbout("Null MX").size() == 1
                && reportsAbout("No such domain").size() == 1
                && reportsAbout("Looping").size() == 1);
        assertThat(reportsAbout("Null MX").get(0)).contains("Status: 5.1.10")
                .contains("null MX");
        assertThat(reportsAbout("No such domain").get(0)).contains("Status: 5.1.2")
                .contains("does not exist");
        assertThat(reportsAbout("Looping").get(0)).contains("Status: 5.4.6")
                .contains("loops back to me");
    }

    @Test
    void downstreamThatDefersFirstGetsTheMessageOnRetry() throws Exception {
        long id = internalId(send("alice@contoso.com", List.of("frank@retry.test"),
                message("Greylisted", "frank@retry.test")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !retrying.received().isEmpty());
        assertThat(retrying.received()).hasSize(1);
        assertThat(retrying.commands()).filteredOn(c -> c.startsWith("RCPT")).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> tracking(id).size() >= 3);
        assertThat(tracking(id)).extracting(TrackingEvent::eventId)
                .containsExactly("RECEIVE", "DEFER", "SEND");
    }

    @Test
    void oneRecipientRejectedOfTwoTheOtherIsDeliveredAndTheSenderIsTold() throws Exception {
        send("alice@contoso.com", List.of("bob@split.test", "carol@split.test"),
                message("Half rejected", "bob@split.test, carol@split.test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !splitting.received().isEmpty()
                && reportsAbout("Half rejected").size() == 1);
        assertThat(splitting.received().get(0).rcpts()).containsExactly("bob@split.test");
        String ndr = reportsAbout("Half rejected").get(0);
        assertThat(ndr).contains("Subject: Undeliverable: Half rejected")
                .contains("Final-Recipient: rfc822; carol@split.test")
                .contains("Recipient address rejected: User unknown")
                .doesNotContain("Final-Recipient: rfc822; bob@split.test");
    }

    @Test
    void mailForALocalMailboxLandsAsOneFileInItsMaildir() throws Exception {
        send("alice@contoso.com", List.of("kim@contoso.com"), message("For Kim", "Kim"));
        await().atMost(Duration.ofSeconds(30)).until(() -> maildir("kimakers").size() == 1);
        assertThat(Files.readString(maildir("kimakers").get(0)))
                .startsWith("Return-Path: <alice@contoso.com>\nDelivered-To: kim@contoso.com\n")
                .contains("Subject: For Kim\n");
        // A real Maildir reader (Python's mailbox module) sees the message and its headers.
        Process p = new ProcessBuilder("python3", "-c", "import mailbox, sys\n"
                + "box = mailbox.Maildir(sys.argv[1], create=False)\n"
                + "for key, m in box.items():\n"
                + "    print(m['Subject'], '|', m['Delivered-To'], '|',"
                + " m.get_payload().split()[0])\n",
                data.resolve("mailboxes/kimakers").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.trim()).isEqualTo("For Kim | kim@contoso.com | First");
    }
}
