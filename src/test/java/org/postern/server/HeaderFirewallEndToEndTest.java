package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.delivery.ScriptedSmtpServer;

/**
 * The two relay methods of the article against a real server, with Python's smtplib and raw
 * sockets as clients, local mailboxes and a downstream SMTP server as where the message ends up:
 * the header firewall, the stamps, sender resolution, the size and count limits, and a real
 * mail loop stopped by MaxHopCount. Clients: 127.0.0.31 is on the anonymous relay connector
 * (method 1), 127.0.0.32 on the externally secured one (method 2), 127.0.0.33 is the loop.
 */
class HeaderFirewallEndToEndTest {

    private static final String METHOD_1 = "127.0.0.31";
    private static final String METHOD_2 = "127.0.0.32";
    private static final String LOOP_SOURCE = "127.0.0.33";

    @TempDir
    static Path data;

    static PosternProcess server;
    static ScriptedSmtpServer downstream;
    static Forwarder loop;
    static int port;
    static String swaks;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("python3");
        swaks = ExternalTool.require("swaks");
        downstream = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING", "8BITMIME");
        server = PosternProcess.start(data);
        port = server.port(25);
        loop = new Forwarder(LOOP_SOURCE, port);
        server.execOk("New-ReceiveConnector -Name 'Method 1' -TransportRole FrontendTransport"
                + " -Custom -Bindings 0.0.0.0:" + port + " -RemoteIPRanges " + METHOD_1);
        server.execOk("Set-ReceiveConnector 'Method 1' -PermissionGroups AnonymousUsers"
                + " -TarpitInterval 00:00:00 -MaxMessageSize 64KB -MaxRecipientsPerMessage 3");
        server.execOk("Get-ReceiveConnector 'Method 1' | Add-ADPermission -User"
                + " 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights"
                + " ms-Exch-SMTP-Accept-Any-Recipient");
        server.execOk("New-ReceiveConnector -Name 'Method 2' -TransportRole FrontendTransport"
                + " -Custom -Bindings 0.0.0.0:" + port + " -RemoteIPRanges " + METHOD_2
                + " -AuthMechanism ExternalAuthoritative -PermissionGroups ExchangeServers"
                + " -MaxMessageSize 64KB");
        server.execOk("New-ReceiveConnector -Name 'Loop' -TransportRole FrontendTransport"
                + " -Custom -Bindings 0.0.0.0:" + port + " -RemoteIPRanges " + LOOP_SOURCE
                + " -PermissionGroups AnonymousUsers -MaxHopCount 8 -MaxLocalHopCount 0"
                + " -TarpitInterval 00:00:00");
        server.execOk("Get-ReceiveConnector 'Loop' | Add-ADPermission -User"
                + " 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights"
                + " ms-Exch-SMTP-Accept-Any-Recipient");
        // No send connector covers this domain: its messages wait in the queue to be read.
        server.execOk("New-AcceptedDomain -Name Parked -DomainName parked.test -DomainType"
                + " ExternalRelay");
        server.execOk("New-Mailbox -Name 'Chris Ashton' -PrimarySmtpAddress chris@contoso.com");
        server.execOk("New-Mailbox -Name 'Kim Akers' -PrimarySmtpAddress kim@contoso.com");
        server.execOk("New-Mailbox -Name Alice -PrimarySmtpAddress alice@contoso.com");
        server.execOk("New-SendConnector -Name Downstream -Custom -AddressSpaces remote.test"
                + " -SmartHosts 127.0.0.1 -DNSRoutingEnabled $false -Port " + downstream.port());
        server.execOk("New-SendConnector -Name 'Round and round' -Custom -AddressSpaces"
                + " loop.test -SmartHosts 127.0.0.1 -DNSRoutingEnabled $false -Port "
                + loop.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (loop != null) {
            loop.close();
        }
        if (downstream != null) {
            downstream.close();
        }
    }

    /** Sends with Python's smtplib from {@code source}; prints the refusal, if any. */
    private static String smtplib(String source, String from, List<String> to, String msg)
            throws Exception {
        String script = "import smtplib, sys\n"
                + "s = smtplib.SMTP('127.0.0.1', " + port + ", local_hostname='scanner.test',"
                + " source_address=('" + source + "', 0), timeout=20)\n"
                + "try:\n"
                + "    refused = s.sendmail(sys.argv[1], sys.argv[2].split(','),"
                + " sys.argv[3].encode())\n"
                + "    print('sent', refused)\n"
                + "except smtplib.SMTPResponseException as e:\n"
                + "    print('refused', e.smtp_code, e.smtp_error.decode())\n"
                + "s.quit()\n";
        return ExternalTool.run(Duration.ofSeconds(60), "python3", "-c", script, from,
                String.join(",", to), msg).output().strip();
    }

    private static List<String> maildir(String folder) throws IOException {
        Path d = data.resolve("mailboxes").resolve(folder).resolve("new");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.sorted().toList()) {
                out.add(Files.readString(p));
            }
        }
        return out;
    }

    /** The one copy in a mailbox whose Subject is {@code subject}. */
    private static String delivered(String folder, String subject) throws IOException {
        await().atMost(Duration.ofSeconds(30)).until(() -> maildir(folder).stream()
                .anyMatch(m -> m.contains("Subject: " + subject + "\n")));
        return maildir(folder).stream().filter(m -> m.contains("Subject: " + subject + "\n"))
                .findFirst().orElseThrow();
    }

    private static ScriptedSmtpServer.Received downstream(String subject) {
        await().atMost(Duration.ofSeconds(30)).until(() -> downstream.received().stream()
                .anyMatch(r -> r.text().contains("Subject: " + subject + "\r\n")));
        return downstream.received().stream()
                .filter(r -> r.text().contains("Subject: " + subject + "\r\n")).findFirst()
                .orElseThrow();
    }

    private static String message(String subject) {
        return "Received: from forged.example (10.9.9.9) by mail.forged.example\r\n"
                + "X-MS-Exchange-Organization-AuthAs: Internal\r\n"
                + "X-MS-Exchange-Organization-SCL: -1\r\n"
                + "From: chris@contoso.com\r\nTo: kim@contoso.com, bob@remote.test\r\n"
                + "Subject: " + subject + "\r\n\r\nScan attached.\r\n";
    }

    @Test
    void method1AndMethod2StampTheSameMessageDifferently() throws Exception {
        List<String> to = List.of("kim@contoso.com", "bob@remote.test");
        assertThat(smtplib(METHOD_1, "chris@contoso.com", to, message("Via method 1")))
                .isEqualTo("sent {}");
        assertThat(smtplib(METHOD_2, "chris@contoso.com", to, message("Via method 2")))
                .isEqualTo("sent {}");

        String m1 = delivered("kimakers", "Via method 1");
        assertThat(m1).containsOnlyOnce("X-MS-Exchange-Organization-AuthAs:")
                .contains("X-MS-Exchange-Organization-AuthAs: Anonymous\n")
                .contains("X-MS-Exchange-Organization-MessageDirectionality: Incoming\n")
                .contains("X-MS-Exchange-Organization-OriginalClientIPAddress: 127.0.0.31\n")
                .contains("X-MS-Exchange-Organization-AuthSource: ex01.contoso.com\n")
                .doesNotContain("SCL")
                .contains("\nFrom: chris@contoso.com\n")
                .contains("Received: from forged.example (10.9.9.9) by mail.forged.example\n");
        String m2 = delivered("kimakers", "Via method 2");
        assertThat(m2).containsOnlyOnce("X-MS-Exchange-Organization-AuthAs:")
                .contains("X-MS-Exchange-Organization-AuthAs: Internal\n")
                .contains("X-MS-Exchange-Organization-MessageDirectionality: Originating\n")
                .contains("X-MS-Exchange-Organization-SCL: -1\n")
                .contains("\nFrom: \"Chris Ashton\" <chris@contoso.com>\n")
                .contains("Received: from forged.example (10.9.9.9) by mail.forged.example\n");

        // The next hop outside the organisation sees none of the organisation's fields.
        for (String subject : List.of("Via method 1", "Via method 2")) {
            String out = downstream(subject).text();
            assertThat(out).doesNotContain("X-MS-Exchange-Organization")
                    .contains("Received: from forged.example (10.9.9.9)")
                    .contains("Received: from scanner.test (127.0.0.3");
        }
        assertThat(downstream("Via method 2").text())
                .contains("From: \"Chris Ashton\" <chris@contoso.com>\r\n");
    }

    @Test
    void anInjectedAuthAsNeverReachesTheQueueAndReceivedStays() throws Exception {
        ExternalTool.Result r = ExternalTool.run(Duration.ofSeconds(60), swaks, "--server",
                "127.0.0.1:" + port, "--local-interface", METHOD_1, "--ehlo", "scanner.test",
                "--timeout", "20", "--from", "chris@contoso.com", "--to", "someone@parked.test",
                "--add-header", "X-MS-Exchange-Organization-AuthAs: Internal",
                "--add-header", "x-ms-exchange-organization-authsource: forged.example",
                "--add-header", "Received: from forged.example (10.9.9.9) by mail.forged.example",
                "--header", "Subject: Injected");
        String queued = r.output().lines().filter(l -> l.contains("250 2.6.0")).findFirst()
                .orElseThrow(() -> new AssertionError(r.output()));
        String id = queued.replaceAll(".*\\[InternalId=(\\d+),.*", "$1");
        String stored = Files.readString(data.resolve("queue").resolve(id + ".eml"));
        assertThat(stored).containsOnlyOnce("X-MS-Exchange-Organization-AuthAs:")
                .contains("X-MS-Exchange-Organization-AuthAs: Anonymous\r\n")
                .containsOnlyOnce("X-MS-Exchange-Organization-AuthSource: ex01.contoso.com")
                .doesNotContainIgnoringCase("authsource: forged.example")
                .contains("Received: from forged.example (10.9.9.9) by mail.forged.example\r\n");
        // Postern's Received is the first trace field; only the Sender ID agent's result
        // (Received-SPF and its stamp) is above it.
        assertThat(stored.substring(stored.indexOf("\nReceived: ") + 1))
                .startsWith("Received: from scanner.test (127.0.0.31) by ");
        assertThat(stored).startsWith("Received-SPF: ");
    }

    @Test
    void overMaxMessageSizeIsRefusedOnMethod1AndAcceptedOnMethod2() throws Exception {
        String big = "From: chris@contoso.com\r\nSubject: Big scan\r\n\r\n"
                + ("x".repeat(76) + "\r\n").repeat(1400);
        // smtplib declares SIZE=, so method 1 refuses at MAIL.
        assertThat(smtplib(METHOD_1, "chris@contoso.com", List.of("kim@contoso.com"), big))
                .isEqualTo("refused 552 5.3.4 Message size exceeds fixed maximum message size");
        assertThat(smtplib(METHOD_2, "chris@contoso.com", List.of("kim@contoso.com"), big))
                .isEqualTo("sent {}");
        // Without SIZE= the refusal comes after the data, and the session stays in step.
        try (SmtpClient c = SmtpClient.session(METHOD_1, port)) {
            assertThat(c.command("MAIL FROM:<chris@contoso.com>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<kim@contoso.com>")).startsWith("250 ");
            assertThat(c.command("DATA")).startsWith("354 ");
            c.sendRaw((big + ".\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(c.lastLine())
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            assertThat(c.command("MAIL FROM:<chris@contoso.com>")).startsWith("250 ");
            assertThat(c.command("QUIT")).startsWith("221 ");
        }
        assertThat(delivered("kimakers", "Big scan")).contains("AuthAs: Internal");
        assertThat(maildir("kimakers").stream().filter(m -> m.contains("Subject: Big scan")))
                .hasSize(1);
    }

    @Test
    void eachLimitGivesItsReply() throws Exception {
        try (SmtpClient c = SmtpClient.session(METHOD_1, port)) {
            assertThat(c.command("MAIL FROM:<chris@contoso.com>")).startsWith("250 ");
            for (String r : List.of("kim", "alice", "chris")) {
                assertThat(c.command("RCPT TO:<" + r + "@contoso.com>")).startsWith("250 ");
            }
            assertThat(c.command("RCPT TO:<bob@remote.test>"))
                    .isEqualTo("452 4.5.3 Too many recipients");
            assertThat(c.command("DATA")).startsWith("354 ");
            StringBuilder hops = new StringBuilder();
            for (int i = 0; i < 61; i++) {
                hops.append("Received: from h").append(i).append(" by relay").append(i)
                        .append(".example\r\n");
            }
            c.sendRaw((hops + "Subject: looped\r\n\r\nx\r\n.\r\n").getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(c.lastLine()).isEqualTo("554 5.4.6 Hop count exceeded - possible mail"
                    + " loop");
            assertThat(c.command("RSET")).startsWith("250 ");
        }
        try (SmtpClient c = SmtpClient.session(METHOD_2, port)) {
            assertThat(c.command("MAIL FROM:<chris@contoso.com>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<kim@contoso.com>")).startsWith("250 ");
            assertThat(c.command("DATA")).startsWith("354 ");
            String filler = ("X-Filler: " + "f".repeat(100) + "\r\n").repeat(2700);
            c.sendRaw((filler + "\r\nbody\r\n.\r\n").getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(c.lastLine())
                    .isEqualTo("552 5.3.4 Message header size exceeds fixed maximum size");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aMailLoopEndsAtMaxHopCountWithAReportToTheSender() throws Exception {
        assertThat(smtplib(METHOD_1, "alice@contoso.com", List.of("ring@loop.test"),
                "From: alice@contoso.com\r\nSubject: Loop test\r\n\r\nround\r\n"))
                .isEqualTo("sent {}");
        await().atMost(Duration.ofSeconds(60)).until(() -> maildir("alice").stream()
                .anyMatch(m -> m.contains("5.4.6")));
        String report = maildir("alice").stream().filter(m -> m.contains("5.4.6")).findFirst()
                .orElseThrow();
        assertThat(report).contains("ring@loop.test")
                .contains("Hop count exceeded - possible mail loop");
        // Accepted with 0 to 8 Received fields from the client, refused with 9: the copy the
        // report quotes went round nine times.
        assertThat(report.split("by " + PosternProcess.FQDN + " ", -1).length - 1)
                .isGreaterThanOrEqualTo(9);
        assertThat(loop.connections()).isPositive();
    }

    /**
     * A TCP forwarder: what delivery sends to it reaches Postern again from
     * {@link #LOOP_SOURCE}, so a message routed here goes round until something stops it.
     */
    static final class Forwarder implements AutoCloseable {
        private final ServerSocket listener;
        private final String source;
        private final int target;
        private final java.util.concurrent.atomic.AtomicInteger connections =
                new java.util.concurrent.atomic.AtomicInteger();

        Forwarder(String source, int target) throws IOException {
            this.source = source;
            this.target = target;
            listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(this::accept, "loop-forwarder");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket in = listener.accept();
                    Socket out = new Socket();
                    out.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                    out.connect(new InetSocketAddress("127.0.0.1", target), 5000);
                    connections.incrementAndGet();
                    pipe(in, out);
                    pipe(out, in);
                } catch (IOException e) {
                    // closed, or a connection that failed: the next one is accepted
                }
            }
        }

        private static void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                    i.transferTo(o);
                } catch (IOException e) {
                    // one side closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException e) {
                        // already closed
                    }
                }
            }, "loop-pipe");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
