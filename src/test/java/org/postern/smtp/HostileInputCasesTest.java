package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input that the other case classes leave out (relay-cases.md P06, P12, P14, P20, P22,
 * P28, A08-A10, H03, H07, and the SIZE, pipelining and BDAT edges of the project's issue), on an
 * EmbeddedChannel. Every refusal is checked for its exact reply and for the session being in
 * step afterwards (a NOOP or RSET answered in order), or for a 421 and the close.
 */
class HostileInputCasesTest {

    private static final String NOOP_OK = "250 2.0.0 OK";
    private static final String INVALID_CHARACTERS =
            "501 5.5.2 Syntax error, invalid characters in command";
    private static final String UNRECOGNIZED = "500 5.3.3 Unrecognized command";
    private static final String BAD_SEQUENCE = "503 5.5.1 Bad sequence of commands";

    private static SessionHarness greeted() {
        TestPolicy p = new TestPolicy();
        p.maxProtocolErrors = 50;
        return SessionHarness.greeted(p);
    }

    /** Sends one command line encoded as UTF-8 and returns its reply lines. */
    private static List<String> utf8(SessionHarness h, String line) {
        h.sendBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return h.replies();
    }

    /** Sends a command line made of text and raw octets, with CRLF, and returns the replies. */
    private static List<String> raw(SessionHarness h, String before, int[] octets, String after) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(before.getBytes(StandardCharsets.US_ASCII));
        for (int o : octets) {
            b.write(o);
        }
        b.writeBytes((after + "\r\n").getBytes(StandardCharsets.US_ASCII));
        h.sendBytes(b.toByteArray());
        return h.replies();
    }

    // ------------------------------------------------------------ P06 8-bit and SMTPUTF8

    @Test
    @DisplayName("P06 a UTF-8 sender needs the SMTPUTF8 parameter: 553 5.6.7 without, 250 with")
    void p06Utf8SenderNeedsTheParameter() {
        SessionHarness h = greeted();
        assertThat(utf8(h, "MAIL FROM:<ålice@example.com>"))
                .containsExactly("553 5.6.7 SMTPUTF8 is required for this address");
        assertThat(h.reply("NOOP")).isEqualTo(NOOP_OK);
        assertThat(utf8(h, "MAIL FROM:<ålice@example.com> SMTPUTF8"))
                .containsExactly("250 2.1.0 Sender OK");
        assertThat(utf8(h, "RCPT TO:<bøb@example.org>")).containsExactly("250 2.1.5 Recipient OK");
        h.cmd("DATA");
        assertThat(h.data("Subject: utf8", "", "x")).startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).envelope().sender()).isEqualTo("ålice@example.com");
        assertThat(h.store.committed.get(0).envelope().recipients()).extracting(r -> r.address())
                .containsExactly("bøb@example.org");
    }

    @Test
    @DisplayName("P06 a UTF-8 recipient in a transaction without SMTPUTF8 gets 553 5.6.7")
    void p06Utf8RecipientWithoutTheParameter() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        assertThat(utf8(h, "RCPT TO:<bøb@example.org>"))
                .containsExactly("553 5.6.7 SMTPUTF8 is required for this address");
        assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 Recipient OK");
    }

    @Test
    @DisplayName("P06 SMTPUTF8 takes no value; where it isn't advertised it is an unknown "
            + "parameter and a UTF-8 address is invalid")
    void p06SmtpUtf8ParameterAndConnectorWithoutIt() {
        SessionHarness h = greeted();
        assertThat(h.reply("MAIL FROM:<a@example.com> SMTPUTF8=YES"))
                .isEqualTo("501 5.5.4 Invalid parameter");
        assertThat(h.reply("NOOP")).isEqualTo(NOOP_OK);

        TestPolicy p = new TestPolicy();
        p.smtpUtf8 = false;
        p.maxProtocolErrors = 50;
        SessionHarness off = SessionHarness.greeted(p);
        assertThat(off.reply("MAIL FROM:<a@example.com> SMTPUTF8"))
                .isEqualTo("555 5.5.4 Unrecognized parameter");
        assertThat(utf8(off, "MAIL FROM:<ålice@example.com>"))
                .containsExactly("501 5.1.7 Invalid address");
        assertThat(off.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
    }

    @Test
    @DisplayName("P06 malformed UTF-8 (truncated, Latin-1, overlong, surrogate) is refused with "
            + "501, never replaced, with and without SMTPUTF8")
    void p06MalformedUtf8() {
        SessionHarness h = greeted();
        assertThat(raw(h, "MAIL FROM:<a", new int[] {0xE9}, "@example.com>"))
                .containsExactly(INVALID_CHARACTERS);
        assertThat(raw(h, "MAIL FROM:<a", new int[] {0xC3}, "@example.com> SMTPUTF8"))
                .containsExactly(INVALID_CHARACTERS);
        // "/" as an overlong two-octet form, and a UTF-16 surrogate encoded on its own
        assertThat(raw(h, "MAIL FROM:<a", new int[] {0xC0, 0xAF}, "@example.com> SMTPUTF8"))
                .containsExactly(INVALID_CHARACTERS);
        assertThat(raw(h, "MAIL FROM:<a", new int[] {0xED, 0xA0, 0x80}, "@example.com> SMTPUTF8"))
                .containsExactly(INVALID_CHARACTERS);
        assertThat(h.reply("MAIL FROM:<alice@example.com> SMTPUTF8")).startsWith("250 ");
        assertThat(raw(h, "RCPT TO:<b", new int[] {0xC3, 0x28}, "@example.org>"))
                .containsExactly(INVALID_CHARACTERS);
        assertThat(h.reply("DATA")).isEqualTo("554 5.5.1 No valid recipients");
    }

    @Test
    @DisplayName("P06 8-bit bytes in EHLO: a U-label host name is refused with 501 5.5.4, "
            + "Latin-1 with 501 5.5.2; the session goes on")
    void p06EightBitInEhlo() {
        SessionHarness h = greeted();
        assertThat(utf8(h, "EHLO hé.example.net"))
                .containsExactly("501 5.5.4 Invalid domain name");
        assertThat(raw(h, "EHLO h", new int[] {0xE9}, ".example.net"))
                .containsExactly(INVALID_CHARACTERS);
        assertThat(h.reply("NOOP")).isEqualTo(NOOP_OK);
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
    }

    @Test
    @DisplayName("P06 C1 control characters encoded in UTF-8 are control bytes too: 501")
    void p06C1ControlsInCommands() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com> SMTPUTF8");
        // U+0085 (NEL) and U+2028 (LINE SEPARATOR) are line breaks to some consumers
        assertThat(utf8(h, "RCPT TO:<b\u0085ob@example.org>")).containsExactly(INVALID_CHARACTERS);
        assertThat(utf8(h, "RCPT TO:<b\u2028ob@example.org>")).containsExactly(INVALID_CHARACTERS);
        assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 Recipient OK");
    }

    // ------------------------------------------------------------ SIZE values

    @Test
    @DisplayName("P14 absurd SIZE values: 20 digits is too big (552 5.3.4); -1, abc, empty, "
            + "+5 and 21 digits are invalid (501); the session stays in step")
    void absurdSizeValues() {
        SessionHarness h = greeted();
        String tooBig = "552 5.3.4 Message size exceeds fixed maximum message size";
        String invalid = "501 5.5.4 Invalid parameter";
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=99999999999999999999"))
                .isEqualTo(tooBig);
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=9223372036854775808"))
                .isEqualTo(tooBig);
        for (String v : List.of("-1", "abc", "", "+5", "1e9", "0x10", "999999999999999999999")) {
            assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=" + v)).as("SIZE=" + v)
                    .isEqualTo(invalid);
            assertThat(h.reply("NOOP")).isEqualTo(NOOP_OK);
        }
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE")).isEqualTo(invalid);
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=0")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RSET")).isEqualTo("250 2.0.0 Resetting");
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=00000000000000001000"))
                .isEqualTo("250 2.1.0 Sender OK");
    }

    @Test
    @DisplayName("P14 with Bypass-Message-Size-Limit a 20-digit SIZE is accepted, not an error")
    void hugeSizeWithTheBypassRight() {
        TestPolicy p = new TestPolicy();
        p.rights.add(org.postern.permission.ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT);
        SessionHarness h = SessionHarness.greeted(p);
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=99999999999999999999"))
                .isEqualTo("250 2.1.0 Sender OK");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        assertThat(h.data("Subject: s", "", "x")).startsWith("250 2.6.0 ");
    }

    @Test
    @DisplayName("P14 the real size counts, not the declared one: SIZE=10 then 100 KB in BDAT "
            + "gets 552 5.3.4 and nothing is queued")
    void p14UnderstatedSizeInBdat() {
        TestPolicy p = new TestPolicy();
        p.maxMessageSize = 65_536;
        SessionHarness h = SessionHarness.greeted(p);
        h.cmd("MAIL FROM:<a@example.com> SIZE=10");
        h.cmd("RCPT TO:<bob@example.org>");
        String chunk = "Subject: big\r\n\r\n" + "b".repeat(100_000);
        assertThat(h.send("BDAT " + chunk.length() + " LAST\r\n" + chunk).replies())
                .containsExactly("552 5.3.4 Message size exceeds fixed maximum message size");
        assertThat(h.store.committed).isEmpty();
        assertThat(h.reply("NOOP")).isEqualTo(NOOP_OK);
    }

    // ------------------------------------------------------------ P12 recipients

    @Test
    @DisplayName("P12 1,200 recipients: the first 200 get 250, every one after 452 4.5.3, the "
            + "session stays open and the message goes to the 200")
    void p12TwelveHundredRecipients() {
        SessionHarness h = SessionHarness.greeted(new TestPolicy()); // MaxProtocolErrors 5
        h.cmd("MAIL FROM:<alice@example.com>");
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 1200; i++) {
            all.append(String.format("RCPT TO:<u%04d@example.org>\r\n", i));
        }
        h.send(all.toString()); // one pipelined group
        List<String> replies = h.replies();
        assertThat(replies).hasSize(1200);
        assertThat(replies.subList(0, 200)).containsOnly("250 2.1.5 Recipient OK");
        assertThat(replies.subList(200, 1200)).containsOnly("452 4.5.3 Too many recipients");
        assertThat(h.channel.isActive()).isTrue();
        assertThat(h.reply("NOOP")).isEqualTo(NOOP_OK);
        assertThat(h.reply("DATA")).startsWith("354 ");
        assertThat(h.data("Subject: many", "", "x")).startsWith("250 2.6.0 ");
        List<String> queued = h.store.committed.get(0).envelope().recipients().stream()
                .map(r -> r.address()).toList();
        assertThat(queued).hasSize(200).startsWith("u0001@example.org")
                .endsWith("u0200@example.org");
    }

    // ------------------------------------------------------------ A08-A10 identity claims

    @Test
    @DisplayName("A08 a PROXY header as the first line is an unknown command; the identity "
            + "stays the peer's and relaying is still refused")
    void a08ProxyHeaderFromAClient() {
        SessionHarness h = new SessionHarness(new TestPolicy());
        assertThat(h.replies()).singleElement().asString().startsWith("220 ");
        assertThat(h.cmd("PROXY TCP4 127.0.0.10 127.0.0.1 40000 25"))
                .containsExactly(UNRECOGNIZED);
        assertThat(h.cmd("EHLO x").get(0)).isEqualTo("250-mx.example.org Hello [127.0.0.100]");
        h.cmd("MAIL FROM:<a@example.com>");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("550 5.7.1 Unable to relay");
        // PROXY protocol version 2's binary signature is no command either
        assertThat(raw(h, "", new int[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55,
            0x49, 0x54, 0x0A}, "")).containsExactly(UNRECOGNIZED, UNRECOGNIZED, INVALID_CHARACTERS,
                INVALID_CHARACTERS);
    }

    @Test
    @DisplayName("A09 a PROXY line in the middle of a session changes nothing")
    void a09ProxyLineMidSession() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<a@example.com>");
        assertThat(h.reply("PROXY TCP4 127.0.0.10 127.0.0.1 40000 25")).isEqualTo(UNRECOGNIZED);
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("550 5.7.1 Unable to relay");
        assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 Recipient OK");
    }

    @Test
    @DisplayName("A10 XCLIENT and XFORWARD are not advertised and are unknown commands that "
            + "grant nothing")
    void a10XclientAndXforward() {
        SessionHarness h = new SessionHarness(new TestPolicy());
        h.replies();
        List<String> ehlo = h.cmd("EHLO x");
        assertThat(ehlo).noneMatch(l -> l.contains("XCLIENT") || l.contains("XFORWARD"));
        assertThat(h.reply("XCLIENT ADDR=127.0.0.10 NAME=relay.example.org"))
                .isEqualTo(UNRECOGNIZED);
        assertThat(h.reply("XFORWARD ADDR=127.0.0.10")).isEqualTo(UNRECOGNIZED);
        assertThat(h.cmd("EHLO x").get(0)).isEqualTo("250-mx.example.org Hello [127.0.0.100]");
        h.cmd("MAIL FROM:<a@example.com>");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("550 5.7.1 Unable to relay");
    }

    // ------------------------------------------------------------ pipelining edges

    @Test
    @DisplayName("P20 an early talker's EHLO and MAIL in one write get 554 5.5.0 and the close; "
            + "neither command runs")
    void p20EarlyTalker() {
        SessionHarness h = new SessionHarness(new TestPolicy());
        h.send("EHLO x\r\nMAIL FROM:<a@example.com>\r\n");
        assertThat(h.replies()).hasSize(2).last()
                .isEqualTo("554 5.5.0 Improper pipelining, data sent before the reply");
        assertThat(h.channel.isActive()).isFalse();
        assertThat(h.log.rows).noneMatch(r -> r.startsWith(">|250"));
    }

    @Test
    @DisplayName("commands pipelined after BDAT LAST are answered in order after the 250")
    void commandsAfterBdatLast() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        String c = "Subject: b\r\n\r\nhi\r\n";
        h.send("BDAT " + c.length() + " LAST\r\n" + c + "NOOP\r\nMAIL FROM:<x@example.com>\r\n"
                + "RSET\r\n");
        List<String> r = h.replies();
        assertThat(r).hasSize(4);
        assertThat(r.get(0)).startsWith("250 2.6.0 ");
        assertThat(r.subList(1, 4)).containsExactly(NOOP_OK, "250 2.1.0 Sender OK",
                "250 2.0.0 Resetting");
        assertThat(h.store.committed).hasSize(1);
    }

    @Test
    @DisplayName("commands pipelined after QUIT are never run: 221 and the close")
    void commandsAfterQuit() {
        SessionHarness h = greeted();
        h.send("QUIT\r\nMAIL FROM:<a@example.com>\r\nNOOP\r\n");
        assertThat(h.replies()).containsExactly("221 2.0.0 Service closing transmission channel");
        assertThat(h.channel.isActive()).isFalse();
        assertThat(h.log.rows).noneMatch(r -> r.startsWith("<|MAIL"));
    }

    @Test
    @DisplayName("a pipelined group with a failing RCPT and a 452 keeps every reply in order and "
            + "the session in step")
    void pipelinedGroupWithFailingRecipients() {
        TestPolicy p = new TestPolicy();
        p.maxRecipients = 1;
        SessionHarness h = SessionHarness.greeted(p);
        h.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<carol@example.net>\r\n"
                + "RCPT TO:<bob@example.org>\r\nRCPT TO:<dave@example.org>\r\n"
                + "RCPT TO:<bob@example.org\0>\r\nNOOP\r\nDATA\r\n");
        assertThat(h.replies()).containsExactly("250 2.1.0 Sender OK",
                "550 5.7.1 Unable to relay", "250 2.1.5 Recipient OK",
                "452 4.5.3 Too many recipients", INVALID_CHARACTERS, NOOP_OK,
                "354 Start mail input; end with <CRLF>.<CRLF>");
        assertThat(h.data("Subject: s", "", "x")).startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).envelope().recipients()).extracting(r -> r.address())
                .containsExactly("bob@example.org");
    }

    // ------------------------------------------------------------ BDAT edges

    @Test
    @DisplayName("P21a BDAT 0 LAST with no chunk before is an empty message, queued with "
            + "Postern's trace fields; the session goes on")
    void bdatZeroLast() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        assertThat(h.reply("BDAT 0 LAST")).startsWith("250 2.6.0 <");
        assertThat(h.store.committed.get(0).text()).startsWith("Received: from client")
                .contains("\r\nMessage-ID: <").endsWith("@mx.example.org>\r\n");
        assertThat(h.reply("NOOP")).isEqualTo(NOOP_OK);
    }

    @Test
    @DisplayName("BDAT without LAST, then DATA: 503 and the chunked transaction goes on to its "
            + "LAST chunk")
    void dataAfterBdat() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        String c1 = "Subject: c\r\n\r\none ";
        assertThat(h.send("BDAT " + c1.length() + "\r\n" + c1).replies())
                .containsExactly("250 2.0.0 " + c1.length() + " octets received");
        assertThat(h.reply("DATA")).isEqualTo(BAD_SEQUENCE);
        assertThat(h.reply("RCPT TO:<dave@example.org>")).isEqualTo(BAD_SEQUENCE);
        assertThat(h.send("BDAT 5 LAST\r\ntwo\r\n").replies()).singleElement().asString()
                .startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).endsWith("\r\n\r\none two\r\n");
        assertThat(h.store.committed.get(0).envelope().recipients()).hasSize(1);
    }

    @ParameterizedTest(name = "BDAT {0}: 501 5.5.4 and the close, the octets behind are no "
            + "commands")
    @ValueSource(strings = {"abc", "-1", "", "1000000000000000000", "12 LAST extra", "5 FIRST",
        "0x10 LAST"})
    void bdatWithoutAUsableSize(String args) {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.send(("BDAT " + args).strip() + "\r\nRCPT TO:<carol@example.org>\r\nNOOP\r\n");
        assertThat(h.replies()).containsExactly("501 5.5.4 Invalid arguments");
        assertThat(h.channel.isActive()).isFalse();
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.aborted.get()).isLessThanOrEqualTo(h.store.begun.get());
    }

    @Test
    @DisplayName("a huge BDAT size over MaxMessageSize: the octets are consumed with bounded "
            + "memory, nothing is queued, closing the connection aborts")
    void bdatHugeSize() {
        TestPolicy p = new TestPolicy();
        p.maxMessageSize = 65_536;
        SessionHarness h = SessionHarness.greeted(p);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.send("BDAT 999999999999999999 LAST\r\n");
        byte[] junk = ("NOOP\r\n".repeat(10_000)).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 20; i++) { // 1.2 MB, all chunk content, none of it commands
            h.sendBytes(junk);
        }
        assertThat(h.replies()).isEmpty();
        assertThat(h.channel.isActive()).isTrue();
        h.channel.close();
        h.channel.runPendingTasks();
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.aborted).hasValue(1);
    }

    @Test
    @DisplayName("BDAT before RCPT: 503, its octets are consumed and never read as commands")
    void bdatBeforeRcpt() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        String rcpt = "RCPT TO:<carol@example.net>";
        assertThat(h.send("BDAT " + rcpt.length() + " LAST\r\n" + rcpt).replies())
                .containsExactly("554 5.5.1 No valid recipients");
        assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 Recipient OK");
        assertThat(h.send("BDAT 4 LAST\r\nx\r\n\r\n").replies()).singleElement().asString()
                .startsWith("250 2.6.0 ");
    }

    @Test
    @DisplayName("a BDAT command and its chunk split across many segments, byte by byte, make "
            + "the same message")
    void bdatSplitAcrossSegments() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        String chunk = "Subject: split\r\n\r\na\r\n.\r\nb\r\n";
        String wire = "BDAT " + chunk.length() + " LAST\r\n" + chunk + "NOOP\r\n";
        StringBuilder replies = new StringBuilder();
        for (char c : wire.toCharArray()) {
            h.send(String.valueOf(c));
            h.replies().forEach(r -> replies.append(r).append('\n'));
        }
        String[] r = replies.toString().split("\n");
        assertThat(r).hasSize(2);
        assertThat(r[0]).startsWith("250 2.6.0 ");
        assertThat(r[1]).isEqualTo(NOOP_OK);
        assertThat(h.store.committed.get(0).text()).endsWith("\r\n\r\na\r\n.\r\nb\r\n");
    }

    // ------------------------------------------------------------ P22 slow clients

    private static TestPolicy shortTimeouts() {
        TestPolicy p = new TestPolicy();
        p.inactivityTimeout = Duration.ofMinutes(1);
        p.connectionTimeout = Duration.ofMinutes(5);
        return p;
    }

    @Test
    @DisplayName("P22a a client that sends nothing gets 451 4.7.0 after the inactivity timeout "
            + "and the close")
    void p22IdleClient() {
        SessionHarness h = new SessionHarness(shortTimeouts());
        h.replies();
        h.channel.advanceTimeBy(61, TimeUnit.SECONDS);
        h.channel.runScheduledPendingTasks();
        assertThat(h.replies()).containsExactly("451 4.7.0 Timeout waiting for client input");
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("P22b EHLO one byte every 20 s: ConnectionTimeout ends it with 421 4.4.1")
    void p22TricklingCommand() {
        SessionHarness h = new SessionHarness(shortTimeouts());
        h.replies();
        String ehlo = "EHLO " + "x".repeat(40);
        for (int i = 0; i < ehlo.length() && h.channel.isActive(); i++) {
            h.send(String.valueOf(ehlo.charAt(i)));
            h.channel.advanceTimeBy(20, TimeUnit.SECONDS);
            h.channel.runScheduledPendingTasks();
        }
        assertThat(h.replies()).containsExactly("421 4.4.1 Connection timed out");
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("P22c one body byte every 20 s: 421 4.4.1, no 250, nothing queued")
    void p22TricklingBody() {
        SessionHarness h = SessionHarness.atData(shortTimeouts());
        for (int i = 0; i < 40 && h.channel.isActive(); i++) {
            h.send("b");
            h.channel.advanceTimeBy(20, TimeUnit.SECONDS);
            h.channel.runScheduledPendingTasks();
        }
        assertThat(h.replies()).containsExactly("421 4.4.1 Connection timed out");
        assertThat(h.channel.isActive()).isFalse();
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.aborted).hasValue(1);
    }

    /** An anonymous session with a tarpit, 20 s of allowed silence and 5 minutes in all. */
    private static TestPolicy tarpitted(Duration tarpit) {
        TestPolicy p = new TestPolicy();
        p.tarpit = tarpit;
        p.inactivityTimeout = Duration.ofSeconds(20);
        p.connectionTimeout = Duration.ofMinutes(5);
        return p;
    }

    @Test
    @DisplayName("P18/P22 pipelined errors that wait out the tarpit are no client silence: "
            + "MaxProtocolErrors ends the session, not the inactivity timeout")
    void tarpitTimeIsNotCountedAsClientSilence() {
        SessionHarness h = SessionHarness.greeted(tarpitted(Duration.ofSeconds(5)));
        StringBuilder pipelined = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            pipelined.append("FOO").append(i).append("\r\n");
        }
        h.send(pipelined.toString());
        List<String> replies = new java.util.ArrayList<>();
        for (int second = 0; second < 40 && h.channel.isActive(); second++) {
            h.channel.advanceTimeBy(1, TimeUnit.SECONDS);
            h.channel.runScheduledPendingTasks();
            replies.addAll(h.replies());
        }
        assertThat(replies).hasSize(6);
        assertThat(replies.subList(0, 5)).allMatch("500 5.3.3 Unrecognized command"::equals);
        assertThat(replies.get(5)).isEqualTo(
                "421 4.7.0 Too many errors on this connection, closing transmission channel");
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("P22 after a tarpitted reply the client's silence counts from the reply")
    void silenceAfterATarpittedReplyCountsFromTheReply() {
        SessionHarness h = SessionHarness.greeted(tarpitted(Duration.ofSeconds(15)));
        h.send("FOO\r\n");
        h.channel.advanceTimeBy(15, TimeUnit.SECONDS);
        h.channel.runScheduledPendingTasks();
        assertThat(h.replies()).containsExactly("500 5.3.3 Unrecognized command");
        h.channel.advanceTimeBy(15, TimeUnit.SECONDS);
        h.channel.runScheduledPendingTasks();
        assertThat(h.channel.isActive()).isTrue();
        assertThat(h.reply("NOOP")).isEqualTo(NOOP_OK);
    }

    // ------------------------------------------------------------ P28 close mid-transaction

    @Test
    @DisplayName("P28 a close after two BDAT chunks without LAST queues nothing")
    void p28CloseBetweenChunks() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.send("BDAT 12\r\nSubject: p28");
        h.send("BDAT 6\r\n\r\nhalf");
        assertThat(h.replies()).hasSize(2);
        h.channel.close();
        h.channel.runPendingTasks();
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.aborted).hasValue(1);
    }

    // ------------------------------------------------------------ headers

    @Test
    @DisplayName("H03 a message with only a Subject is accepted; Postern adds a Message-ID and "
            + "nothing else, and never changes a Date or Message-ID it was given")
    void h03MissingHeaders() {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        assertThat(h.data("Subject: only subject", "", "body")).startsWith("250 2.6.0 <");
        String stored = h.store.committed.get(0).text();
        assertThat(stored).containsOnlyOnce("Message-ID: <").doesNotContain("\r\nDate:")
                .doesNotContain("\r\nFrom:").endsWith("\r\n\r\nbody\r\n");

        SessionHarness g = SessionHarness.atData(new TestPolicy());
        assertThat(g.data("Date: Thu, 1 Jan 1970 00:00:00 +0000", "Message-ID: <x@example.com>",
                "Subject: s", "", "b")).startsWith("250 2.6.0 <x@example.com> ");
        assertThat(g.store.committed.get(0).text())
                .contains("\r\nDate: Thu, 1 Jan 1970 00:00:00 +0000\r\n")
                .containsOnlyOnce("Message-ID: <x@example.com>\r\n");
    }

    @Test
    @DisplayName("H07 client Return-Path, Bcc and Delivered-To are message data: no recipient "
            + "is added, no loop refusal, the envelope sender stays the MAIL FROM")
    void h07ClientTraceHeaders() {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        assertThat(h.data("Return-Path: <ceo@example.org>", "Bcc: carol@example.net",
                "Delivered-To: bob@example.org", "Subject: s", "", "b")).startsWith("250 2.6.0 ");
        MemoryStore.Stored m = h.store.committed.get(0);
        assertThat(m.envelope().sender()).isEqualTo("alice@example.com");
        assertThat(m.envelope().recipients()).extracting(r -> r.address())
                .containsExactly("bob@example.org");
        assertThat(h.reply("NOOP")).isEqualTo(NOOP_OK);
    }

    // ------------------------------------------------------------ policy decisions

    @Test
    @DisplayName("Policy 2 and 3: a space after MAIL FROM: is accepted, <@> is no null sender "
            + "(501 5.1.7), a trailing dot in a domain is refused (501)")
    void policyDecisionsOnAddressForms() {
        SessionHarness h = greeted();
        assertThat(h.reply("MAIL FROM:<@>")).isEqualTo("501 5.1.7 Invalid address");
        assertThat(h.reply("MAIL FROM:<alice@example.com.>"))
                .isEqualTo("501 5.1.7 Invalid address");
        assertThat(h.reply("MAIL FROM: <alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RCPT TO: <bob@example.org>")).isEqualTo("250 2.1.5 Recipient OK");
    }

    // ------------------------------------------------------------ fields hidden by line ends

    /** The stored lines as a next hop reads them once bare CR and LF became line ends. */
    private static List<String> linesAsSentOn(String stored) {
        return List.of(stored.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
    }

    @ParameterizedTest(name = "H01/S04 a field hidden behind a bare {0} in the header section is "
            + "a field to the header firewall")
    @ValueSource(strings = {"CR", "LF"})
    void fieldHiddenBehindABareLineEndIsFirewalled(String eol) {
        String bare = eol.equals("CR") ? "\r" : "\n";
        String headers = "X-Note: 1" + bare + "X-MS-Exchange-Organization-AuthAs: Internal\r\n"
                + "Subject: s" + bare + bare + "X-MS-Exchange-Organization-SCL: -1\r\n";
        // by DATA (a bare LF is stored as CRLF, a bare CR kept) and by BDAT (octets as sent)
        SessionHarness d = SessionHarness.atData(new TestPolicy());
        d.send(headers + "\r\nbody\r\n.\r\n");
        SessionHarness b = greeted();
        b.cmd("MAIL FROM:<alice@example.com>");
        b.cmd("RCPT TO:<bob@example.org>");
        String chunk = headers + "\r\nbody\r\n";
        b.send("BDAT " + chunk.length() + " LAST\r\n" + chunk);
        for (SessionHarness h : List.of(d, b)) {
            assertThat(h.replies()).singleElement().asString().startsWith("250 2.6.0 ");
            List<String> lines = linesAsSentOn(h.store.committed.get(0).text());
            int end = lines.indexOf("");
            assertThat(lines.subList(0, end)).as(eol)
                    .contains("X-MS-Exchange-Organization-AuthAs: Anonymous")
                    .doesNotContain("X-MS-Exchange-Organization-AuthAs: Internal")
                    .noneMatch(l -> l.startsWith("X-MS-Exchange-Organization-SCL"));
            assertThat(lines.subList(0, end)).as(eol + ": Postern's stamps in the header")
                    .anyMatch(l -> l.startsWith("Message-ID: <"))
                    .contains("X-Note: 1", "Subject: s");
        }
    }

    @Test
    @DisplayName("H05 one field folded into 10,000 continuation lines is one field: accepted "
            + "under MaxHeaderSize; over it 552 5.3.4 and the close")
    void h05FieldFoldedTenThousandTimes() {
        StringBuilder folded = new StringBuilder("X-Long: start");
        for (int i = 0; i < 10_000; i++) {
            folded.append("\r\n\tpart").append(i);
        }
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        assertThat(h.data(folded.toString(), "Subject: folded", "", "b")).startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).contains("\tpart9999\r\nSubject: folded\r\n");

        TestPolicy small = new TestPolicy();
        small.maxHeaderSize = 65_536;
        SessionHarness s = SessionHarness.atData(small);
        assertThat(s.data(folded.toString(), "Subject: folded", "", "b"))
                .isEqualTo("552 5.3.4 Message header size exceeds fixed maximum size");
        assertThat(s.store.committed).isEmpty();
        assertThat(s.channel.isActive()).isFalse();
    }
}
