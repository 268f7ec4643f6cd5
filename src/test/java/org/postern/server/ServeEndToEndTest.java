package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.ConfigFile;
import org.postern.config.Configuration;
import org.postern.config.ReceiveConnector;

/**
 * {@code postern serve} on a new data directory, as a real child process: what the first start
 * records and creates, the one ready line, the SMTP receive protocol log of the Verbose Default
 * Frontend connector, the operator log, and a restart on the same directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeEndToEndTest {

    @TempDir
    static Path data;

    static PosternProcess server;
    static int offset;

    @BeforeAll
    static void startServer() throws Exception {
        offset = PosternProcess.freePortOffset();
        server = PosternProcess.start(data, offset);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("first start records the server and writes the five default connectors to "
            + "DIR/config.json")
    void firstStartCreatesTheDefaults() throws Exception {
        Configuration cfg = new ConfigFile(data).read();
        assertThat(cfg.server().name()).isEqualTo("EX01");
        assertThat(cfg.server().fqdn()).isEqualTo("ex01.contoso.com");
        assertThat(cfg.receiveConnectors()).extracting(c -> c.name() + " " + c.bindings())
                .containsExactly(
                        "Default Frontend EX01 [[::]:" + (25 + offset) + ", 0.0.0.0:"
                                + (25 + offset) + "]",
                        "Client Frontend EX01 [[::]:" + (587 + offset) + ", 0.0.0.0:"
                                + (587 + offset) + "]",
                        "Outbound Proxy Frontend EX01 [[::]:" + (717 + offset) + ", 0.0.0.0:"
                                + (717 + offset) + "]",
                        "Default EX01 [0.0.0.0:" + (2525 + offset) + ", [::]:"
                                + (2525 + offset) + "]",
                        "Client Proxy EX01 [[::]:" + (465 + offset) + ", 0.0.0.0:"
                                + (465 + offset) + "]");
        String json = Files.readString(data.resolve("config.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"Default Frontend EX01\"", "BasicAuthRequireTLS",
                "\"permissionGroups\"", "AnonymousUsers", "ExchangeLegacyServers");
        assertThat(server.outputLines("event=setup")).hasSize(1);
    }

    @Test
    @Order(2)
    @DisplayName("one ready line names every connector's bindings; unoffered mechanisms are "
            + "logged once")
    void oneReadyLine() {
        List<String> ready = server.outputLines("event=ready");
        assertThat(ready).hasSize(1);
        assertThat(ready.get(0)).contains("server=EX01", "fqdn=ex01.contoso.com", "sockets=5",
                "connector=\"Default Frontend EX01 [[::]:" + (25 + offset) + ", 0.0.0.0:"
                        + (25 + offset) + "]\"",
                "connector=\"Default EX01 [0.0.0.0:" + (2525 + offset));
        List<String> auth = server.outputLines("event=auth-not-offered");
        assertThat(auth).hasSize(1);
        assertThat(auth.get(0)).contains("mechanisms=Integrated,ExchangeServer", "connectors=5");
        assertThat(server.outputLines("binding-failed")).isEmpty();
    }

    @Test
    @Order(3)
    @DisplayName("Integrated and ExchangeServer are never advertised in EHLO")
    void unimplementedMechanismsAreNotAdvertised() throws Exception {
        try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1", 25 + offset)) {
            c.reply();
            c.send("EHLO client.fabrikam.com");
            List<String> ehlo = c.reply();
            assertThat(ehlo).containsExactly("250-ex01.contoso.com Hello [127.0.0.100]",
                    "250-SIZE 37748736", "250-PIPELINING", "250-DSN", "250-ENHANCEDSTATUSCODES",
                    "250-STARTTLS", "250-8BITMIME", "250-BINARYMIME", "250-CHUNKING",
                    "250 SMTPUTF8");
            assertThat(String.join("\n", ehlo)).doesNotContain("AUTH", "X-EXPS", "NTLM");
        }
    }

    @Test
    @Order(4)
    @DisplayName("Default Frontend (Verbose) writes a session to RECVyyyymmdd-1.log in Exchange's "
            + "format")
    void protocolLogOfAVerboseConnector() throws Exception {
        int clientPort;
        try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1", 25 + offset)) {
            clientPort = c.localPort();
            c.reply();
            c.send("EHLO client.fabrikam.com");
            c.reply();
            assertThat(c.command("MAIL FROM:<alice@fabrikam.com>"))
                    .isEqualTo("250 2.1.0 Sender OK");
            assertThat(c.command("RCPT TO:<chris@contoso.com>"))
                    .isEqualTo("250 2.1.5 Recipient OK");
            assertThat(c.command("RSET")).isEqualTo("250 2.0.0 Resetting");
            assertThat(c.command("NOOP")).isEqualTo("250 2.0.0 OK");
            assertThat(c.command("QUIT"))
                    .isEqualTo("221 2.0.0 Service closing transmission channel");
        }
        Path dir = data.resolve("logs/ProtocolLog/SmtpReceive");
        String remote = "127.0.0.100:" + clientPort;
        List<String> rows = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> sessionRows(dir, remote), r -> r.size() >= 20
                        && r.get(r.size() - 1).contains(",-,"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> recv = files.toList();
            assertThat(recv).singleElement().satisfies(p -> assertThat(p.getFileName().toString())
                    .matches("RECV\\d{8}-1\\.log"));
            List<String> lines = Files.readAllLines(recv.get(0), StandardCharsets.UTF_8);
            assertThat(lines.get(0)).startsWith("#Software: ");
            assertThat(lines.get(1)).startsWith("#Version: ");
            assertThat(lines.get(2)).isEqualTo("#Log-type: SMTP Receive Protocol Log");
            assertThat(lines.get(3))
                    .matches("#Date: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(lines.get(4)).isEqualTo("#Fields: date-time,connector-id,session-id,"
                    + "sequence-number,local-endpoint,remote-endpoint,event,data,context");
        }
        Pattern row = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z,"
                + "EX01\\\\Default Frontend EX01,[0-9A-F]{16},\\d+,127\\.0\\.0\\.1:" + (25 + offset)
                + "," + Pattern.quote(remote) + ",[-+*<>],.*");
        String sessionId = rows.get(0).split(",")[2];
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).matches(row);
            assertThat(rows.get(i).split(",")[2]).isEqualTo(sessionId);
            assertThat(rows.get(i).split(",")[3]).isEqualTo(Integer.toString(i));
        }
        List<String> tail = rows.stream()
                .map(r -> r.substring(r.indexOf(remote) + remote.length() + 1))
                .toList();
        assertThat(tail.get(0)).isEqualTo("+,,");
        assertThat(tail.get(1)).isEqualTo("*,SMTPSubmit SMTPAcceptAnySender"
                + " SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders,Set Session "
                + "Permissions");
        assertThat(tail.get(2)).startsWith(">,\"220 ex01.contoso.com Microsoft ESMTP MAIL Service"
                + " ready at ");
        assertThat(tail.get(3)).isEqualTo("<,EHLO client.fabrikam.com,");
        assertThat(tail.get(4)).isEqualTo(">,250-ex01.contoso.com Hello [127.0.0.100],");
        assertThat(tail).contains("<,MAIL FROM:<alice@fabrikam.com>,", ">,250 2.1.0 Sender OK,",
                "<,RCPT TO:<chris@contoso.com>,", ">,250 2.1.5 Recipient OK,", "<,RSET,",
                ">,250 2.0.0 Resetting,", "<,NOOP,", "<,QUIT,",
                ">,221 2.0.0 Service closing transmission channel,");
        assertThat(tail).anyMatch(t -> t.matches("\\*," + sessionId + ";\\S+;1,receiving message"));
        assertThat(tail.get(tail.size() - 1)).isEqualTo("-,,Local");
    }

    @Test
    @Order(5)
    @DisplayName("a connector with ProtocolLoggingLevel None logs no rows")
    void noProtocolLogWithoutVerbose() throws Exception {
        int clientPort;
        try (SmtpClient c = SmtpClient.connect("127.0.0.101", "127.0.0.1", 587 + offset)) {
            clientPort = c.localPort();
            assertThat(c.lastLine()).startsWith("220 ex01.contoso.com ");
            assertThat(c.command("QUIT")).startsWith("221 ");
        }
        Thread.sleep(1500); // the writer flushes at least once a second
        assertThat(sessionRows(data.resolve("logs/ProtocolLog/SmtpReceive"),
                "127.0.0.101:" + clientPort)).isEmpty();
    }

    /** A client from {@code source} on Default Frontend, greeted, with MAIL and one RCPT done. */
    private SmtpClient transactionFrom(String source) throws Exception {
        SmtpClient c = SmtpClient.connect(source, "127.0.0.1", 25 + offset);
        try {
            c.reply();
            c.send("EHLO client.fabrikam.com");
            c.reply();
            c.command("MAIL FROM:<alice@fabrikam.com>");
            c.command("RCPT TO:<chris@contoso.com>");
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** The operator log's session-end lines of the client {@code client=ip:port}. */
    private List<String> sessionEnd(String client) {
        Path log = data.resolve("logs/postern.log");
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains("event=session-end") && l.contains(client))
                        .toList(),
                l -> !l.isEmpty());
    }

    @Test
    void aBdatWithoutAValidSizeClosesTheSessionAndCountsAsAnError() throws Exception {
        int clientPort;
        try (SmtpClient c = transactionFrom("127.0.0.103")) {
            clientPort = c.localPort();
            assertThat(c.command("BDAT -5")).startsWith("501 5.5.4 ");
        }
        List<String> lines = sessionEnd("client=127.0.0.103:" + clientPort);
        assertThat(lines).singleElement().asString().contains("messages=0", "errors=1",
                "closed_by=local");
    }

    @Test
    @Order(6)
    @DisplayName("the operator log has one key=value line per session and one per message")
    void operatorLog() throws Exception {
        int clientPort;
        try (SmtpClient c = transactionFrom("127.0.0.102")) {
            clientPort = c.localPort();
            assertThat(c.command("RCPT TO:<kate@fabrikam.com>"))
                    .isEqualTo("550 5.7.1 Unable to relay");
            c.command("DATA");
            assertThat(c.command("Subject: op log\r\n\r\nbody\r\n.")).startsWith("250 2.6.0 ");
            c.command("QUIT");
        }
        Path log = data.resolve("logs/postern.log");
        String client = "client=127.0.0.102:" + clientPort;
        List<String> lines = sessionEnd(client);
        assertThat(lines).singleElement().asString().contains(
                "connector=\"EX01\\\\Default Frontend EX01\"",
                "principal=\"NT AUTHORITY\\\\ANONYMOUS LOGON\"", "messages=1", "refused=1",
                "errors=0", "closed_by=local");
        String session = lines.get(0).replaceAll(".* session=(\\S+) .*", "$1");
        List<String> queued = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("event=message-queued") && l.contains("session=" + session))
                .toList();
        assertThat(queued).singleElement().asString().contains(
                "connector=\"EX01\\\\Default Frontend EX01\"", client, "from=<alice@fabrikam.com>",
                "rcpts=1", "internal_id=", "message_id=<");
        assertThat(Files.readAllLines(log, StandardCharsets.UTF_8)).allMatch(
                l -> l.matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z [A-Z]+ +\\S+ \\S+=.*"));
    }

    @Test
    @Order(7)
    @DisplayName("a restart on the same DIR loads the configuration and keeps the queue")
    void restartKeepsConfigurationAndQueue() throws Exception {
        Configuration before = new ConfigFile(data).read();
        server.close();
        // Counted while no server runs: delivery may have moved messages on before the stop.
        long queued;
        try (Stream<Path> files = Files.list(data.resolve("queue"))) {
            queued = files.filter(p -> p.toString().endsWith(".env")).count();
        }
        assertThat(queued).isPositive();
        server = PosternProcess.start(data, offset);
        assertThat(server.outputLines("event=setup")).isEmpty();
        assertThat(server.outputLines("event=config-loaded")).hasSize(1);
        assertThat(server.outputLines("event=queue-recovered").get(0))
                .contains("count=" + queued + " ");
        Configuration after = new ConfigFile(data).read();
        assertThat(after).isEqualTo(before);
        assertThat(after.receiveConnectors()).extracting(ReceiveConnector::guid)
                .containsExactlyElementsOf(before.receiveConnectors().stream()
                        .map(ReceiveConnector::guid).toList());
        try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1", 25 + offset)) {
            assertThat(c.lastLine()).startsWith("220 ex01.contoso.com ");
        }
    }

    /** The rows of the RECV files for one client endpoint, in order. */
    static List<String> sessionRows(Path dir, String remote) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().flatMap(p -> {
                try {
                    return Files.readAllLines(p, StandardCharsets.UTF_8).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(l -> l.contains("," + remote + ",")).toList();
        }
    }
}
