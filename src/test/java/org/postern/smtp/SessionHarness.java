package org.postern.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one {@link SmtpSession} on an {@link EmbeddedChannel}: bytes in, reply lines out.
 * The client address stands for the documentation addresses of relay-cases.md mapped to
 * loopback (outside clients 127.0.0.100 and up, relay clients 127.0.0.10 and up).
 */
final class SessionHarness {

    static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 25);
    static final InetSocketAddress OUT4 = new InetSocketAddress("127.0.0.100", 40000);
    static final InetSocketAddress RLY_SINGLE = new InetSocketAddress("127.0.0.10", 40001);
    /** 2016-08-05 16:24:41 -0700, the date of Exchange's banner example. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2016-08-05T23:24:41Z"),
            ZoneOffset.ofHours(-7));

    final TestPolicy policy;
    final MemoryStore store = new MemoryStore();
    final RecordingLog log = new RecordingLog();
    final EmbeddedChannel channel;
    private final StringBuilder pending = new StringBuilder();

    SessionHarness(TestPolicy policy) {
        this(policy, OUT4);
    }

    SessionHarness(TestPolicy policy, InetSocketAddress client) {
        this.policy = policy;
        this.channel = new AddressedChannel(client, SERVER);
        SmtpSession.install(channel, policy, store, log, "08D675E58CA1DA38", CLOCK);
    }

    /** A new session on the test policy, greeted with EHLO; banner and EHLO replies consumed. */
    static SessionHarness greeted(TestPolicy policy) {
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        h.send("EHLO client.example.net\r\n");
        h.replies();
        return h;
    }

    /**
     * A greeted session with a transaction from alice@example.com to bob@example.org up to the
     * 354; fails the test if any step is refused.
     */
    static SessionHarness atData(TestPolicy policy) {
        SessionHarness h = greeted(policy);
        expect(h.reply("MAIL FROM:<alice@example.com>"));
        expect(h.reply("RCPT TO:<bob@example.org>"));
        expect(h.reply("DATA"));
        return h;
    }

    private static void expect(String reply) {
        if (!reply.startsWith("250 ") && !reply.startsWith("354 ")) {
            throw new AssertionError("the transaction was refused: " + reply);
        }
    }

    /** Sends raw bytes (given as ISO-8859-1 text, so "\0" and "\r" stay single octets). */
    SessionHarness send(String raw) {
        return sendBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    SessionHarness sendBytes(byte[] raw) {
        channel.writeInbound(Unpooled.wrappedBuffer(raw));
        channel.runPendingTasks();
        return this;
    }

    /** Sends one command line with CRLF and returns the reply lines it produced. */
    List<String> cmd(String line) {
        send(line + "\r\n");
        return replies();
    }

    /** The last line of the reply to one command (the whole reply for one-line replies). */
    String reply(String line) {
        List<String> r = cmd(line);
        return r.isEmpty() ? "" : r.get(r.size() - 1);
    }

    /** All complete reply lines written since the last call. */
    List<String> replies() {
        channel.runPendingTasks();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            pending.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        List<String> out = new ArrayList<>();
        int i;
        while ((i = pending.indexOf("\r\n")) >= 0) {
            out.add(pending.substring(0, i));
            pending.delete(0, i + 2);
        }
        return out;
    }

    /** Sends a message body (lines joined with CRLF) and the terminator, returns the reply. */
    String data(String... bodyLines) {
        StringBuilder sb = new StringBuilder();
        for (String l : bodyLines) {
            sb.append(l).append("\r\n");
        }
        sb.append(".\r\n");
        send(sb.toString());
        List<String> r = replies();
        return r.isEmpty() ? "" : r.get(r.size() - 1);
    }

    /** An EmbeddedChannel with IP addresses, as the session expects. */
    private static final class AddressedChannel extends EmbeddedChannel {
        private final SocketAddress remote;
        private final SocketAddress local;

        AddressedChannel(SocketAddress remote, SocketAddress local) {
            this.remote = remote;
            this.local = local;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return remote;
        }

        @Override
        protected SocketAddress localAddress0() {
            return local;
        }
    }
}
