package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP smuggling and end-of-data handling (relay-cases.md section 2, the S cases) and the
 * protocol-robustness cases about line ends, NUL bytes and long lines (P01-P05), on an
 * EmbeddedChannel. Only {@code <CRLF>.<CRLF>} ends message data; every other byte sequence is
 * content, a refused message, or one refused command line, and the session stays in step (I4).
 */
class LineEndingCasesTest {

    /** The smuggled second transaction of every S case, with its own line ends. */
    private static String smuggled(String eol) {
        return "MAIL FROM:<spoof@example.net>" + eol + "RCPT TO:<bob@example.org>" + eol + "DATA"
                + eol + "From: ceo@example.net" + eol + eol + "smuggled";
    }

    private static String show(String raw) {
        return raw.replace("\r", "<CR>").replace("\n", "<LF>").replace("\0", "<NUL>");
    }

    /**
     * Sends one smuggling attempt and checks the invariant: exactly one reply, at most one
     * message, never one from the smuggled sender, and the smuggled text kept as content.
     */
    private static void oneMessageOnly(String fakeEnd, String smuggledEol) {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        h.send("From: alice@example.com\r\n\r\ntext" + fakeEnd + smuggled(smuggledEol)
                + "\r\n.\r\n");
        List<String> replies = h.replies();
        assertThat(replies).as(show(fakeEnd)).hasSize(1);
        assertThat(replies.get(0)).as(show(fakeEnd)).startsWith("250 2.6.0 ");
        assertThat(h.store.committed).as(show(fakeEnd)).hasSize(1);
        MemoryStore.Stored m = h.store.committed.get(0);
        assertThat(m.envelope().sender()).isEqualTo("alice@example.com");
        assertThat(m.text()).as(show(fakeEnd)).contains("MAIL FROM:<spoof@example.net>")
                .contains("smuggled");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    @DisplayName("S01 <LF>.<LF> is content: one reply, one message holding the smuggled text")
    void s01LfDotLf() {
        oneMessageOnly("\n.\n", "\n");
    }

    @Test
    @DisplayName("S02 <LF>.<CR><LF> is content: one reply, one message")
    void s02LfDotCrlf() {
        oneMessageOnly("\n.\r\n", "\r\n");
    }

    @Test
    @DisplayName("S03 <CR><LF>.<LF> is content: one reply, one message")
    void s03CrlfDotLf() {
        oneMessageOnly("\r\n.\n", "\r\n");
    }

    @ParameterizedTest(name = "S04 bare-CR terminator {0} is content")
    @ValueSource(strings = {"CR.CR", "CR.CRLF", "CR.LF", "LF.CR"})
    void s04BareCrTerminators(String name) {
        String fake = name.replace("CRLF", "\r\n").replace("CR", "\r").replace("LF", "\n");
        oneMessageOnly(fake, "\r\n");
    }

    @Test
    @DisplayName("S04 a bare CR is kept byte for byte, never cleaned into CRLF")
    void s04BareCrIsKeptExactly() {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        h.send("Subject: cr\r\n\r\ntext\r.\r" + smuggled("\r\n") + "\r\n.\r\n");
        assertThat(h.replies()).singleElement().asString().startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).contains("text\r.\rMAIL FROM:<spoof");
    }

    @ParameterizedTest(name = "S06 NUL next to the dot ({0}) is not a lone dot")
    @ValueSource(strings = {"before", "after"})
    void s06NulNextToTheDot(String where) {
        String fake = where.equals("before") ? "\r\n\0.\r\n" : "\r\n.\0\r\n";
        oneMessageOnly(fake, "\r\n");
    }

    @Test
    @DisplayName("S06 with NUL the message is kept whole, NUL included, never cut at the NUL")
    void s06NulIsKeptNotTruncated() {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        h.send("Subject: n\r\n\r\ntext\r\n\0.\r\nafter\r\n.\r\n");
        assertThat(h.replies()).singleElement().asString().startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).endsWith("text\r\n\0.\r\nafter\r\n");
    }

    @Test
    @DisplayName("S01 with BareLinefeedRejectionEnabled the whole attempt gets one 550 and "
            + "nothing is queued")
    void s01RefusedWhenBareLinefeedsAreRejected() {
        TestPolicy p = new TestPolicy();
        p.bareLfRejection = true;
        SessionHarness h = SessionHarness.atData(p);
        h.send("From: alice@example.com\r\n\r\ntext\n.\n" + smuggled("\n") + "\r\n.\r\n");
        assertThat(h.replies()).containsExactly("550 5.6.11 Bare line feeds are not allowed");
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.aborted).hasValue(1);
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    @DisplayName("S08 a bare LF elsewhere is stored as CRLF by default and refused with "
            + "BareLinefeedRejectionEnabled")
    void s08BareLfElsewhere() {
        String raw = "Subject: x\nFrom: alice@example.com\r\n\r\nline1\nline2\r\n.\r\n";
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        h.send(raw);
        assertThat(h.replies()).singleElement().asString().startsWith("250 2.6.0 ");
        String stored = h.store.committed.get(0).text();
        assertThat(stored).contains("\r\nSubject: x\r\nFrom: alice@example.com\r\n")
                .endsWith("\r\n\r\nline1\r\nline2\r\n");
        assertThat(stored.replace("\r\n", "")).doesNotContain("\n");

        TestPolicy strict = new TestPolicy();
        strict.bareLfRejection = true;
        SessionHarness s = SessionHarness.atData(strict);
        s.send(raw);
        assertThat(s.replies()).containsExactly("550 5.6.11 Bare line feeds are not allowed");
        assertThat(s.store.committed).isEmpty();
    }

    @Test
    @DisplayName("S09 message data pipelined before the 354 is refused and the session closed")
    void s09DataBefore354() {
        SessionHarness h = SessionHarness.greeted(new TestPolicy());
        h.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n"
                + "From: a@example.com\r\n\r\nx\r\n.\r\n" + smuggled("\r\n") + "\r\n.\r\n");
        assertThat(h.replies()).containsExactly("250 2.1.0 Sender OK", "250 2.1.5 Recipient OK",
                "554 5.5.0 Improper pipelining, data sent before the reply");
        assertThat(h.channel.isActive()).isFalse();
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.begun).hasValue(0);
    }

    @Test
    @DisplayName("S09 commands pipelined behind EHLO before its reply are refused and the session "
            + "closed")
    void s09CommandsBehindEhlo() {
        SessionHarness h = new SessionHarness(new TestPolicy());
        h.replies();
        h.send("EHLO x\r\nMAIL FROM:<a@example.com>\r\n");
        assertThat(h.replies())
                .containsExactly("554 5.5.0 Improper pipelining, data sent before the reply");
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("S09 a proper pipelined group (MAIL, RCPT, DATA last) is answered in order")
    void s09ProperPipelining() {
        SessionHarness h = SessionHarness.greeted(new TestPolicy());
        h.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.org>\r\n"
                + "RCPT TO:<carol@example.net>\r\nDATA\r\n");
        assertThat(h.replies()).containsExactly("250 2.1.0 Sender OK", "250 2.1.5 Recipient OK",
                "550 5.7.1 Unable to relay", "354 Start mail input; end with <CRLF>.<CRLF>");
    }

    @Test
    @DisplayName("S11 inside BDAT the octet count is the only framing: <CRLF>.<CRLF> is content")
    void s11BdatWithDotLine() {
        SessionHarness h = SessionHarness.greeted(new TestPolicy());
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        String chunk = "Subject: t\r\n\r\na\r\n.\r\nMAIL FROM:<x@example.net>\r\n";
        h.send("BDAT " + chunk.length() + " LAST\r\n" + chunk);
        assertThat(h.replies()).singleElement().asString().startsWith("250 2.6.0 ");
        assertThat(h.store.committed).hasSize(1);
        assertThat(h.store.committed.get(0).text())
                .endsWith("\r\n\r\na\r\n.\r\nMAIL FROM:<x@example.net>\r\n");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    @DisplayName("S13 a terminator split across TCP segments is found")
    void s13SplitTerminatorIsFound() {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        h.send("Subject: s\r\n\r\nbody\r");
        assertThat(h.replies()).isEmpty();
        h.send("\n.");
        assertThat(h.replies()).isEmpty();
        h.send("\r\n");
        assertThat(h.replies()).singleElement().asString().startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).endsWith("\r\n\r\nbody\r\n");
    }

    @Test
    @DisplayName("S13 split writes of body<CR>, <LF>, .<LF> are no end of data")
    void s13SplitFakeTerminatorIsNoEnd() {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        h.send("Subject: s\r\n\r\nbody\r");
        h.send("\n");
        h.send(".\n");
        assertThat(h.replies()).isEmpty();
        h.send("more\r\n.\r\n");
        assertThat(h.replies()).singleElement().asString().startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).endsWith("body\r\n.\r\nmore\r\n");
    }

    @Test
    @DisplayName("S14 dot transparency: exactly one leading dot is removed")
    void s14DotTransparency() {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        assertThat(h.data("Subject: dots", "", "..hidden", "...two", ". space"))
                .startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).endsWith("\r\n\r\n.hidden\r\n..two\r\n"
                + " space\r\n");
    }

    @Test
    @DisplayName("P01 a command line over 512 octets gets one 500 and the session stays in step")
    void p01OverlongCommandLine() {
        SessionHarness h = SessionHarness.greeted(new TestPolicy());
        assertThat(h.reply("NOOP " + "a".repeat(600))).isEqualTo("500 5.5.2 Line too long");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
        assertThat(h.reply("EHLO " + "b".repeat(5000))).isEqualTo("500 5.5.2 Line too long");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250 ");
        // The RCPT at the end of the overlong line is never run.
        assertThat(h.cmd("NOOP " + "c".repeat(600) + "RCPT TO:<carol@example.net>"))
                .containsExactly("500 5.5.2 Line too long");
        assertThat(h.cmd("NOOP " + "c".repeat(5000) + "\r\nRCPT TO:<bob@example.org>"))
                .containsExactly("500 5.5.2 Line too long", "250 2.1.5 Recipient OK");
        assertThat(h.reply("DATA")).startsWith("354 ");
        assertThat(h.data("Subject: p01", "", "x")).startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).envelope().recipients()).hasSize(1);
    }

    @Test
    @DisplayName("P01 MAIL and RCPT may be up to 1024 octets; longer is too long")
    void p01EnvelopeLinesHaveMoreRoom() {
        SessionHarness h = SessionHarness.greeted(new TestPolicy());
        String padded = "MAIL FROM:<a@example.com> AUTH=" + "e".repeat(490);
        assertThat(padded.length()).isGreaterThan(512).isLessThan(1022);
        assertThat(h.reply(padded)).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RSET")).startsWith("250 ");
        assertThat(h.reply("MAIL FROM:<a@example.com> AUTH=" + "e".repeat(1000)))
                .isEqualTo("500 5.5.2 Line too long");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    @DisplayName("P02 an endless line without CRLF costs bounded memory and gets one 500 when it "
            + "ends")
    void p02EndlessLine() {
        SessionHarness h = SessionHarness.greeted(new TestPolicy());
        byte[] chunk = "A".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 160; i++) { // 10 MB
            h.sendBytes(chunk);
            assertThat(h.replies()).isEmpty();
        }
        assertThat(h.channel.isActive()).isTrue();
        assertThat(h.cmd("")).containsExactly("500 5.5.2 Line too long");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    @DisplayName("P03 long lines in DATA are kept byte for byte; the bound is MaxMessageSize")
    void p03LongDataLines() {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        String l1 = "x".repeat(1500);
        String l2 = "y".repeat(100_000);
        assertThat(h.data("Subject: long", "", l1, l2)).startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).endsWith("\r\n\r\n" + l1 + "\r\n" + l2
                + "\r\n");

        TestPolicy small = new TestPolicy();
        small.maxMessageSize = 65_536;
        SessionHarness s = SessionHarness.atData(small);
        assertThat(s.data("Subject: long", "", l2))
                .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
        assertThat(s.store.committed).isEmpty();
        assertThat(s.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    @DisplayName("P04 NUL and control bytes in commands are refused with 501, bare CR and LF too")
    void p04ControlBytesInCommands() {
        TestPolicy p = new TestPolicy();
        p.maxProtocolErrors = 20;
        SessionHarness h = SessionHarness.greeted(p);
        String invalid = "501 5.5.2 Syntax error, invalid characters in command";
        assertThat(h.reply("MAIL FROM:<alice@example.com>\0SIZE=1")).isEqualTo(invalid);
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250 ");
        assertThat(h.reply("RCPT TO:<bob@example.org\0@example.net>")).isEqualTo(invalid);
        assertThat(h.reply("RCPT TO:<\"a\rX-Injected: 1\"@example.org>")).isEqualTo(invalid);
        assertThat(h.reply("RCPT TO:<carol@example.net>\nRCPT TO:<x@example.org>"))
                .isEqualTo(invalid);
        assertThat(h.reply("EHLO client\0.example.net")).isEqualTo(invalid);
        assertThat(h.reply("RSET \u001b[2J")).isEqualTo(invalid);
        // still in step, and no recipient slipped in
        assertThat(h.reply("DATA")).isEqualTo("554 5.5.1 No valid recipients");
    }

    @Test
    @DisplayName("P04 bytes that are not UTF-8 in a command are refused, never replaced")
    void p04InvalidUtf8InCommands() {
        SessionHarness h = SessionHarness.greeted(new TestPolicy());
        h.cmd("MAIL FROM:<alice@example.com> SMTPUTF8");
        h.sendBytes(new byte[] {'R', 'C', 'P', 'T', ' ', 'T', 'O', ':', '<', 'b', (byte) 0xC3,
            0x28, '@', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'o', 'r', 'g', '>', '\r', '\n'});
        assertThat(h.replies())
                .containsExactly("501 5.5.2 Syntax error, invalid characters in command");
    }

    @Test
    @DisplayName("P05 NUL in message data is kept, every byte as sent")
    void p05NulInData() {
        SessionHarness h = SessionHarness.atData(new TestPolicy());
        h.send("Subject: a\0b\r\n\r\nabc\0def\r\n.\r\n");
        assertThat(h.replies()).singleElement().asString().startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).contains("\r\nSubject: a\0b\r\n")
                .endsWith("\r\n\r\nabc\0def\r\n");
    }
}
