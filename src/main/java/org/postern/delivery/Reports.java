package org.postern.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.postern.queue.Envelope;
import org.postern.queue.IncomingMessage;
import org.postern.queue.MessageStore;
import org.postern.queue.Origin;
import org.postern.queue.QueuedMessage;
import org.postern.queue.SpooledMessage;

/**
 * Delivery status notifications (RFC 3464): the non-delivery report after a permanent failure
 * or expiry, and the delay notice. A report is a {@code multipart/report;
 * report-type=delivery-status} with a part a person can read (what failed and what the remote
 * server said), the {@code message/delivery-status} part, and the original message's headers
 * ({@code text/rfc822-headers}; the whole message as {@code message/rfc822} when the sender asked
 * with RET=FULL). It comes from {@code postmaster@<default accepted domain>} with the null
 * envelope sender, and is queued into the spool like any message.
 */
final class Reports {

    /** What kind of notice. */
    enum Kind { FAILED, DELAYED }

    /**
     * One recipient in a report.
     *
     * @param address the recipient (Final-Recipient)
     * @param originalRecipient the ORCPT parameter as given ({@code rfc822;addr}), or null
     * @param status the enhanced status code, {@code 5.1.1}
     * @param remoteMta the remote server's name, or null when Postern decided itself
     * @param diagnostic the reply that decided it ({@code 550 5.1.1 User unknown}), or null
     * @param explanation a sentence for a person
     */
    record Entry(String address, String originalRecipient, String status, String remoteMta,
            String diagnostic, String explanation) {
    }

    static final DateTimeFormatter RFC5322 = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final MessageStore store;
    private final String reportingMta;

    Reports(MessageStore store, String reportingMta) {
        this.store = store;
        this.reportingMta = reportingMta;
    }

    /**
     * Queues a report about {@code original} to its sender and waits until it is durable.
     *
     * @param from the report's From address, {@code postmaster@contoso.com}
     * @param retryUntil for DELAYED: when Postern gives up
     * @return the report as queued
     */
    QueuedMessage send(Kind kind, SpooledMessage original, String subject, Instant arrival,
            List<Entry> entries, String from, Instant now, Instant retryUntil, ZoneId zone)
            throws IOException {
        Envelope env = original.envelope();
        Origin origin = new Origin(null, null, null, null, reportingMta, "DSN", now);
        Envelope reportEnvelope = new Envelope("", List.of(new Envelope.Recipient(env.sender(),
                Map.of())), Map.of(), origin);
        String messageId = "<" + UUID.randomUUID() + "@" + reportingMta + ">";
        IncomingMessage m = store.begin(reportEnvelope);
        try {
            OutputStream out = new IncomingStream(m);
            write(out, kind, original, subject, arrival, entries, from, now, retryUntil, zone,
                    messageId);
            out.flush();
            return m.commit(messageId).toCompletableFuture().join();
        } catch (IOException | RuntimeException e) {
            m.abort();
            if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
                throw new IOException("the report could not be queued: "
                        + e.getCause().getMessage(), e.getCause());
            }
            throw e;
        }
    }

    /** Writes the whole report (headers and parts), CRLF lines. */
    void write(OutputStream out, Kind kind, SpooledMessage original, String subject,
            Instant arrival, List<Entry> entries, String from, Instant now, Instant retryUntil,
            ZoneId zone, String messageId) throws IOException {
        Envelope env = original.envelope();
        String boundary = "=_postern_report_" + UUID.randomUUID().toString().replace("-", "");
        boolean full = "FULL".equalsIgnoreCase(env.mailParameters().get("RET"));
        String prefix = kind == Kind.FAILED ? "Undeliverable: " : "Delivery delayed: ";
        StringBuilder h = new StringBuilder(1024);
        h.append("From: Mail Delivery System <").append(from).append(">\r\n");
        h.append("To: <").append(env.sender()).append(">\r\n");
        h.append("Date: ").append(RFC5322.format(now.atZone(zone))).append("\r\n");
        h.append("Subject: ").append(headerText(prefix + (subject == null ? "" : subject)))
                .append("\r\n");
        h.append("Message-ID: ").append(messageId).append("\r\n");
        if (original.messageId() != null) {
            h.append("In-Reply-To: ").append(original.messageId()).append("\r\n");
            h.append("References: ").append(original.messageId()).append("\r\n");
        }
        h.append("Auto-Submitted: auto-replied\r\n");
        h.append("MIME-Version: 1.0\r\n");
        h.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"")
                .append(boundary).append("\"\r\n");
        h.append("\r\n");
        h.append("This is a delivery status notification in MIME format.\r\n\r\n");

        // Part 1: for a person.
        h.append("--").append(boundary).append("\r\n");
        String human = humanText(kind, original, subject, arrival, entries, now, retryUntil,
                zone);
        if (isAscii(human)) {
            h.append("Content-Type: text/plain; charset=us-ascii\r\n");
            h.append("Content-Transfer-Encoding: 7bit\r\n\r\n");
            h.append(human);
        } else {
            h.append("Content-Type: text/plain; charset=utf-8\r\n");
            h.append("Content-Transfer-Encoding: base64\r\n\r\n");
            h.append(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'})
                    .encodeToString(human.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        h.append("\r\n");

        // Part 2: for programs.
        h.append("--").append(boundary).append("\r\n");
        h.append("Content-Type: message/delivery-status\r\n\r\n");
        h.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        String envid = env.mailParameters().get("ENVID");
        if (envid != null) {
            h.append("Original-Envelope-Id: ").append(xtextDecode(envid)).append("\r\n");
        }
        h.append("Arrival-Date: ").append(RFC5322.format(arrival.atZone(zone))).append("\r\n");
        for (Entry e : entries) {
            h.append("\r\n");
            if (e.originalRecipient() != null) {
                h.append("Original-Recipient: ").append(xtextDecode(e.originalRecipient()))
                        .append("\r\n");
            }
            h.append("Final-Recipient: ").append(isAscii(e.address()) ? "rfc822; " : "utf-8; ")
                    .append(e.address()).append("\r\n");
            h.append("Action: ").append(kind == Kind.FAILED ? "failed" : "delayed")
                    .append("\r\n");
            h.append("Status: ").append(e.status()).append("\r\n");
            if (e.remoteMta() != null) {
                h.append("Remote-MTA: dns; ").append(e.remoteMta()).append("\r\n");
            }
            if (e.diagnostic() != null) {
                h.append("Diagnostic-Code: smtp; ").append(cut(ascii(e.diagnostic()), 900))
                        .append("\r\n");
            }
            h.append("Last-Attempt-Date: ").append(RFC5322.format(now.atZone(zone)))
                    .append("\r\n");
            if (kind == Kind.DELAYED && retryUntil != null) {
                h.append("Will-Retry-Until: ").append(RFC5322.format(retryUntil.atZone(zone)))
                        .append("\r\n");
            }
        }
        h.append("\r\n");

        // Part 3: the original.
        h.append("--").append(boundary).append("\r\n");
        h.append(full ? "Content-Type: message/rfc822\r\n\r\n"
                : "Content-Type: text/rfc822-headers\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.UTF_8));
        // The original goes back to its sender, who may be outside: without the
        // organisation's own fields.
        try (InputStream in = OutboundHeaders.filter(original.openContent())) {
            if (full) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) != -1;) {
                    out.write(buf, 0, n);
                }
            } else {
                Headers.copyHeader(in, out, Integer.MAX_VALUE);
            }
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private String humanText(Kind kind, SpooledMessage original, String subject,
            Instant arrival, List<Entry> entries, Instant now, Instant retryUntil, ZoneId zone) {
        StringBuilder t = new StringBuilder(512);
        if (kind == Kind.FAILED) {
            t.append("Your message couldn't be delivered to ")
                    .append(entries.size() == 1 ? "this recipient" : "these recipients")
                    .append(":\r\n\r\n");
        } else {
            t.append("Your message hasn't been delivered to ")
                    .append(entries.size() == 1 ? "this recipient" : "these recipients")
                    .append(" yet:\r\n\r\n");
        }
        for (Entry e : entries) {
            t.append("    ").append(e.address()).append("\r\n");
            for (String line : wrap(e.explanation(), 70)) {
                t.append("    ").append(line).append("\r\n");
            }
            t.append("\r\n");
        }
        if (kind == Kind.DELAYED) {
            t.append("Postern keeps trying");
            if (retryUntil != null) {
                t.append(" until ").append(RFC5322.format(retryUntil.atZone(zone)));
            }
            t.append(". You don't need to do anything now; you will get another message if it"
                    + " can't be delivered in that time.\r\n\r\n");
        }
        t.append("Your message: ").append(subject == null ? "(no subject)"
                : Headers.decodeWords(subject))
                .append("\r\n");
        t.append("Sent: ").append(RFC5322.format(arrival.atZone(zone))).append("\r\n");
        if (original.messageId() != null) {
            t.append("Message-ID: ").append(original.messageId()).append("\r\n");
        }
        t.append("\r\nDiagnostic information for administrators:\r\n\r\n");
        t.append("Reporting server: ").append(reportingMta).append("\r\n");
        for (Entry e : entries) {
            t.append(e.address()).append("\r\n");
            if (e.remoteMta() != null) {
                t.append("Remote server: ").append(e.remoteMta()).append("\r\n");
            }
            if (e.diagnostic() != null) {
                t.append(e.remoteMta() != null ? "Remote server returned '" : "Reason: '")
                        .append(e.diagnostic()).append("'\r\n");
            }
        }
        t.append("\r\nThe original message's headers are attached.\r\n");
        return t.toString();
    }

    static List<String> wrap(String text, int width) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out;
    }

    /** A header value, RFC 2047-encoded when it has non-ASCII characters. */
    static String headerText(String value) {
        String v = value.replace("\r", " ").replace("\n", " ");
        if (isAscii(v)) {
            return v;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(v.getBytes(
                StandardCharsets.UTF_8)) + "?=";
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** Undoes xtext (RFC 3461): {@code +2B} is "+". */
    static String xtextDecode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' && i + 2 < s.length()) {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // Not xtext; keep it as it is.
                }
            }
            b.append(c);
        }
        return ascii(b.toString());
    }

    /** An OutputStream into an IncomingMessage, buffered. */
    private static final class IncomingStream extends OutputStream {
        private final IncomingMessage m;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(64 * 1024);

        IncomingStream(IncomingMessage m) {
            this.m = m;
        }

        @Override
        public void write(int b) throws IOException {
            buf.write(b);
            if (buf.size() >= 64 * 1024) {
                flush();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            buf.write(b, off, len);
            if (buf.size() >= 64 * 1024) {
                flush();
            }
        }

        @Override
        public void flush() throws IOException {
            if (buf.size() > 0) {
                m.write(ByteBuffer.wrap(buf.toByteArray()));
                buf.reset();
            }
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
