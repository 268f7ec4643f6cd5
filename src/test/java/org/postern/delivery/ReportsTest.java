package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.queue.Envelope;
import org.postern.queue.Origin;
import org.postern.queue.SpooledMessage;

class ReportsTest {

    @TempDir
    Path dir;

    private static final Instant ARRIVAL = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T10:05:00Z");

    /** One MIME part as parsed back: its content type and decoded body. */
    record Part(String mimeType, String body) {
    }

    private SpooledMessage original(Map<String, String> mailParameters) throws Exception {
        Path content = dir.resolve("1.eml");
        Files.writeString(content, "Received: from client.test\r\nFrom: alice@fabrikam.test\r\n"
                + "To: bob@remote.test, carol@remote.test\r\nSubject: Quarterly numbers\r\n"
                + "Message-ID: <q4@fabrikam.test>\r\n\r\nThe body stays private.\r\n");
        Envelope env = new Envelope("alice@fabrikam.test", List.of(
                new Envelope.Recipient("bob@remote.test", Map.of()),
                new Envelope.Recipient("carol@remote.test", Map.of("ORCPT",
                        "rfc822;carol@remote.test"))), mailParameters,
                new Origin("EX01\\Default Frontend EX01", "08D6", new InetSocketAddress(
                        "127.0.0.10", 40000), new InetSocketAddress("127.0.0.1", 25), "client",
                        "ANONYMOUS LOGON", ARRIVAL));
        return new SpooledMessage(1, "<q4@fabrikam.test>", env, Files.size(content), content);
    }

    private List<Part> parse(byte[] report, List<String> topType) throws Exception {
        MimeTokenStream s = new MimeTokenStream(MimeConfig.PERMISSIVE);
        s.parse(new ByteArrayInputStream(report));
        List<Part> parts = new ArrayList<>();
        int depth = 0;
        for (EntityState st = s.getState(); st != EntityState.T_END_OF_STREAM; st = s.next()) {
            if (st == EntityState.T_FIELD && depth == 0
                    && s.getField().getName().equalsIgnoreCase("Content-Type")) {
                String ct = s.getField().getBody().replaceAll("\\s+", " ");
                java.util.regex.Matcher rt = java.util.regex.Pattern.compile(
                        "report-type=\"?([a-z-]+)").matcher(ct);
                topType.add(rt.find() ? rt.group(1) : null);
            } else if (st == EntityState.T_START_MULTIPART) {
                if (depth++ == 0) {
                    topType.add(0, s.getBodyDescriptor().getMimeType());
                }
            } else if (st == EntityState.T_BODY) {
                try (InputStream in = s.getDecodedInputStream()) {
                    parts.add(new Part(s.getBodyDescriptor().getMimeType(),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
        return parts;
    }

    private byte[] write(Reports.Kind kind, SpooledMessage m, List<Reports.Entry> entries) throws
            Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Reports(null, "ex01.contoso.com").write(out, kind, m, "Quarterly numbers", ARRIVAL,
                entries, "postmaster@contoso.com", NOW, ARRIVAL.plusSeconds(172800),
                ZoneOffset.UTC, "<report@ex01.contoso.com>");
        return out.toByteArray();
    }

    private static final Reports.Entry CAROL = new Reports.Entry("carol@remote.test",
            "rfc822;carol@remote.test", "5.1.1", "mx.remote.test",
            "550 5.1.1 <carol@remote.test>: Recipient address rejected: User unknown",
            "The receiving server mx.remote.test refused the message for this recipient. It"
                    + " said: 550 5.1.1 <carol@remote.test>: Recipient address rejected: User"
                    + " unknown");

    @Test
    void nonDeliveryReportIsAMultipartReportWithThreeParts() throws Exception {
        byte[] report = write(Reports.Kind.FAILED, original(Map.of()), List.of(CAROL));
        String text = new String(report, StandardCharsets.UTF_8);
        assertThat(text).startsWith("From: Mail Delivery System <postmaster@contoso.com>\r\n"
                + "To: <alice@fabrikam.test>\r\n");
        assertThat(text).contains("\r\nSubject: Undeliverable: Quarterly numbers\r\n")
                .contains("\r\nAuto-Submitted: auto-replied\r\n");
        List<String> top = new ArrayList<>();
        List<Part> parts = parse(report, top);
        assertThat(top).containsExactly("multipart/report", "delivery-status");
        assertThat(parts).extracting(Part::mimeType).containsExactly("text/plain",
                "message/delivery-status", "text/rfc822-headers");

        String human = parts.get(0).body();
        assertThat(human).contains("couldn't be delivered").contains("carol@remote.test")
                .contains("User unknown").contains("mx.remote.test")
                .contains("Quarterly numbers");

        String status = parts.get(1).body();
        assertThat(status).contains("Reporting-MTA: dns; ex01.contoso.com\r\n")
                .contains("Arrival-Date: Tue, 1 Dec 2026 10:00:00 GMT\r\n")
                .contains("\r\n\r\nOriginal-Recipient: rfc822;carol@remote.test\r\n"
                        + "Final-Recipient: rfc822; carol@remote.test\r\nAction: failed\r\n"
                        + "Status: 5.1.1\r\nRemote-MTA: dns; mx.remote.test\r\n"
                        + "Diagnostic-Code: smtp; 550 5.1.1 <carol@remote.test>: Recipient"
                        + " address rejected: User unknown\r\n");

        String headers = parts.get(2).body();
        assertThat(headers).contains("Subject: Quarterly numbers")
                .contains("Message-ID: <q4@fabrikam.test>")
                .doesNotContain("The body stays private");
    }

    @Test
    void retFullAttachesTheWholeMessage() throws Exception {
        byte[] report = write(Reports.Kind.FAILED, original(Map.of("RET", "FULL")),
                List.of(CAROL));
        assertThat(new String(report, StandardCharsets.UTF_8))
                .contains("Content-Type: message/rfc822\r\n\r\nReceived: from client.test")
                .contains("The body stays private.");
    }

    @Test
    void delayNoticeSaysDelayedAndUntilWhen() throws Exception {
        Reports.Entry bob = new Reports.Entry("bob@remote.test", null, "4.4.7", null,
                "451 4.3.0 try later", "Delivery to this recipient has been delayed.");
        byte[] report = write(Reports.Kind.DELAYED, original(Map.of()), List.of(bob));
        List<Part> parts = parse(report, new ArrayList<>());
        assertThat(new String(report, StandardCharsets.UTF_8))
                .contains("Subject: Delivery delayed: Quarterly numbers");
        assertThat(parts.get(1).body()).contains("Action: delayed\r\nStatus: 4.4.7\r\n")
                .contains("Will-Retry-Until: Thu, 3 Dec 2026 10:00:00 GMT");
        assertThat(parts.get(0).body()).contains("hasn't been delivered").contains("keeps trying");
    }

    @Test
    void nonAsciiSubjectIsEncodedInTheReportHeader() {
        assertThat(Reports.headerText("Undeliverable: Grüße"))
                .isEqualTo("=?UTF-8?B?VW5kZWxpdmVyYWJsZTogR3LDvMOfZQ==?=");
    }
}
