package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.config.AddressSpace;
import org.postern.config.SendConnector;
import org.postern.config.SendConnectorUsage;
import org.postern.config.SmartHost;
import org.postern.delivery.DeliveryEngine;
import org.postern.delivery.DnsResolver;
import org.postern.delivery.FileDeliveryStateStore;
import org.postern.delivery.Maildirs;
import org.postern.delivery.QueueAdmin;
import org.postern.log.MessageTrackingLog;
import org.postern.queue.Envelope;
import org.postern.queue.IncomingMessage;
import org.postern.queue.Origin;
import org.postern.queue.SpoolStore;
import org.postern.shell.ExecutionResult;
import org.postern.shell.ShellDateTime;

/**
 * The queue cmdlets through the shell, on a real delivery engine in the test's data directory:
 * its send connector points at a loopback port where nothing listens, so the messages sit in
 * the connector's queue in Retry.
 */
class QueueCmdletsTest extends LiveConfigTest {

    private SpoolStore spool;
    private MessageTrackingLog tracking;
    private DeliveryEngine engine;

    @BeforeEach
    void startEngine() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Instant now = Instant.now();
        SendConnector fabrikam = SendConnector.create("To Fabrikam", SendConnectorUsage.Custom,
                List.of(AddressSpace.parse("fabrikam.example")), "EX01", now).toBuilder()
                .dnsRoutingEnabled(false).smartHosts(List.of(SmartHost.parse("127.0.0.1")))
                .port(closed).build(now);
        repo.update(c -> c.withSendConnector(fabrikam));
        spool = SpoolStore.open(dir);
        tracking = new MessageTrackingLog(dir, "test");
        engine = new DeliveryEngine(spool, new FileDeliveryStateStore(dir), repo::current,
                new DnsResolver(new InetSocketAddress("127.0.0.1", 9), Duration.ofSeconds(1)),
                List::of, new Maildirs(dir, "ex01.contoso.com", Clock.systemUTC()), tracking,
                Clock.systemUTC());
        engine.start();
        shell = ManagementShell.session(repo, engine, tracking);
    }

    @AfterEach
    void stopEngine() throws Exception {
        engine.close();
        tracking.close();
        spool.close();
    }

    private long submit(String sender, String subject, String... rcpts) throws Exception {
        List<Envelope.Recipient> rs = new ArrayList<>();
        for (String r : rcpts) {
            rs.add(new Envelope.Recipient(r, Map.of()));
        }
        IncomingMessage m = spool.begin(new Envelope(sender, rs, Map.of(), new Origin(
                "EX01\\Default Frontend EX01", "08D6000000000001",
                new InetSocketAddress("127.0.0.10", 40000),
                new InetSocketAddress("127.0.0.1", 25), "client.test", "ANONYMOUS LOGON",
                Instant.now())));
        String content = "From: " + sender + "\r\nSubject: " + subject + "\r\n\r\nHello\r\n";
        m.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        return m.commit("<" + m.internalId() + "@client.test>").toCompletableFuture().join()
                .internalId();
    }

    /** Submits a message to fabrikam.example and waits until its queue is in Retry. */
    private long waiting(String subject) throws Exception {
        long id = submit("alice@contoso.com", subject, "bob@fabrikam.example");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.queues().stream().anyMatch(
                q -> q.nextHopDomain().equals("To Fabrikam")
                        && q.status() == QueueAdmin.QueueStatus.Retry
                        && q.messageCount() >= 1)
                && engine.messages("EX01\\To Fabrikam").stream()
                        .anyMatch(m -> m.internalId() == id));
        return id;
    }

    private QueueAdmin.QueueView fabrikamQueue() {
        return engine.queues().stream().filter(q -> q.nextHopDomain().equals("To Fabrikam"))
                .findFirst().orElseThrow();
    }

    @Test
    void getQueuePrintsTheTableOfExchange2007WithTheRetryingQueue() throws Exception {
        waiting("Numbers");
        // Fixed widths 43, 12, 6 and 12; NextHopDomain takes the rest of the 119 columns (42),
        // and 5.1 pads every cell, the last one too.
        String row = "%-43s %-12s %-6s %-12s %-42s\n";
        assertThat(ok("Get-Queue").stdout()).isEqualTo("\n"
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
    }

    @Test
    void messageCountIsANumberForWhereAndMeasure() throws Exception {
        waiting("Numbers");
        waiting("More numbers");
        assertThat(ok("Get-Queue | where {$_.MessageCount -gt 0} | ForEach-Object"
                + " { $_.Identity }").stdout()).isEqualTo("EX01\\To Fabrikam\n");
        assertThat(ok("Get-Queue | Measure-Object MessageCount -Sum").stdout())
                .containsPattern("Count    : 3\n")
                .containsPattern("Sum      : 2\n")
                .contains("Property : MessageCount");
        assertThat(ok("(Get-Queue 'EX01\\To Fabrikam').MessageCount + 1").stdout())
                .isEqualTo("3\n");
    }

    @Test
    void queueDetailsShowTheLastErrorAndTheNextRetry() throws Exception {
        waiting("Numbers");
        QueueAdmin.QueueView q = fabrikamQueue();
        String fl = ok("Get-Queue 'To Fabrikam' | Format-List").stdout();
        assertThat(fl).contains("DeliveryType         : SmartHostConnectorDelivery\n")
                .contains("NextHopDomain        : To Fabrikam\n")
                .contains("Status               : Retry\n")
                .contains("MessageCount         : 1\n")
                .contains("LastError            : " + q.lastError() + "\n")
                .contains("NextRetryTime        : "
                        + ShellDateTime.local(q.nextRetryTime()) + "\n")
                .contains("NextHopConnector     : " + repo.current()
                        .sendConnector("To Fabrikam").orElseThrow().guid() + "\n")
                .contains("NextHopCategory      : External\n")
                .contains("Identity             : EX01\\To Fabrikam\n");
        assertThat(q.lastError()).isNotBlank();
        assertThat(ok("(Get-Queue 'EX01\\To Fabrikam').NextRetryTime -gt (Get-Date)").stdout())
                .isEqualTo("True\n");
    }

    @Test
    void filterSelectsQueuesByTheirProperties() throws Exception {
        waiting("Numbers");
        assertThat(ok("Get-Queue -Filter \"MessageCount -gt 0\" | ForEach-Object"
                + " { $_.Identity }").stdout()).isEqualTo("EX01\\To Fabrikam\n");
        assertThat(ok("Get-Queue -Filter {Status -eq 'Retry' -and DeliveryType -eq"
                + " 'SmartHostConnectorDelivery'} | ForEach-Object { $_.NextHopDomain }")
                .stdout()).isEqualTo("To Fabrikam\n");
        assertThat(ok("Get-Queue -Filter \"NextHopDomain -like 'un*' -or MessageCount -ge 1\""
                + " | ForEach-Object { $_.NextHopDomain }").stdout())
                .isEqualTo("To Fabrikam\nUnreachable\n");
        assertThat(ok("Get-Queue -Filter \"-not (Status -eq 'Ready')\" | ForEach-Object"
                + " { $_.NextHopDomain }").stdout()).isEqualTo("To Fabrikam\n");
        assertThat(ok("Get-Queue -Filter \"MessageCount -gt 0 -and Status -eq Retry\" |"
                + " Format-List Identity").stdout())
                .isEqualTo("\n\nIdentity : EX01\\To Fabrikam\n\n\n\n");
        assertThat(ok("Get-Queue -Filter \"MessageCount -gt 5\"").stdout()).isEmpty();
        assertThat(ok("Get-Queue -Exclude Empty | ForEach-Object { $_.Identity }").stdout())
                .isEqualTo("EX01\\To Fabrikam\n");
        assertThat(ok("Get-Queue -Include Internal -Exclude Undefined | ForEach-Object"
                + " { $_.Identity }").stdout()).isEqualTo("EX01\\Unreachable\n");
        assertThat(ok("Get-Queue -Include External,Unreachable | ForEach-Object"
                + " { $_.Identity }").stdout())
                .isEqualTo("EX01\\To Fabrikam\nEX01\\Unreachable\n");
        assertThat(fails("Get-Queue -Exclude Full").stderr()).contains("\"Full\"");
    }

    @Test
    void badFiltersAreErrorsNamingWhatIsWrong() {
        assertThat(fails("Get-Queue -Filter \"Colour -eq 'Red'\"").stderr())
                .contains("\"Colour\" isn't a property that can be filtered on")
                .contains("MessageCount");
        assertThat(fails("Get-Queue -Filter \"MessageCount -gtx 0\"").stderr())
                .contains("\"-gtx\" isn't an operator");
        assertThat(fails("Get-Queue -Filter \"MessageCount -gt\"").stderr())
                .contains("a value is missing at the end");
        assertThat(fails("Get-Queue -Filter \"(MessageCount -gt 0\"").stderr())
                .contains("a \")\" is missing");
        assertThat(fails("Get-Queue -Filter \"MessageCount -gt 'many'\"").stderr())
                .contains("The filter \"MessageCount -gt 'many'\" can't be applied")
                .contains("many");
    }

    @Test
    void identitiesTakeTheServerTheHopAndWildcards() throws Exception {
        waiting("Numbers");
        assertThat(ok("Get-Queue EX01\\* | ForEach-Object { $_.NextHopDomain }").stdout())
                .isEqualTo("Submission\nTo Fabrikam\nUnreachable\n");
        assertThat(ok("Get-Queue 'to fabrikam' | ForEach-Object { $_.Identity }").stdout())
                .isEqualTo("EX01\\To Fabrikam\n");
        assertThat(ok("Get-Queue 'ex01.contoso.com\\To*' | ForEach-Object { $_.Identity }")
                .stdout()).isEqualTo("EX01\\To Fabrikam\n");
        ExecutionResult missing = fails("Get-Queue EX01\\contoso.net");
        assertThat(missing.stderr()).startsWith("The operation couldn't be performed because"
                + " object 'EX01\\contoso.net' couldn't be found on 'ex01.contoso.com'.\n")
                .contains("ManagementObjectNotFoundException");
        assertThat(missing.stderr().replaceAll("\n +", ""))
                .contains("Microsoft.Exchange.Management.QueueViewerTasks.GetQueue");
        assertThat(fails("Get-Queue EX01\\Submission -Filter 'MessageCount -gt 0'").stderr())
                .contains("Parameter set cannot be resolved using the specified named"
                        + " parameters.");
        assertThat(fails("Get-Queue -Server EX02").stderr()).contains("'EX02'");
        assertThat(ok("Get-Queue -Server ex01.contoso.com -ResultSize 1").stdout())
                .contains("EX01\\Submission").doesNotContain("Fabrikam");
    }

    @Test
    void getMessageListsTheWaitingMessages() throws Exception {
        long id = waiting("Numbers");
        String table = ok("Get-Message").stdout();
        String row = "%-30s %-25s %-9s %-25s %-26s\n";
        assertThat(table).isEqualTo("\n"
                + String.format(row, "Identity", "FromAddress", "Status", "Queue", "Subject")
                + String.format(row, "--------", "-----------", "------", "-----", "-------")
                + String.format(row, "EX01\\To Fabrikam\\" + id, "alice@contoso.com", "Retry",
                        "EX01\\To Fabrikam", "Numbers")
                + "\n\n");
        String fl = ok("Get-Message 'EX01\\To Fabrikam\\" + id + "' | Format-List").stdout();
        assertThat(fl).contains("Subject           : Numbers\n")
                .contains("FromAddress       : alice@contoso.com\n")
                .containsPattern("Size              : \\d+ B \\(\\d+ bytes\\)\n")
                .contains("SourceIP          : 127.0.0.10\n")
                .contains("Recipients        : {}\n")
                .contains("Queue             : EX01\\To Fabrikam\n")
                .contains("InternetMessageId : <" + id + "@client.test>\n");
        assertThat(ok("Get-Message " + id + " -IncludeRecipientInfo | Format-List Recipients")
                .stdout()).isEqualTo("\n\nRecipients : {bob@fabrikam.example}\n\n\n\n");
        assertThat(ok("\"$(Get-Queue 'To Fabrikam') holds $(Get-Message " + id + ")\"")
                .stdout()).isEqualTo("EX01\\To Fabrikam holds EX01\\To Fabrikam\\" + id + "\n");
        assertThat(ok("(Get-Message " + id + " -IncludeRecipientInfo).Recipients |"
                + " ForEach-Object { $_.Address + ' ' + $_.Status }").stdout())
                .isEqualTo("bob@fabrikam.example Ready\n");
        assertThat(ok("Get-Queue 'To Fabrikam' | Get-Message | ForEach-Object"
                + " { $_.Subject }").stdout()).isEqualTo("Numbers\n");
        assertThat(ok("Get-Message -Queue EX01\\Submission").stdout()).isEmpty();
        assertThat(ok("Get-Message -Filter \"Subject -like 'Num*'\" | ForEach-Object"
                + " { $_.Identity }").stdout()).isEqualTo("EX01\\To Fabrikam\\" + id + "\n");
    }

    @Test
    void unknownMessagesAreNotFoundErrorsNamingTheValue() throws Exception {
        waiting("Numbers");
        assertThat(fails("Get-Message 'EX01\\To Fabrikam\\999999'").stderr())
                .startsWith("The operation couldn't be performed because object"
                        + " 'EX01\\To Fabrikam\\999999' couldn't be found on"
                        + " 'ex01.contoso.com'.\n");
        assertThat(fails("Remove-Message 999999 -WithNDR $false -Confirm:$false").stderr())
                .contains("'999999'").contains("ManagementObjectNotFoundException");
        assertThat(fails("Suspend-Message 'EX01\\To Fabrikam'").stderr())
                .contains("\"EX01\\To Fabrikam\" isn't a message identity");
        assertThat(fails("Get-Message -Queue EX01\\nowhere").stderr())
                .contains("'EX01\\nowhere'");
    }

    @Test
    void suspendAndResumeQueueChangeItsStatus() throws Exception {
        waiting("Numbers");
        ok("Suspend-Queue 'EX01\\To Fabrikam'");
        assertThat(fabrikamQueue().status()).isEqualTo(QueueAdmin.QueueStatus.Suspended);
        assertThat(ok("(Get-Queue 'To Fabrikam').Status").stdout()).isEqualTo("Suspended\n");
        ok("Resume-Queue -Identity 'EX01\\To Fabrikam' -Confirm:$false");
        assertThat(fabrikamQueue().status()).isEqualTo(QueueAdmin.QueueStatus.Retry);
        ExecutionResult preview = ok("Suspend-Queue -Filter 'MessageCount -gt 0' -WhatIf");
        assertThat(preview.stdout()).isEqualTo(
                "What if: Suspending queue \"EX01\\To Fabrikam\".\n");
        assertThat(fabrikamQueue().status()).isEqualTo(QueueAdmin.QueueStatus.Retry);
        assertThat(fails("Suspend-Queue EX01\\*").stderr())
                .contains("'EX01\\*' matches multiple entries");
        assertThat(fails("Suspend-Queue EX01\\Submission -Confirm:$false").stderr())
                .contains("can't suspend the queue EX01\\Submission");
        assertThat(fails("Suspend-Queue").stderr()).contains("'Identity'");
    }

    @Test
    void suspendAndResumeMessageChangeItsStatus() throws Exception {
        long id = waiting("Numbers");
        ok("Suspend-Message " + id + " -Confirm:$false");
        assertThat(ok("(Get-Message " + id + ").Status").stdout()).isEqualTo("Suspended\n");
        ok("Get-Message -Filter \"Status -eq 'Suspended'\" | Resume-Message");
        assertThat(ok("(Get-Message " + id + ").Status").stdout()).isEqualTo("Retry\n");
    }

    @Test
    void removeMessageWithoutAReportTakesItOutOfTheQueue() throws Exception {
        long id = waiting("Numbers");
        assertThat(ok("Remove-Message 'EX01\\To Fabrikam\\" + id + "' -WithNDR $false -WhatIf")
                .stdout()).isEqualTo("What if: Removing message \"EX01\\To Fabrikam\\" + id
                        + "\" without a non-delivery report to the sender.\n");
        assertThat(engine.messages()).hasSize(1);
        assertThat(fails("Remove-Message " + id + " -WithNDR $false -Confirm").stderr())
                .contains("no console to ask on");
        assertThat(engine.messages()).hasSize(1);
        ok("Get-Message " + id + " | Remove-Message -WithNDR $false -Confirm:$false");
        assertThat(engine.messages()).isEmpty();
        assertThat(spool.list()).isEmpty();
        assertThat(fabrikamQueue().messageCount()).isZero();
        assertThat(ok("Get-MessageTrackingLog -InternalMessageId " + id + " | ForEach-Object"
                + " { $_.EventId + ' ' + $_.Source }").stdout())
                .isEqualTo("RECEIVE SMTP\nDEFER SMTP\nFAIL ADMIN\n");
    }

    @Test
    void retryQueueTriesAgainAndResubmitRoutesAgain() throws Exception {
        waiting("Numbers");
        int defersBefore = defers();
        ok("Retry-Queue 'EX01\\To Fabrikam'");
        await().atMost(Duration.ofSeconds(10)).until(() -> defers() > defersBefore);
        assertThat(fabrikamQueue().status()).isEqualTo(QueueAdmin.QueueStatus.Retry);
        ok("Retry-Queue -Filter \"NextHopDomain -eq 'To Fabrikam'\" -Resubmit $true");
        await().atMost(Duration.ofSeconds(10)).until(() -> fabrikamQueue().messageCount() == 1
                && fabrikamQueue().status() == QueueAdmin.QueueStatus.Retry);
        assertThat(fails("Retry-Queue EX01\\Submission").stderr())
                .contains("can't retry the queue EX01\\Submission");
        assertThat(fails("Retry-Queue EX01\\Unreachable").stderr())
                .contains("-Resubmit $true");
    }

    @Test
    void unreachableMessagesAreRoutedAgainByRetryQueueWithResubmit() throws Exception {
        long id = submit("alice@contoso.com", "Lost", "carol@nowhere.example");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.messages().stream()
                .anyMatch(m -> m.internalId() == id));
        assertThat(ok("Get-Queue EX01\\Unreachable | ForEach-Object { \"$($_.DeliveryType)"
                + " $($_.MessageCount)\" }").stdout()).isEqualTo("Unreachable 1\n");
        assertThat(ok("(Get-Message -Queue Unreachable).Identity").stdout())
                .isEqualTo("EX01\\Unreachable\\" + id + "\n");
        repo.update(c -> c.withSendConnector(c.sendConnector("To Fabrikam").orElseThrow()
                .toBuilder().addressSpaces(List.of(AddressSpace.parse("fabrikam.example"),
                        AddressSpace.parse("nowhere.example"))).build(Instant.now())));
        ok("Retry-Queue -Identity EX01\\Unreachable -Resubmit $true");
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.messages().stream()
                .anyMatch(m -> m.internalId() == id && m.queue().equals("EX01\\To Fabrikam")));
        assertThat(ok("(Get-Queue Unreachable).MessageCount").stdout()).isEqualTo("0\n");
    }

    private int defers() throws Exception {
        return (int) tracking.search(org.postern.log.TrackingQuery.all()).stream()
                .filter(e -> e.eventId().equals("DEFER")).count();
    }
}
