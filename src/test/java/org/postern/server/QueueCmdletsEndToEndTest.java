package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.admin.ScriptRunner;

/**
 * The queue cmdlets end to end: a real {@code postern serve} accepts a message for a domain
 * whose send connector points at a loopback port where nothing listens, so the message waits
 * in Retry; {@code postern exec} then shows, suspends, resumes and removes it and tracks it.
 */
class QueueCmdletsEndToEndTest {

    @TempDir
    Path scratch;

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** The queue's Status; empty while the queue does not exist yet. */
    private static String status(PosternProcess server) throws Exception {
        ScriptRunner.Outcome o = server.exec("(Get-Queue 'EX01\\To Fabrikam').Status");
        return o.success() ? o.stdout().trim() : "";
    }

    @Test
    void aMessageWaitingInRetryIsShownSuspendedResumedRemovedAndTracked() throws Exception {
        try (PosternProcess server = PosternProcess.start(scratch.resolve("data"))) {
            server.execOk("New-AcceptedDomain -Name Fabrikam -DomainName fabrikam.example"
                    + " -DomainType ExternalRelay");
            server.execOk("New-SendConnector -Name 'To Fabrikam' -AddressSpaces"
                    + " fabrikam.example -SmartHosts 127.0.0.1 -DNSRoutingEnabled $false"
                    + " -Port " + closedPort());
            String reply;
            try (SmtpClient c = SmtpClient.session("127.0.0.10", server.port(25))) {
                reply = c.transaction("alice@contoso.com", List.of("bob@fabrikam.example"),
                        "From: alice@contoso.com\r\nTo: bob@fabrikam.example\r\n"
                        + "Subject: Waiting for Fabrikam\r\n\r\nHello\r\n");
            }
            Matcher m = Pattern.compile("InternalId=(\\d+)").matcher(reply);
            assertThat(m.find()).as(reply).isTrue();
            String id = m.group(1);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status(server).equals("Retry"));

            String row = "%-43s %-12s %-6s %-12s %-42s\n";
            assertThat(server.execOk("Get-Queue")).isEqualTo("\n"
                    + String.format(row, "Identity", "DeliveryType", "Status", "MessageCount",
                            "NextHopDomain")
                    + String.format(row, "--------", "------------", "------", "------------",
                            "-------------")
                    + String.format(row, "EX01\\Submission", "Undefined", "Ready", "0",
                            "Submission")
                    + String.format(row, "EX01\\To Fabrikam", "SmartHost...", "Retry", "1",
                            "To Fabrikam")
                    + String.format(row, "EX01\\Unreachable", "Unreachable", "Ready", "0",
                            "Unreachable")
                    + "\n\n");
            String lastError = server.execOk("(Get-Queue 'EX01\\To Fabrikam').LastError").trim();
            assertThat(lastError).isNotEmpty();
            assertThat(server.execOk("Get-Queue -Filter 'MessageCount -gt 0' | ForEach-Object"
                    + " { $_.Identity + ' ' + $_.MessageCount }")).isEqualTo(
                            "EX01\\To Fabrikam 1\n");

            String messages = server.execOk("Get-Message");
            assertThat(messages).contains("EX01\\To Fabrikam\\" + id + " ")
                    .contains("alice@contoso.com").contains("Retry")
                    .contains("Waiting for Fabrikam");
            assertThat(server.execOk("Get-Message -Queue 'EX01\\To Fabrikam'"
                    + " -IncludeRecipientInfo | Format-List Identity,Subject,LastError"))
                    .contains("Identity  : EX01\\To Fabrikam\\" + id + "\n")
                    .contains("Subject   : Waiting for Fabrikam\n")
                    .contains("LastError : " + lastError);

            server.execOk("Suspend-Queue 'EX01\\To Fabrikam' -Confirm:$false");
            assertThat(status(server)).isEqualTo("Suspended");
            server.execOk("Resume-Queue 'EX01\\To Fabrikam'");
            assertThat(status(server)).isEqualTo("Retry");

            ScriptRunner.Outcome unknown = server.exec("Remove-Message 'EX01\\To Fabrikam\\"
                    + "999999' -WithNDR $false -Confirm:$false");
            assertThat(unknown.success()).isFalse();
            assertThat(unknown.stderr()).startsWith("The operation couldn't be performed"
                    + " because object 'EX01\\To Fabrikam\\999999' couldn't be found on"
                    + " 'ex01.contoso.com'.\n");

            server.execOk("Remove-Message 'EX01\\To Fabrikam\\" + id + "' -WithNDR $false"
                    + " -Confirm:$false");
            assertThat(server.execOk("Get-Message")).isEmpty();
            assertThat(server.execOk("(Get-Queue 'EX01\\To Fabrikam').MessageCount"))
                    .isEqualTo("0\n");

            String tracked = server.execOk("Get-MessageTrackingLog -Sender alice@contoso.com");
            assertThat(tracked).startsWith("\nEventId Source Sender            Recipients"
                    + "             MessageSubject      \n"
                    + "------- ------ ------            ----------"
                    + "             --------------      \n"
                    + "RECEIVE SMTP   alice@contoso.com {bob@fabrikam.example} Waiting for"
                    + " Fabrikam\n"
                    + "DEFER   SMTP   alice@contoso.com {bob@fabrikam.example} Waiting for"
                    + " Fabrikam\n");
            assertThat(server.execOk("Get-MessageTrackingLog -InternalMessageId " + id
                    + " -Start (Get-Date).AddHours(-1) | ForEach-Object { $_.EventId }"))
                    .startsWith("RECEIVE\nDEFER\n").endsWith("FAIL\n");
        }
    }
}
