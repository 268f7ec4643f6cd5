package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.log.MessageTrackingLog;
import org.postern.log.TrackingEvent;
import org.postern.shell.ExecutionResult;
import org.postern.shell.ShellDateTime;

/**
 * Get-MessageTrackingLog through the shell, on a tracking log in the test's data directory
 * holding events written for the test (in the server's time zone on December 3, 2024).
 */
class MessageTrackingCmdletsTest extends LiveConfigTest {

    private MessageTrackingLog tracking;

    private static Instant local(int hour, int minute) {
        return LocalDateTime.of(2024, 12, 3, hour, minute).atZone(ZoneId.systemDefault())
                .toInstant();
    }

    private static TrackingEvent event(Instant at, String source, String eventId, long id,
            String sender, List<String> rcpts, List<String> status, String subject) {
        return new TrackingEvent(at, "127.0.0.10", "client.test", "127.0.0.1",
                "ex01.contoso.com", "08D6000000000001", "EX01\\Default Frontend EX01", source,
                eventId, id, "<" + id + "@contoso.com>", "6f1c0d1e-0000-4000-8000-00000000000" + id,
                rcpts, status, 1234, rcpts.size(), null, null, subject, sender, sender, null,
                "Originating");
    }

    @BeforeEach
    void writeLog() throws Exception {
        tracking = new MessageTrackingLog(dir, "test");
        tracking.log(event(local(8, 30), "SMTP", "RECEIVE", 1, "chris@contoso.com",
                List.of("michelle@contoso.com"), List.of(), "test"));
        tracking.log(event(local(8, 31), "SMTP", "SEND", 1, "chris@contoso.com",
                List.of("michelle@contoso.com"), List.of("250 2.0.0 OK"), "test"));
        tracking.log(event(local(9, 15), "SMTP", "RECEIVE", 2, "kim@contoso.com",
                List.of("bob@fabrikam.example", "carol@fabrikam.example"), List.of(),
                "Quarterly report"));
        tracking.log(event(local(9, 16), "SMTP", "DEFER", 2, "kim@contoso.com",
                List.of("bob@fabrikam.example", "carol@fabrikam.example"),
                List.of("451 4.4.0 connection refused"), "Quarterly report"));
        tracking.log(event(local(10, 0), "DSN", "RECEIVE", 3, "",
                List.of("kim@contoso.com"), List.of(), "Undeliverable: Quarterly report"));
        shell = ManagementShell.session(repo, null, tracking);
    }

    @AfterEach
    void closeLog() {
        tracking.close();
    }

    private String events(String parameters) {
        return ok("Get-MessageTrackingLog " + parameters
                + " | ForEach-Object { $_.EventId + ' ' + $_.InternalMessageId }").stdout();
    }

    @Test
    void defaultTableSizesItselfToTheEvents() {
        assertThat(ok("Get-MessageTrackingLog -Sender chris@contoso.com").stdout())
                .isEqualTo("\n"
                        + "EventId Source Sender            Recipients             MessageSubject\n"
                        + "------- ------ ------            ----------             --------------\n"
                        + "RECEIVE SMTP   chris@contoso.com {michelle@contoso.com} test          \n"
                        + "SEND    SMTP   chris@contoso.com {michelle@contoso.com} test          \n"
                        + "\n\n");
    }

    @Test
    void everyFieldOfTheEventIsAProperty() {
        String fl = ok("Get-MessageTrackingLog -EventId DEFER | Format-List").stdout();
        assertThat(fl).contains("Timestamp               : " + ShellDateTime.local(local(9, 16))
                        + "\n")
                .contains("ClientIp                : 127.0.0.10\n")
                .contains("ServerHostname          : ex01.contoso.com\n")
                .contains("ConnectorId             : EX01\\Default Frontend EX01\n")
                .contains("Source                  : SMTP\n")
                .contains("EventId                 : DEFER\n")
                .contains("InternalMessageId       : 2\n")
                .contains("MessageId               : <2@contoso.com>\n")
                .contains("Recipients              : {bob@fabrikam.example,"
                        + " carol@fabrikam.example}\n")
                .contains("RecipientStatus         : {451 4.4.0 connection refused}\n")
                .contains("TotalBytes              : 1234\n")
                .contains("RecipientCount          : 2\n")
                .contains("MessageSubject          : Quarterly report\n")
                .contains("Sender                  : kim@contoso.com\n")
                .contains("ReturnPath              : kim@contoso.com\n")
                .contains("Directionality          : Originating\n");
        assertThat(ok("(Get-MessageTrackingLog -EventId DEFER).Recipients.Count").stdout())
                .isEqualTo("2\n");
    }

    @Test
    void criteriaCombineAndMatchWithoutRegardToCase() {
        assertThat(events("-Sender KIM@contoso.com")).isEqualTo("RECEIVE 2\nDEFER 2\n");
        assertThat(events("-Recipients carol@fabrikam.example,nobody@x.example"))
                .isEqualTo("RECEIVE 2\nDEFER 2\n");
        assertThat(events("-EventId receive")).isEqualTo("RECEIVE 1\nRECEIVE 2\nRECEIVE 3\n");
        assertThat(events("-MessageId '2@contoso.com'")).isEqualTo("RECEIVE 2\nDEFER 2\n");
        assertThat(events("-InternalMessageId 1 -EventId SEND")).isEqualTo("SEND 1\n");
        assertThat(events("-MessageSubject quarterly -EventId RECEIVE"))
                .isEqualTo("RECEIVE 2\nRECEIVE 3\n");
        assertThat(events("-Source DSN")).isEqualTo("RECEIVE 3\n");
        assertThat(events("-ResultSize 2")).isEqualTo("RECEIVE 1\nSEND 1\n");
        assertThat(events("-Source SMTP -ResultSize 3")).isEqualTo("RECEIVE 1\nSEND 1\n"
                + "RECEIVE 2\n");
        assertThat(events("-ResultSize Unlimited -Server EX01").lines()).hasSize(5);
        assertThat(ok("Get-MessageTrackingLog -Sender nobody@contoso.com").stdout()).isEmpty();
    }

    @Test
    void startAndEndTakeTheDateFormsAdminsType() {
        assertThat(events("-Start '12/3/2024 9:00 AM'")).isEqualTo("RECEIVE 2\nDEFER 2\n"
                + "RECEIVE 3\n");
        assertThat(events("-Start \"12/3/2024 9:15\" -End '12/3/2024 10:00:00 AM'"))
                .isEqualTo("RECEIVE 2\nDEFER 2\n");
        assertThat(events("-Start 2024-12-03 -End '2024-12-03 08:31'")).isEqualTo("RECEIVE 1\n");
        assertThat(events("-End 'December 3, 2024 8:31 AM'")).isEqualTo("RECEIVE 1\n");
        assertThat(events("-Start (Get-Date '12/3/2024 10:30 AM').AddMinutes(-80)"))
                .isEqualTo("RECEIVE 2\nDEFER 2\nRECEIVE 3\n");
        tracking.log(event(Instant.now().minusSeconds(300), "SMTP", "RECEIVE", 4,
                "kim@contoso.com", List.of("bob@fabrikam.example"), List.of(), "Just now"));
        assertThat(events("-Start (Get-Date).AddHours(-1)")).isEqualTo("RECEIVE 4\n");
        assertThat(events("-Start '12/4/2024'")).isEqualTo("RECEIVE 4\n");
    }

    @Test
    void aValueThatIsNoDateIsAnErrorNamingIt() {
        ExecutionResult r = fails("Get-MessageTrackingLog -Start 'yesterday noon'");
        assertThat(r.stderr()).contains("Cannot process argument transformation on parameter"
                + " 'Start'. Cannot convert value \"yesterday noon\" to type \"System.DateTime\"."
                + " Error: \"String was not recognized as a valid DateTime.\"");
        assertThat(fails("Get-MessageTrackingLog -End '13/3/2024'").stderr())
                .contains("\"13/3/2024\"");
        assertThat(fails("Get-MessageTrackingLog -InternalMessageId abc").stderr())
                .contains("\"abc\"");
        assertThat(fails("Get-MessageTrackingLog -ResultSize lots").stderr())
                .contains("'ResultSize'").contains("lots");
        assertThat(fails("Get-MessageTrackingLog -Server EX02").stderr()).contains("'EX02'");
    }

    @Test
    void timestampsCompareWithDatesAndText() {
        assertThat(ok("Get-MessageTrackingLog | where { $_.Timestamp -gt '12/3/2024 9:30 AM' }"
                + " | ForEach-Object { $_.InternalMessageId }").stdout()).isEqualTo("3\n");
        assertThat(ok("(Get-MessageTrackingLog -EventId SEND).Timestamp.Hour").stdout())
                .isEqualTo("8\n");
        assertThat(ok("Get-MessageTrackingLog | Measure-Object TotalBytes -Sum").stdout())
                .contains("Sum      : 6170\n");
    }
}
