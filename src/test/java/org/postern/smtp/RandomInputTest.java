package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Invariant I3 under noise: sessions fed seeded random mixes of valid commands, broken
 * commands, control bytes, bare line ends and data, split at random points, answer every line
 * with a well-formed reply and never with the internal-error 421.
 */
class RandomInputTest {

    private static final String[] PIECES = {"EHLO client.example.net", "HELO x", "EHLO",
        "MAIL FROM:<alice@example.com>", "MAIL FROM:<>", "MAIL FROM:alice@example.com SIZE=10",
        "MAIL FROM:<a@example.com> BODY=BINARYMIME", "MAIL FROM:<a@example.com> SMTPUTF8",
        "RCPT TO:<bob@example.org>", "RCPT TO:<carol@example.net>", "RCPT TO:<Postmaster>",
        "RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.org",
        "RCPT TO:<\"q\"@[127.0.0.1]>", "DATA", "BDAT 5", "BDAT 0 LAST", "BDAT 3 LAST", "BDAT x",
        "RSET", "NOOP", "HELP", "VRFY bob", "QUIT", "STARTTLS", "AUTH LOGIN", "", ".", "..",
        "Subject: x", "MAIL FROM:<ålice@example.com> SMTPUTF8", "RCPT TO:<@a,@b:c@example.org>",
        "GET / HTTP/1.1"};

    /** A well-behaved transaction, which the noise follows half of the time. */
    private static final String[] FLOW = {"EHLO client.example.net",
        "MAIL FROM:<alice@example.com>", "RCPT TO:<bob@example.org>", "DATA", "Subject: x", "",
        "body", "."};

    /** One random line: the next step of the flow or a random piece, perhaps spoiled. */
    private static byte[] line(Random r, int step) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String p = r.nextBoolean() ? FLOW[step % FLOW.length] : PIECES[r.nextInt(PIECES.length)];
        if (p.equals("QUIT") || p.startsWith("GET")) {
            p = "NOOP"; // keep the session open to the end
        }
        out.writeBytes(p.getBytes(StandardCharsets.UTF_8));
        switch (r.nextInt(24)) {
            case 0 -> out.write('\n');
            case 1 -> out.write('\r');
            case 2 -> out.write(0);
            case 3 -> out.writeBytes("x".repeat(r.nextInt(3000))
                    .getBytes(StandardCharsets.US_ASCII));
            case 4 -> out.write(0xC3);
            default -> { }
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    @DisplayName("I3 random input: every reply well formed, never an internal error")
    void randomInputNeverBreaksTheSession() {
        Random seeds = new Random(20161205L);
        int replyCount = 0;
        int committed = 0;
        int dataStarted = 0;
        for (int run = 0; run < 300; run++) {
            long seed = seeds.nextLong();
            Random r = new Random(seed);
            TestPolicy p = new TestPolicy();
            p.maxProtocolErrors = -1;
            SessionHarness h = new SessionHarness(p);
            int lines = 1 + r.nextInt(40);
            for (int i = 0; i < lines && h.channel.isActive(); i++) {
                byte[] input = line(r, i);
                // each line in random pieces, so framing meets every split
                int at = 0;
                while (at < input.length && h.channel.isActive()) {
                    int n = Math.min(input.length - at, 1 + r.nextInt(64));
                    byte[] part = new byte[n];
                    System.arraycopy(input, at, part, 0, n);
                    h.sendBytes(part);
                    at += n;
                }
            }
            if (h.channel.isActive()) {
                h.send("\r\n.\r\n"); // ends a DATA left open, else two more replies
            }
            List<String> replies = h.replies();
            assertThat(replies).as("seed %d", seed).isNotEmpty()
                    .allMatch(l -> l.matches("[2-5][0-9][0-9][ -].*"))
                    .noneMatch(l -> l.startsWith("421 4.3.2"));
            replyCount += replies.size();
            committed += h.store.committed.size();
            dataStarted += (int) replies.stream().filter(l -> l.startsWith("354 ")).count();
        }
        // the noise reached every stage, not just the greeting
        assertThat(replyCount).isGreaterThan(3000);
        assertThat(dataStarted).isGreaterThan(20);
        assertThat(committed).isGreaterThan(10);
    }
}
