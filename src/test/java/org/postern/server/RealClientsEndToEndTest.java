package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay probes and line-ending cases of relay-cases.md against a real server, driven by real
 * clients: swaks, Python's smtplib and raw sockets. The article's relay connector takes
 * 127.0.0.10 and 127.0.0.11; outside clients (127.0.0.100 and up) fall to Default Frontend.
 * Tarpitting is switched off on both connectors to keep the run short (its delay has its own
 * session test). Delivery runs too, so local mailboxes would take messages away from the queue
 * before a test reads them; recipients whose copy is read are in an ExternalRelay domain.
 */
class RealClientsEndToEndTest {

    @TempDir
    static Path data;

    static PosternProcess server;
    static int port;
    static String swaks;

    @BeforeAll
    static void startServer() throws Exception {
        swaks = ExternalTool.require("swaks");
        ExternalTool.require("python3");
        server = PosternProcess.start(data);
        port = server.port(25);
        server.execOk("New-ReceiveConnector -Name \"Anonymous Relay\" -TransportRole"
                + " FrontendTransport -Custom -Bindings 0.0.0.0:" + port
                + " -RemoteIpRanges 127.0.0.10,127.0.0.11");
        server.execOk("Set-ReceiveConnector \"Anonymous Relay\" -PermissionGroups AnonymousUsers"
                + " -TarpitInterval 00:00:00");
        server.execOk("Get-ReceiveConnector \"Anonymous Relay\" | Add-ADPermission -User"
                + " \"NT AUTHORITY\\ANONYMOUS LOGON\" -ExtendedRights"
                + " \"Ms-Exch-SMTP-Accept-Any-Recipient\"");
        server.execOk("Set-ReceiveConnector \"Default Frontend EX01\" -TarpitInterval 00:00:00");
        // Messages whose stored copy a test reads go to this domain: delivery can only defer
        // them (the test DNS finds no MX), so they stay in the queue while the test looks.
        server.execOk("New-AcceptedDomain -Name Tailspin -DomainName tailspintoys.com"
                + " -DomainType ExternalRelay");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static ExternalTool.Result swaks(String source, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(swaks, "--server",
                "127.0.0.1:" + port, "--local-interface", source, "--ehlo", "client.fabrikam.com",
                "--timeout", "20"));
        cmd.addAll(List.of(args));
        return ExternalTool.run(Duration.ofSeconds(60), cmd.toArray(new String[0]));
    }

    private static ExternalTool.Result python(String script) throws Exception {
        return ExternalTool.run(Duration.ofSeconds(60), "python3", "-c", script);
    }

    /** The stored content and envelope of the message a 250 2.6.0 reply names. */
    private static String[] queued(String reply) throws Exception {
        String id = reply.replaceAll(".*\\[InternalId=(\\d+),.*", "$1");
        Path q = data.resolve("queue");
        return new String[] {Files.readString(q.resolve(id + ".eml"), StandardCharsets.UTF_8),
            Files.readString(q.resolve(id + ".env"), StandardCharsets.UTF_8)};
    }

    private static SmtpClient greeted(String source) throws Exception {
        SmtpClient c = SmtpClient.connect(source, "127.0.0.1", port);
        assertThat(c.lastLine()).startsWith("220 ");
        c.send("EHLO client.fabrikam.com");
        assertThat(c.lastLine()).startsWith("250 ");
        return c;
    }

    @Test
    @DisplayName("R01 swaks from outside: relay refused with 550 5.7.1, the accepted domain queued")
    void r01SwaksFromOutside() throws Exception {
        ExternalTool.Result refused = swaks("127.0.0.100", "--from", "chris@contoso.com",
                "--to", "kate@fabrikam.com", "--header", "Subject: Test", "--body",
                "This is a test message");
        assertThat(refused.output()).contains("<** 550 5.7.1 Unable to relay")
                .doesNotContain("354 ");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();

        ExternalTool.Result local = swaks("127.0.0.100", "--from", "chris@contoso.com", "--to",
                "bob@contoso.com", "--header", "Subject: Test", "--body", "This is a test message");
        assertThat(local.exitCode()).as(local.output()).isZero();
        assertThat(local.output()).containsPattern("<-  250 2\\.6\\.0 <[^>]+>"
                + " \\[InternalId=\\d+, Hostname=ex01\\.contoso\\.com\\] Queued mail for delivery");
    }

    @Test
    @DisplayName("R01 swaks from a listed relay host, pipelined: the foreign recipient is "
            + "accepted and queued")
    void r01SwaksFromRelayHost() throws Exception {
        ExternalTool.Result r = swaks("127.0.0.10", "--pipeline", "--from", "chris@contoso.com",
                "--to", "kate@fabrikam.com", "--header", "Subject: Test", "--body",
                "This is a test message");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("<-  250 2.1.5 Recipient OK",
                "<-  354 Start mail input; end with <CRLF>.<CRLF>");
        String reply = r.output().lines().filter(l -> l.startsWith("<-  250 2.6.0 ")).findFirst()
                .orElseThrow();
        String[] q = queued(reply);
        assertThat(q[1]).contains("\"sender\" : \"chris@contoso.com\"",
                "\"address\" : \"kate@fabrikam.com\"", "EX01\\\\Anonymous Relay",
                "\"client\" : \"127.0.0.10:");
        assertThat(q[0]).contains("This is a test message");
    }

    @Test
    @DisplayName("R19 smtplib from outside: only the foreign recipient is refused; only accepted "
            + "ones are queued")
    void r19SmtplibMixedRecipients() throws Exception {
        ExternalTool.Result r = python("import smtplib\n"
                + "s = smtplib.SMTP('127.0.0.1', " + port + ", source_address=('127.0.0.100', 0),"
                + " timeout=20)\n"
                + "s.ehlo('client.fabrikam.com')\n"
                + "msg = b'To: bob@contoso.com, kate@fabrikam.com\\r\\nCc: eve@fabrikam.com\\r\\n"
                + "Subject: mixed\\r\\n\\r\\nhello\\r\\n'\n"
                + "print('refused', s.sendmail('alice@fabrikam.com', ['bob@tailspintoys.com',"
                + " 'kate@fabrikam.com', 'dave@tailspintoys.com'], msg))\n"
                + "print('noop', s.noop())\n"
                + "s.quit()\n");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains(
                "refused {'kate@fabrikam.com': (550, b'5.7.1 Unable to relay')}",
                "noop (250, b'2.0.0 OK')");
        assertThat(queuedEnvelopes()).anySatisfy(env -> assertThat(env)
                .contains("\"address\" : \"bob@tailspintoys.com\"",
                        "\"address\" : \"dave@tailspintoys.com\"")
                .doesNotContain("kate@fabrikam.com", "eve@fabrikam.com"));
    }

    @Test
    @DisplayName("R01 smtplib from the second listed host relays to every recipient")
    void r01SmtplibFromRelayHost() throws Exception {
        ExternalTool.Result r = python("import smtplib\n"
                + "s = smtplib.SMTP('127.0.0.1', " + port + ", source_address=('127.0.0.11', 0),"
                + " timeout=20)\n"
                + "print('refused', s.sendmail('scanner@contoso.com', ['kate@fabrikam.com',"
                + " 'chris@contoso.com'], b'Subject: scan\\r\\n\\r\\nscan attached\\r\\n'))\n"
                + "s.quit()\n");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("refused {}");
    }

    @Test
    @DisplayName("S14 smtplib dot-stuffs lines that start with a dot; exactly one dot is removed "
            + "on receipt")
    void s14SmtplibDotTransparency() throws Exception {
        ExternalTool.Result r = python("import smtplib\n"
                + "s = smtplib.SMTP('127.0.0.1', " + port + ", source_address=('127.0.0.100', 0),"
                + " timeout=20)\n"
                + "s.ehlo('client.fabrikam.com')\n"
                + "s.mail('alice@fabrikam.com')\n"
                + "s.rcpt('chris@tailspintoys.com')\n"
                + "print('data', s.data(b'Subject: "
                + "dots\\r\\n\\r\\n.\\r\\n..two\\r\\n.hidden\\r\\nend'))\n"
                + "s.quit()\n");
        assertThat(r.exitCode()).as(r.output()).isZero();
        String reply = r.output().lines().filter(l -> l.startsWith("data (250, b'2.6.0 "))
                .findFirst().orElseThrow(() -> new AssertionError(r.output()));
        String id = reply.replaceAll(".*\\[InternalId=(\\d+),.*", "$1");
        String stored = Files.readString(data.resolve("queue").resolve(id + ".eml"),
                StandardCharsets.UTF_8);
        assertThat(stored).endsWith("\r\n\r\n.\r\n..two\r\n.hidden\r\nend\r\n");
    }

    @Test
    @DisplayName("S01 <LF>.<LF> over TCP: one reply, one message, the smuggled transaction is "
            + "content")
    void s01SmugglingOverTcp() throws Exception {
        try (SmtpClient c = greeted("127.0.0.100")) {
            assertThat(c.command("MAIL FROM:<alice@fabrikam.com>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<chris@tailspintoys.com>")).startsWith("250 ");
            assertThat(c.command("DATA")).startsWith("354 ");
            c.sendRaw(("From: alice@fabrikam.com\r\n\r\ntext\n.\nMAIL FROM:<spoof@fabrikam.com>\n"
                    + "RCPT TO:<chris@contoso.com>\nDATA\nFrom: ceo@fabrikam.com\n\nsmuggled"
                    + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = c.lastLine();
            assertThat(reply).startsWith("250 2.6.0 ");
            assertThat(c.command("NOOP")).as("no second reply was waiting")
                    .isEqualTo("250 2.0.0 OK");
            String[] q = queued(reply);
            assertThat(q[0]).contains("MAIL FROM:<spoof@fabrikam.com>", "smuggled");
            assertThat(q[1]).contains("\"sender\" : \"alice@fabrikam.com\"");
        }
        assertThat(queuedEnvelopes()).noneMatch(env -> env.contains("spoof@fabrikam.com"));
    }

    @Test
    @DisplayName("S09 data pipelined before the 354 gets 554 5.5.0 and the connection closes")
    void s09PipelinedDataOverTcp() throws Exception {
        try (SmtpClient c = greeted("127.0.0.100")) {
            c.sendRaw(("MAIL FROM:<alice@fabrikam.com>\r\nRCPT TO:<chris@contoso.com>\r\nDATA\r\n"
                    + "From: a@fabrikam.com\r\n\r\nx"
                    + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(c.lastLine()).isEqualTo("250 2.1.0 Sender OK");
            assertThat(c.lastLine()).isEqualTo("250 2.1.5 Recipient OK");
            assertThat(c.lastLine())
                    .isEqualTo("554 5.5.0 Improper pipelining, data sent before the reply");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    @DisplayName("P01/P02 overlong command lines get one 500 each over TCP and the session stays "
            + "in step")
    void p01OverlongLinesOverTcp() throws Exception {
        try (SmtpClient c = greeted("127.0.0.100")) {
            assertThat(c.command("NOOP " + "a".repeat(600))).isEqualTo("500 5.5.2 Line too long");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 OK");
            c.sendRaw(("NOOP " + "b".repeat(1_000_000) + "RCPT TO:<kate@fabrikam.com>\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(c.lastLine()).isEqualTo("500 5.5.2 Line too long");
            assertThat(c.command("MAIL FROM:<alice@fabrikam.com>"))
                    .isEqualTo("250 2.1.0 Sender OK");
            assertThat(c.command("DATA")).isEqualTo("554 5.5.1 No valid recipients");
            assertThat(c.command("QUIT")).startsWith("221 ");
        }
    }

    @Test
    @DisplayName("S08/P05 bare LF and NUL in data: stored as CRLF and kept on Default Frontend; "
            + "refused where BareLinefeedRejectionEnabled")
    void s08BareLinefeedsOverTcp() throws Exception {
        byte[] message = ("Subject: x\nFrom: alice@fabrikam.com\r\n\r\nline1\nline2\0nul\r\n.\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (SmtpClient c = greeted("127.0.0.100")) {
            c.command("MAIL FROM:<alice@fabrikam.com>");
            c.command("RCPT TO:<chris@tailspintoys.com>");
            c.command("DATA");
            c.sendRaw(message);
            String reply = c.lastLine();
            assertThat(reply).startsWith("250 2.6.0 ");
            assertThat(queued(reply)[0]).contains("\r\nSubject: x\r\nFrom: alice@fabrikam.com\r\n")
                    .endsWith("\r\n\r\nline1\r\nline2\0nul\r\n");
            String id = reply.replaceAll(".*\\[InternalId=(\\d+),.*", "$1");
            await().atMost(Duration.ofSeconds(10)).until(() -> server
                    .outputLines("event=bare-lf-normalised").stream()
                    .anyMatch(l -> l.contains(" internal_id=" + id + " ")
                            && l.contains("DKIM")));
        }
        server.execOk("Set-ReceiveConnector \"Anonymous Relay\" -BareLinefeedRejectionEnabled"
                + " $true");
        try (SmtpClient c = greeted("127.0.0.10")) {
            c.command("MAIL FROM:<alice@fabrikam.com>");
            c.command("RCPT TO:<kate@fabrikam.com>");
            c.command("DATA");
            c.sendRaw(message);
            assertThat(c.lastLine()).isEqualTo("550 5.6.11 Bare line feeds are not allowed");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 OK");
        } finally {
            server.execOk("Set-ReceiveConnector \"Anonymous Relay\" -BareLinefeedRejectionEnabled"
                    + " $false");
        }
    }

    @Test
    @DisplayName("the protocol log of a Verbose relay connector records method 1's five session "
            + "permissions")
    void protocolLogRecordsRelayPermissions() throws Exception {
        server.execOk("Set-ReceiveConnector \"Anonymous Relay\" -ProtocolLoggingLevel Verbose");
        int clientPort;
        try (SmtpClient c = greeted("127.0.0.11")) {
            clientPort = c.localPort();
            assertThat(c.command("QUIT")).startsWith("221 ");
        }
        String remote = "127.0.0.11:" + clientPort;
        List<String> rows = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ServeEndToEndTest.sessionRows(
                        data.resolve("logs/ProtocolLog/SmtpReceive"), remote),
                        r -> !r.isEmpty() && r.get(r.size() - 1).contains(",-,"));
        assertThat(rows.get(0)).contains(",EX01\\Anonymous Relay,", "," + remote + ",+,,");
        assertThat(rows.get(1)).endsWith("," + remote + ",*,SMTPSubmit SMTPAcceptAnyRecipient"
                + " SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders,"
                + "Set Session Permissions");
    }

    @Test
    @DisplayName("P20 an early talker writing EHLO and MAIL before reading the banner gets the "
            + "banner, then 554 5.5.0 and the close")
    void p20EarlyTalkerOverTcp() throws Exception {
        try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1", port)) {
            c.sendRaw("EHLO x\r\nMAIL FROM:<a@fabrikam.com>\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(c.lastLine()).startsWith("220 ");
            assertThat(c.lastLine())
                    .isEqualTo("554 5.5.0 Improper pipelining, data sent before the reply");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    @DisplayName("A08 a PROXY header sent as the first bytes claims a relay host and gets "
            + "500 5.3.3; the relay is still refused")
    void a08ProxyHeaderOverTcp() throws Exception {
        try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1", port)) {
            c.sendRaw(("PROXY TCP4 127.0.0.10 127.0.0.1 40000 " + port + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(c.lastLine()).startsWith("220 ");
            assertThat(c.lastLine()).isEqualTo("500 5.3.3 Unrecognized command");
            c.send("EHLO client.fabrikam.com");
            assertThat(c.reply().get(0)).endsWith("Hello [127.0.0.100]");
            assertThat(c.command("MAIL FROM:<alice@fabrikam.com>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<kate@fabrikam.com>"))
                    .isEqualTo("550 5.7.1 Unable to relay");
        }
    }

    @Test
    @DisplayName("P12 smtplib with 1,200 recipients: 1,000 get 452 4.5.3, the session stays in "
            + "step and the message is queued for the first 200")
    void p12SmtplibTwelveHundredRecipients() throws Exception {
        ExternalTool.Result r = python("import smtplib, collections\n"
                + "s = smtplib.SMTP('127.0.0.1', " + port + ", source_address=('127.0.0.100', 0),"
                + " timeout=20)\n"
                + "s.ehlo('client.fabrikam.com')\n"
                + "print('mail', s.mail('alice@fabrikam.com'))\n"
                + "codes = collections.Counter()\n"
                + "for i in range(1, 1201):\n"
                + "    codes[s.rcpt('u%04d@tailspintoys.com' % i)] += 1\n"
                + "print('rcpt', sorted(codes.items()))\n"
                + "print('data', s.data(b'Subject: many\\r\\n\\r\\nx\\r\\n'))\n"
                + "print('noop', s.noop())\n"
                + "s.quit()\n");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("rcpt [((250, b'2.1.5 Recipient OK'), 200), "
                + "((452, b'4.5.3 Too many recipients'), 1000)]", "noop (250, b'2.0.0 OK')");
        String reply = r.output().replaceAll("(?s).*data \\(250, b'2\\.6\\.0 (<[^']*)'\\).*",
                "250 2.6.0 $1");
        String envelope = queued(reply)[1];
        assertThat(envelope.split("\"address\" : ", -1)).hasSize(201);
        assertThat(envelope).contains("u0200@tailspintoys.com")
                .doesNotContain("u0201@tailspintoys.com");
    }

    @Test
    @DisplayName("P06 smtplib with SMTPUTF8 sends from and to UTF-8 addresses; without the "
            + "parameter the same MAIL gets 553 5.6.7")
    void p06SmtpUtf8OverTcp() throws Exception {
        ExternalTool.Result r = python("import smtplib\n"
                + "s = smtplib.SMTP('127.0.0.1', " + port + ", source_address=('127.0.0.100', 0),"
                + " timeout=20)\n"
                + "s.ehlo('client.fabrikam.com')\n"
                + "print('utf8', 'smtputf8' in s.esmtp_features)\n"
                + "print('refused', s.sendmail('\\u00e5lice@fabrikam.com',"
                + " ['b\\u00f8b@tailspintoys.com'],"
                + " 'Subject: utf8\\r\\n\\r\\nhej\\r\\n'.encode(),"
                + " mail_options=['SMTPUTF8']))\n"
                + "s.quit()\n");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("utf8 True", "refused {}");
        assertThat(queuedEnvelopes()).anyMatch(env -> env.contains("b\u00f8b@tailspintoys.com"));
        try (SmtpClient c = greeted("127.0.0.100")) {
            assertThat(c.command("MAIL FROM:<\u00e5lice@fabrikam.com>"))
                    .isEqualTo("553 5.6.7 SMTPUTF8 is required for this address");
            assertThat(c.command("MAIL FROM:<alice@fabrikam.com> SIZE=99999999999999999999"))
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            assertThat(c.command("MAIL FROM:<alice@fabrikam.com> SIZE=-1"))
                    .isEqualTo("501 5.5.4 Invalid parameter");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 OK");
        }
    }

    @Test
    @DisplayName("P22 slow clients over TCP with short timeouts: silence gets 451 4.7.0, a body "
            + "sent a byte at a time gets 421 4.4.1 and nothing is queued")
    void p22SlowClientsOverTcp() throws Exception {
        server.execOk("New-ReceiveConnector -Name Slow -TransportRole FrontendTransport -Custom"
                + " -Bindings 0.0.0.0:" + port + " -RemoteIpRanges 127.0.0.12");
        server.execOk("Set-ReceiveConnector Slow -PermissionGroups AnonymousUsers"
                + " -TarpitInterval 00:00:00 -ConnectionInactivityTimeout 00:00:02"
                + " -ConnectionTimeout 00:00:04");
        try {
            try (SmtpClient idle = SmtpClient.connect("127.0.0.12", "127.0.0.1", port)) {
                assertThat(idle.lastLine()).startsWith("220 ");
                long start = System.nanoTime();
                assertThat(idle.lastLine()).isEqualTo("451 4.7.0 Timeout waiting for client input");
                assertThat(idle.closedByServer()).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .isBetween(Duration.ofMillis(1500), Duration.ofMillis(3900));
            }
            long connected = System.nanoTime();
            try (SmtpClient slow = greeted("127.0.0.12")) {
                assertThat(slow.command("MAIL FROM:<alice@fabrikam.com>")).startsWith("250 ");
                assertThat(slow.command("RCPT TO:<slow@tailspintoys.com>")).startsWith("250 ");
                assertThat(slow.command("DATA")).startsWith("354 ");
                // a byte every 250 ms, never idle for 2 s, until shortly before the 4 s cap
                while (System.nanoTime() - connected < Duration.ofMillis(3300).toNanos()) {
                    slow.sendRaw(new byte[] {'b'});
                    Thread.sleep(250);
                }
                assertThat(slow.lastLine()).isEqualTo("421 4.4.1 Connection timed out");
                assertThat(slow.closedByServer()).isTrue();
            }
            assertThat(queuedEnvelopes()).noneMatch(env -> env.contains("slow@tailspintoys.com"));
        } finally {
            server.execOk("Remove-ReceiveConnector Slow -Confirm:$false");
        }
    }

    private static List<String> queuedEnvelopes() throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("queue"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".env")).map(p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
