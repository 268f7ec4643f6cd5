package org.postern.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageTrackingLogTest {

    @TempDir
    Path dir;

    private static TrackingEvent event(String at, String eventId, long id, String sender,
            List<String> rcpts, String subject) {
        return new TrackingEvent(Instant.parse(at), "127.0.0.10", "client.test", "127.0.0.1",
                "ex01.contoso.com", "08D675E58CA1DA38", "EX01\\Default Frontend EX01", "SMTP",
                eventId, id, "<m" + id + "@client.test>", "0d8f1c2e-0000-0000-0000-000000000001",
                rcpts, List.of(), 1234, rcpts.size(), null, null, subject, sender, sender,
                null, "Incoming");
    }

    @Test
    void filesHaveExchangesHeaderLinesAndFieldOrder() throws Exception {
        try (MessageTrackingLog log = new MessageTrackingLog(dir, "0.1.0")) {
            log.log(event("2026-12-01T10:00:00.123Z", "RECEIVE", 1, "a@x.test",
                    List.of("b@y.test"), "Hello"));
        }
        Path file = dir.resolve("logs/MessageTracking/MSGTRK20261201-1.log");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("#Software: Postern");
        assertThat(lines.get(1)).isEqualTo("#Version: 0.1.0");
        assertThat(lines.get(2)).isEqualTo("#Log-Type: Message Tracking Log");
        assertThat(lines.get(3)).startsWith("#Date: 2026-12-01T10:00:00.123Z");
        assertThat(lines.get(4)).isEqualTo("#Fields: date-time,client-ip,client-hostname,"
                + "server-ip,server-hostname,source-context,connector-id,source,event-id,"
                + "internal-message-id,message-id,network-message-id,recipient-address,"
                + "recipient-status,total-bytes,recipient-count,related-recipient-address,"
                + "reference,message-subject,sender-address,return-path,message-info,"
                + "directionality,tenant-id,original-client-ip,original-server-ip,custom-data,"
                + "transport-traffic-type,log-id,schema-version");
        assertThat(lines.get(5)).startsWith("2026-12-01T10:00:00.123Z,127.0.0.10,client.test,"
                + "127.0.0.1,ex01.contoso.com,08D675E58CA1DA38,EX01\\Default Frontend EX01,SMTP,"
                + "RECEIVE,1,<m1@client.test>,");
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndReadBack() throws Exception {
        String subject = "Re: \"budget\", Q4\r\nand more";
        try (MessageTrackingLog log = new MessageTrackingLog(dir, "0.1.0")) {
            log.log(event("2026-12-01T10:00:00Z", "SEND", 2, "a@x.test",
                    List.of("b@y.test", "c@y.test"), subject));
            List<TrackingEvent> back = log.search(TrackingQuery.all());
            String row = Files.readString(dir.resolve(
                    "logs/MessageTracking/MSGTRK20261201-1.log"));
            assertThat(row).contains(",\"Re: \"\"budget\"\", Q4\r\nand more\",")
                    .contains(",b@y.test;c@y.test,");
            assertThat(back).hasSize(1);
            assertThat(back.get(0).messageSubject()).isEqualTo(subject);
            assertThat(back.get(0).recipientAddress()).containsExactly("b@y.test", "c@y.test");
        }
    }

    @Test
    void searchFiltersBySenderRecipientMessageIdEventTimeAndResultSize() throws Exception {
        try (MessageTrackingLog log = new MessageTrackingLog(dir, "0.1.0")) {
            log.log(event("2026-12-01T10:00:00Z", "RECEIVE", 1, "a@x.test",
                    List.of("b@y.test"), "one"));
            log.log(event("2026-12-01T10:00:01Z", "SEND", 1, "a@x.test",
                    List.of("b@y.test"), "one"));
            log.log(event("2026-12-02T09:00:00Z", "RECEIVE", 2, "z@x.test",
                    List.of("c@y.test", "d@y.test"), "two"));
            assertThat(log.search(q("A@X.test", null, null, null, null, null, 0))).hasSize(2);
            assertThat(log.search(q(null, List.of("D@y.test"), null, null, null, null, 0)))
                    .extracting(TrackingEvent::internalMessageId).containsExactly(2L);
            assertThat(log.search(q(null, null, "m1@client.test", "send", null, null, 0)))
                    .extracting(TrackingEvent::eventId).containsExactly("SEND");
            assertThat(log.search(q(null, null, null, null,
                    Instant.parse("2026-12-01T10:00:01Z"), Instant.parse("2026-12-02T00:00:00Z"),
                    0))).extracting(TrackingEvent::eventId).containsExactly("SEND");
            assertThat(log.search(q(null, null, null, null, null, null, 2))).hasSize(2)
                    .extracting(TrackingEvent::eventId).containsExactly("RECEIVE", "SEND");
            assertThat(Files.exists(dir.resolve("logs/MessageTracking/MSGTRK20261202-1.log")))
                    .isTrue();
        }
    }

    private static TrackingQuery q(String sender, List<String> rcpts, String messageId,
            String eventId, Instant start, Instant end, int size) {
        return new TrackingQuery(sender, rcpts, messageId, null, eventId, null, start, end,
                size);
    }
}
