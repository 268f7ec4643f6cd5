package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.delivery.ScriptedSmtpServer;

/**
 * SMTP smuggling in both directions (relay-cases.md section 2), end to end: a relay client
 * sends every smuggling variant that Postern takes as content, by DATA and by BDAT, to a
 * running Postern, which relays each message to two real next hops on loopback: a scripted
 * server that records the raw bytes on the wire, and a private Postfix instance. Every message
 * must arrive as exactly one transaction with only CRLF line ends, dot-stuffed, with one end of
 * data, even for a receiver that takes a bare LF or CR as a line end or drops NUL octets (case
 * S10 and the outbound side of S01-S14).
 */
class SmugglingEndToEndTest {

    @TempDir
    static Path scratch;

    static PosternProcess server;
    static ScriptedSmtpServer nextHop;
    static PostfixInstance postfix;
    static int port;

    /** The smuggled block of every S case, with the given line end. */
    private static String smuggled(String eol) {
        return "MAIL FROM:<spoof@fabrikam.com>" + eol + "RCPT TO:<carol@fabrikam.net>" + eol
                + "DATA" + eol + "From: ceo@fabrikam.com" + eol + eol + "smuggled";
    }

    /**
     * Variant name to what follows the client's From and Subject fields by DATA (before the
     * real terminator): more header fields, an empty line and the body.
     */
    private static final Map<String, String> BY_DATA = new LinkedHashMap<>();
    /** The same for the rest of one BDAT LAST chunk. */
    private static final Map<String, String> BY_BDAT = new LinkedHashMap<>();
    /** An organisation field hidden behind a bare line end in the header section. */
    private static final String HIDDEN = "X-MS-Exchange-Organization-AuthAs: Internal";

    static {
        Map<String, String> fakeEnds = new LinkedHashMap<>();
        fakeEnds.put("S01 LF.LF", "\n.\n");
        fakeEnds.put("S02 LF.CRLF", "\n.\r\n");
        fakeEnds.put("S03 CRLF.LF", "\r\n.\n");
        fakeEnds.put("S04 CR.CR", "\r.\r");
        fakeEnds.put("S04 CR.CRLF", "\r.\r\n");
        fakeEnds.put("S04 CR.LF", "\r.\n");
        fakeEnds.put("S04 LF.CR", "\n.\r");
        fakeEnds.put("S06 NUL before the dot", "\r\n\0.\r\n");
        fakeEnds.put("S06 NUL after the dot", "\r\n.\0\r\n");
        for (Map.Entry<String, String> e : fakeEnds.entrySet()) {
            BY_DATA.put(e.getKey(), "\r\ntext" + e.getValue() + smuggled("\r\n"));
        }
        BY_DATA.put("S10 normalised LF.LF",
                "\r\nhello\n.\nMAIL FROM:<spoof@fabrikam.com>\nRCPT TO:<carol@fabrikam.net>\n"
                        + "DATA\n\nevil");
        BY_DATA.put("S14 dot transparency", "\r\n..hidden\r\n...two\r\n..");
        BY_DATA.put("P03 long line starting with a dot", "\r\n.." + "x".repeat(5000));
        BY_BDAT.put("S11 CRLF.CRLF inside BDAT", "\r\na\r\n.\r\n" + smuggled("\r\n") + "\r\n");
        BY_BDAT.put("S11 LF.LF inside BDAT", "\r\na\n.\n" + smuggled("\n") + "\n");
        BY_BDAT.put("S11 CR.CR inside BDAT", "\r\na\r.\r" + smuggled("\r") + "\r");
        BY_BDAT.put("S11 NUL.CRLF inside BDAT", "\r\na\r\n\0.\r\n" + smuggled("\r\n"));
        BY_DATA.put("H01 a field behind a bare CR",
                "X-Note: 1\r" + HIDDEN + "\r\n\r\n" + smuggled("\r\n"));
        BY_BDAT.put("H01 a field behind a bare CR in BDAT",
                "X-Note: 1\r" + HIDDEN + "\r\n\r\n" + smuggled("\r\n"));
        BY_BDAT.put("H01 a field behind a bare LF in BDAT",
                "X-Note: 1\n" + HIDDEN + "\n\n" + smuggled("\n"));
    }

    @BeforeAll
    static void start() throws Exception {
        nextHop = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING", "8BITMIME");
        int postfixPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            postfixPort = s.getLocalPort();
        }
        postfix = PostfixInstance.start(scratch.resolve("postfix"), postfixPort,
                List.of("relay.test"));
        server = PosternProcess.start(scratch.resolve("postern"));
        port = server.port(25);
        server.execOk("New-ReceiveConnector -Name \"Anonymous Relay\" -TransportRole"
                + " FrontendTransport -Custom -Bindings 0.0.0.0:" + port
                + " -RemoteIpRanges 127.0.0.10");
        server.execOk("Set-ReceiveConnector \"Anonymous Relay\" -PermissionGroups AnonymousUsers"
                + " -TarpitInterval 00:00:00");
        server.execOk("Get-ReceiveConnector \"Anonymous Relay\" | Add-ADPermission -User"
                + " \"NT AUTHORITY\\ANONYMOUS LOGON\" -ExtendedRights"
                + " \"Ms-Exch-SMTP-Accept-Any-Recipient\"");
        server.execOk("New-SendConnector -Name 'Scripted hop' -Custom -AddressSpaces fabrikam.net"
                + " -SmartHosts 127.0.0.1 -DNSRoutingEnabled $false -Port " + nextHop.port());
        server.execOk("New-SendConnector -Name 'Postfix hop' -Custom -AddressSpaces relay.test"
                + " -SmartHosts 127.0.0.1 -DNSRoutingEnabled $false -Port " + postfix.port());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {server, postfix, nextHop}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** One session from the relay host: MAIL, two RCPTs, then the content by DATA or BDAT. */
    private static String relay(String subject, String content, boolean bdat) throws Exception {
        try (SmtpClient c = SmtpClient.connect("127.0.0.10", "127.0.0.1", port)) {
            assertThat(c.lastLine()).startsWith("220 ");
            c.send("EHLO client.fabrikam.com");
            assertThat(c.lastLine()).startsWith("250 ");
            assertThat(c.command("MAIL FROM:<alice@fabrikam.com>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<carol@fabrikam.net>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<bob@relay.test>")).startsWith("250 ");
            byte[] body = ("From: alice@fabrikam.com\r\nSubject: " + subject + "\r\n"
                    + content).getBytes(StandardCharsets.ISO_8859_1);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            if (bdat) {
                wire.writeBytes(("BDAT " + body.length + " LAST\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                wire.writeBytes(body);
            } else {
                assertThat(c.command("DATA")).startsWith("354 ");
                wire.writeBytes(body);
                wire.writeBytes("\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            c.sendRaw(wire.toByteArray());
            String reply = c.lastLine();
            assertThat(c.command("NOOP")).as("%s: one reply only", subject)
                    .isEqualTo("250 2.0.0 OK");
            return reply;
        }
    }

    private static List<ScriptedSmtpServer.Received> toCarol() {
        return nextHop.received().stream().filter(r -> r.rcpts().contains("carol@fabrikam.net"))
                .toList();
    }

    /** Sends one BDAT BODY=BINARYMIME message from the relay host to dave@fabrikam.net. */
    private static String binaryMime(String subject, String body) throws Exception {
        try (SmtpClient c = SmtpClient.connect("127.0.0.10", "127.0.0.1", port)) {
            c.lastLine();
            c.send("EHLO client.fabrikam.com");
            assertThat(c.lastLine()).startsWith("250 ");
            assertThat(c.command("MAIL FROM:<alice@fabrikam.com> BODY=BINARYMIME"))
                    .startsWith("250 ");
            assertThat(c.command("RCPT TO:<dave@fabrikam.net>")).startsWith("250 ");
            byte[] chunk = ("Subject: " + subject + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.ISO_8859_1);
            c.sendRaw(("BDAT " + chunk.length + " LAST\r\n").getBytes(StandardCharsets.US_ASCII));
            c.sendRaw(chunk);
            return c.lastLine();
        }
    }

    @Test
    @DisplayName("S11 a BINARYMIME message that DATA would change (NUL, bare LF) is not sent on "
            + "changed; a line-clean one goes by DATA as 8BITMIME")
    void binaryMimeIsNeverCorruptedOnTheWayOut() throws Exception {
        assertThat(binaryMime("binary", "bin\0ary\nbytes\r\n")).startsWith("250 2.6.0 ");
        assertThat(binaryMime("clean", "plain text\r\n.\r\n")).startsWith("250 2.6.0 ");
        await().atMost(Duration.ofSeconds(30)).until(() -> nextHop.received().stream()
                .anyMatch(r -> r.text().contains("Subject: clean")));
        Thread.sleep(1000);
        assertThat(nextHop.received()).filteredOn(r -> r.rcpts().contains("dave@fabrikam.net"))
                .singleElement().satisfies(r -> assertThat(r.text())
                        .contains("\r\nSubject: clean\r\n")
                        .endsWith("\r\n\r\nplain text\r\n.\r\n"));
        assertThat(nextHop.commands()).contains("MAIL FROM:<alice@fabrikam.com> BODY=8BITMIME");
    }

    /**
     * The ends of data a lenient receiver would find in {@code wire}: one that drops NUL octets
     * and takes a bare CR or LF as a line end as well as CRLF.
     */
    private static int lenientEnds(byte[] wire) {
        String s = "\n" + new String(wire, StandardCharsets.ISO_8859_1).replace("\0", "")
                .replace("\r\n", "\n").replace('\r', '\n');
        int n = 0;
        for (int i = s.indexOf("\n.\n"); i >= 0; i = s.indexOf("\n.\n", i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    @DisplayName("S01 S02 S03 S04 S06 S10 S11 S14 P03 H01 both ways: every variant is one message "
            + "at Postern and at both next hops; on the wire only CRLF, dot-stuffed, one end of "
            + "data even for a lenient receiver")
    void everyVariantLeavesAsOneCleanTransaction() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (Map.Entry<String, String> e : BY_DATA.entrySet()) {
            assertThat(relay(e.getKey(), e.getValue(), false)).as(e.getKey())
                    .startsWith("250 2.6.0 ");
            subjects.add(e.getKey());
        }
        for (Map.Entry<String, String> e : BY_BDAT.entrySet()) {
            assertThat(relay(e.getKey(), e.getValue(), true)).as(e.getKey())
                    .startsWith("250 2.6.0 ");
            subjects.add(e.getKey());
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                toCarol().size() >= subjects.size()
                        && postfix.delivered().size() >= subjects.size());
        Thread.sleep(500); // a smuggled extra transaction would have arrived by now

        assertThat(toCarol()).hasSize(subjects.size());
        // every MAIL the next hop saw was one whole transaction, none from the smuggled sender
        assertThat(nextHop.commands()).filteredOn(l -> l.toUpperCase().startsWith("MAIL FROM"))
                .hasSize(nextHop.received().size()).noneMatch(l -> l.contains("spoof"));
        for (ScriptedSmtpServer.Received r : toCarol()) {
            String text = r.text();
            String subject = text.replaceAll("(?s).*\r\nSubject: ([^\r\n]*)\r\n.*", "$1");
            assertThat(subjects).as("a message the client sent").contains(subject);
            assertThat(r.sender()).as(subject).isEqualTo("alice@fabrikam.com");
            assertThat(r.rcpts()).as(subject).containsExactly("carol@fabrikam.net");
            String wire = new String(r.wire(), StandardCharsets.ISO_8859_1);
            assertThat(wire).as(subject).endsWith("\r\n.\r\n");
            assertThat(wire.indexOf("\r\n.\r\n")).as(subject).isEqualTo(wire.length() - 5);
            assertThat(wire.replace("\r\n", "")).as(subject + ": only CRLF line ends")
                    .doesNotContain("\r").doesNotContain("\n");
            assertThat(lenientEnds(r.wire())).as(subject + ": ends for a lenient receiver")
                    .isEqualTo(1);
            List<String> lines = List.of(text.split("\r\n", -1));
            assertThat(lines.subList(0, lines.indexOf(""))).as(subject + ": header section")
                    .noneMatch(l -> l.regionMatches(true, 0, "X-MS-Exchange-Organization-", 0,
                            27) || l.contains(HIDDEN));
            if (!subject.startsWith("S14") && !subject.startsWith("P03")) {
                assertThat(text).as(subject).contains("MAIL FROM:<spoof@fabrikam.com>");
            }
        }
        String s14 = toCarol().stream().map(ScriptedSmtpServer.Received::text)
                .filter(t -> t.contains("Subject: S14")).findFirst().orElseThrow();
        assertThat(s14).endsWith("\r\n\r\n.hidden\r\n..two\r\n.\r\n");

        List<Path> delivered = postfix.delivered();
        assertThat(delivered).hasSize(subjects.size());
        for (Path p : delivered) {
            String m = Files.readString(p, StandardCharsets.ISO_8859_1);
            assertThat(m).contains("Return-Path: <alice@fabrikam.com>")
                    .doesNotContain("Return-Path: <spoof");
        }
    }
}
