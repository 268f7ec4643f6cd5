package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.slf4j.LoggerFactory;

/**
 * Fuzz target for the SMTP session as a whole, on an EmbeddedChannel with the test policy
 * (some of its limits drawn from the input) and the in-memory store. The input is a mix of
 * well-formed commands and data lines, drawn from a list, and raw fuzzed octets, cut into
 * chunks at fuzzed points. Invariants: no exception escapes the pipeline and none reaches the
 * session's internal-error 421; the server writes only well-formed reply lines (three digits,
 * space or dash, at most 512 octets with CRLF, no other CR or LF); every message stored was
 * acknowledged with a 250 naming its internal id, and every such 250 names a stored message;
 * nothing follows a 421.
 */
@Tag("fuzz")
class SmtpSessionFuzzTest {

    private static final String[] PIECES = {"EHLO client.example.net", "HELO x", "EHLO",
        "MAIL FROM:<alice@example.com>", "MAIL FROM:<>", "MAIL FROM:<a@example.com> SIZE=100",
        "MAIL FROM:<a@example.com> BODY=BINARYMIME", "MAIL FROM:<a@example.com> BODY=8BITMIME",
        "MAIL FROM:<ålice@example.com> SMTPUTF8", "MAIL FROM:<a@example.com> RET=HDRS ENVID=x",
        "RCPT TO:<bob@example.org>", "RCPT TO:<carol@example.net>", "RCPT TO:<Postmaster>",
        "RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.org",
        "RCPT TO:<@a,@b:c@example.org>", "DATA", "BDAT 5", "BDAT 0 LAST", "BDAT 3 LAST",
        "RSET", "NOOP", "HELP", "VRFY bob", "QUIT", "STARTTLS", "AUTH LOGIN", "", ".", "..",
        "Subject: x", "Received: from a by b", "Message-ID: <m@example.com>", "From: a@b.c",
        "body", "\r\n.\r\n"};

    private static final Pattern QUEUED =
            Pattern.compile("250 2\\.6\\.0 .* \\[InternalId=(\\d+), Hostname=[^\\]]*\\] Queued"
                    + " mail for delivery");

    @BeforeAll
    static void quietLogs() {
        // one info line per session would slow the fuzzer to a crawl; warnings still show
        ((Logger) LoggerFactory.getLogger("postern")).setLevel(Level.WARN);
    }

    @FuzzTest(maxDuration = "15s")
    void sessionAnswersEveryInputWithWellFormedRepliesAndAcksOnlyStoredMail(
            FuzzedDataProvider data) {
        TestPolicy policy = new TestPolicy();
        policy.pipelining = data.consumeBoolean();
        policy.chunking = data.consumeBoolean();
        policy.smtpUtf8 = data.consumeBoolean();
        policy.bareLfRejection = data.consumeBoolean();
        policy.requireEhloDomain = data.consumeBoolean();
        policy.maxProtocolErrors = data.consumeInt(-1, 6);
        policy.maxRecipients = data.consumeInt(1, 4);
        policy.maxMessageSize = data.consumeBoolean() ? 37_748_736L : data.consumeLong(0, 4096);
        policy.maxHeaderSize = data.consumeBoolean() ? 262_144L : data.consumeLong(0, 2048);
        policy.maxHopCount = data.consumeInt(1, 3);
        policy.maxLocalHopCount = data.consumeInt(0, 3);
        SessionHarness h = new SessionHarness(policy);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (data.remainingBytes() > 0 && h.channel.isActive()) {
            byte[] piece = data.consumeBoolean()
                    ? (data.pickValue(PIECES) + "\r\n").getBytes(StandardCharsets.UTF_8)
                    : data.consumeBytes(data.consumeInt(0, 300));
            int at = 0;
            while (at < piece.length && h.channel.isActive()) {
                int n = Math.min(piece.length - at, data.consumeInt(1, 512));
                byte[] part = new byte[n];
                System.arraycopy(piece, at, part, 0, n);
                h.sendBytes(part);
                at += n;
                drain(h, out);
            }
        }
        h.channel.runPendingTasks();
        drain(h, out);
        h.channel.finishAndReleaseAll();
        drain(h, out);

        List<String> replies = lines(out.toByteArray());
        assertThat(replies).isNotEmpty();
        List<Long> acked = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            String r = replies.get(i);
            assertThat(r).matches("[2-5][0-9][0-9]([ -].*)?");
            assertThat(r.getBytes(StandardCharsets.UTF_8).length + 2)
                    .as("reply length of %s", r).isLessThanOrEqualTo(512);
            assertThat(r).doesNotStartWith("421 4.3.2");
            if (r.startsWith("421 ")) {
                assertThat(i).as("nothing after %s", r).isEqualTo(replies.size() - 1);
            }
            Matcher m = QUEUED.matcher(r);
            if (m.matches()) {
                acked.add(Long.parseLong(m.group(1)));
            }
        }
        assertThat(h.store.committed).extracting(MemoryStore.Stored::internalId)
                .containsExactlyElementsOf(acked);
    }

    private static void drain(SessionHarness h, ByteArrayOutputStream out) {
        ByteBuf b;
        while ((b = h.channel.readOutbound()) != null) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
    }

    /** Splits the server's output at CRLF; a bare CR or LF, or a line left open, fails. */
    private static List<String> lines(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n");
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n", -1)));
        lines.remove(lines.size() - 1);
        for (String l : lines) {
            assertThat(l).doesNotContain("\r", "\n");
        }
        return lines;
    }
}
