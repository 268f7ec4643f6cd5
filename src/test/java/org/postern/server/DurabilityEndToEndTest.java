package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.AcceptedDomain;
import org.postern.config.ConfigFile;
import org.postern.config.Configuration;
import org.postern.config.DomainType;
import org.postern.queue.SpoolStore;
import org.postern.queue.SpooledMessage;

/**
 * P27: a message answered with {@code 250 2.6.0} is on disk before the reply. The server is
 * killed with SIGKILL the moment the client has read the 250, restarted on the same directory,
 * and the message is in the spool with its envelope and content intact. A message cut off by
 * the kill before its 250 leaves nothing.
 */
class DurabilityEndToEndTest {

    @TempDir
    static Path data;

    static PosternProcess server;

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("P27 kill -9 right after the 250 loses nothing; a kill before the 250 queues "
            + "nothing")
    void acknowledgedMessageSurvivesSigkill() throws Exception {
        int offset = PosternProcess.freePortOffset();
        // First start sets the directory up; then an ExternalRelay accepted domain is added to
        // its configuration file, so that delivery can only defer the test's message (the test
        // DNS finds no MX) instead of taking it out of the queue.
        PosternProcess.start(data, offset).close();
        ConfigFile file = new ConfigFile(data);
        Configuration cfg = file.read();
        List<AcceptedDomain> domains = new ArrayList<>(cfg.acceptedDomains());
        domains.add(new AcceptedDomain("Tailspin", "tailspintoys.com", DomainType.ExternalRelay,
                false));
        file.write(cfg.withAcceptedDomains(domains));
        server = PosternProcess.start(data, offset);
        int port = 25 + offset;
        String marker = UUID.randomUUID().toString();
        String body = "Subject: durable " + marker + "\r\n\r\nline one\r\n..dotted\r\n"
                + "x".repeat(5000) + "\r\n";
        String reply;
        try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1", port)) {
            c.reply();
            c.send("EHLO client.fabrikam.com");
            c.reply();
            assertThat(c.command("MAIL FROM:<alice@fabrikam.com>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<chris@tailspintoys.com>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<kate@tailspintoys.com>")).startsWith("250 ");
            assertThat(c.command("DATA")).startsWith("354 ");
            c.sendRaw((body + ".\r\n").getBytes(StandardCharsets.US_ASCII));
            reply = c.lastLine();
            long pid = server.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            server.kill();
        }
        assertThat(reply).startsWith("250 2.6.0 ");
        long internalId = Long.parseLong(reply.replaceAll(".*\\[InternalId=(\\d+),.*", "$1"));
        String messageId = reply.split(" ")[2];

        // The spool as the kill left it, read while no server runs (so delivery cannot have
        // moved the message on yet).
        try (SpoolStore store = SpoolStore.open(data)) {
            SpooledMessage m = store.find(internalId).orElseThrow(
                    () -> new AssertionError("message " + internalId + " was acknowledged but is"
                            + " not in the spool"));
            assertThat(m.messageId()).isEqualTo(messageId);
            assertThat(m.envelope().sender()).isEqualTo("alice@fabrikam.com");
            assertThat(m.envelope().recipients()).extracting(r -> r.address())
                    .containsExactly("chris@tailspintoys.com", "kate@tailspintoys.com");
            assertThat(m.envelope().origin().connectorId())
                    .isEqualTo("EX01\\Default Frontend EX01");
            String stored = Files.readString(m.content(), StandardCharsets.UTF_8);
            // The Sender ID agent's Received-SPF and stamp come first, then Postern's Received.
            assertThat(stored.replace("\r\n ", " ").replaceFirst("(?s)^Received-SPF: .*?\r\n"
                    + "X-MS-Exchange-Organization-SenderIdResult: [A-Za-z]+\r\n", ""))
                    .startsWith("Received: from client.fabrikam.com"
                    + " (127.0.0.100) by ex01.contoso.com (127.0.0.1) with ESMTP id " + internalId
                    + ";");
            assertThat(stored).contains("\r\nSubject: durable " + marker + "\r\n")
                    .contains("\r\nMessage-ID: " + messageId + "\r\n")
                    .endsWith("\r\n\r\nline one\r\n.dotted\r\n" + "x".repeat(5000) + "\r\n");
        }

        // Restarted on the same directory, the server finds it; then a message is cut off by a
        // kill in the middle of its data.
        server = PosternProcess.start(data, offset);
        assertThat(server.outputLines("event=queue-recovered").get(0)).contains("count=1 ");
        try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1", port)) {
            c.reply();
            c.send("EHLO client.fabrikam.com");
            c.reply();
            c.command("MAIL FROM:<alice@fabrikam.com>");
            c.command("RCPT TO:<chris@contoso.com>");
            assertThat(c.command("DATA")).startsWith("354 ");
            c.sendRaw("Subject: cut off\r\n\r\nhalf a mess".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(200);
            server.kill();
        }
        server = null;
        try (SpoolStore store = SpoolStore.open(data)) {
            for (SpooledMessage m : store.list()) {
                assertThat(Files.readString(m.content(), StandardCharsets.UTF_8))
                        .doesNotContain("cut off");
            }
        }
        try (Stream<Path> files = Files.list(data.resolve("queue"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the half message's temporary file is gone after recovery")
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
