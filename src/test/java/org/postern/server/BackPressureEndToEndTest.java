package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back pressure on a real server (exchange-behaviour.md section h): a queue disk that fills up
 * refuses the message being received with 452 4.3.1 and keeps nothing of it, MAIL gets 452
 * 4.3.1 while the disk is under High pressure, the server recovers by itself when space comes
 * back, and every message that got its 250 is delivered. The disk is a 4 MB tmpfs mounted over
 * the queue directory (root only); a second test that runs everywhere puts the disk threshold
 * below the disk's current use with Set-BackPressure, and a third uses a short queue.
 */
class BackPressureEndToEndTest {

    private static final String REFUSED = "452 4.3.1 Insufficient system resources";
    private static final String CLIENT = "127.0.0.41";
    private static final Pattern USE = Pattern.compile("CurrentResourceUse : (\\d+)");

    /** Starts a server with a mailbox for kim@contoso.com and a fast resource monitor. */
    private static PosternProcess server(Path data) throws Exception {
        PosternProcess p = PosternProcess.start(data);
        p.execOk("New-Mailbox -Name 'Kim Akers' -PrimarySmtpAddress kim@contoso.com | Out-Null\n"
                + "Set-BackPressure -MonitoringInterval 00:00:00.2\n"
                + "Set-ReceiveConnector 'Default Frontend EX01' -TarpitInterval 00:00:01");
        return p;
    }

    /** How a transaction ended: at which step, and the reply. */
    private record Outcome(String step, String reply) {
    }

    /**
     * One transaction as a client sends it, to {@code rcpt} with a body of about
     * {@code bodyBytes}: where it ended (MAIL, or DATA for the reply after the data) and how.
     */
    private static Outcome transaction(PosternProcess p, String rcpt, String subject,
            int bodyBytes) throws IOException {
        try (SmtpClient c = SmtpClient.session(CLIENT, p.port(25))) {
            String mail = c.command("MAIL FROM:<alice@sender.test>");
            if (!mail.startsWith("250")) {
                return new Outcome("MAIL", mail);
            }
            assertThat(c.command("RCPT TO:<" + rcpt + ">")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            StringBuilder b = new StringBuilder("From: alice@sender.test\r\nSubject: " + subject
                    + "\r\n\r\n");
            String line = "z".repeat(76) + "\r\n";
            while (b.length() < bodyBytes) {
                b.append(line);
            }
            b.append(".\r\n");
            c.sendRaw(b.toString().getBytes(StandardCharsets.US_ASCII));
            String reply = c.lastLine();
            c.send("QUIT");
            return new Outcome("DATA", reply);
        }
    }

    /** A transaction to Kim: its final reply, whatever the step. */
    private static String send(PosternProcess p, String subject, int bodyBytes)
            throws IOException {
        return transaction(p, "kim@contoso.com", subject, bodyBytes).reply();
    }

    /** The reply to MAIL in a fresh session. */
    private static String mail(PosternProcess p) throws IOException {
        try (SmtpClient c = SmtpClient.session(CLIENT, p.port(25))) {
            String reply = c.command("MAIL FROM:<alice@sender.test>");
            c.send("QUIT");
            return reply;
        }
    }

    /**
     * Waits for the next {@code event=back-pressure} line of {@code resource} that goes
     * {@code to} a state, after the {@code seen} such lines there were before.
     */
    private static void awaitTransition(PosternProcess p, String resource, String to,
            int seen) {
        await().atMost(Duration.ofSeconds(15)).until(() -> transitions(p, resource, to) > seen);
    }

    private static int transitions(PosternProcess p, String resource, String to) {
        return (int) p.outputLines("event=back-pressure resource=" + resource + " ").stream()
                .filter(l -> l.contains(" to=" + to + " ")).count();
    }

    private static String pressure(PosternProcess p, String resource) throws Exception {
        return p.execOk("(Get-BackPressure | where {$_.Resource -eq '" + resource
                + "'}).Pressure").trim();
    }

    /** Every message in Kim's Maildir has its subject once, and they are exactly these. */
    private static void allDelivered(Path data, List<String> accepted) {
        allDelivered(data, "kimakers", accepted);
    }

    /** Every message in the Maildir has its subject once, and they are exactly these. */
    private static void allDelivered(Path data, String folder, List<String> accepted) {
        Path inbox = data.resolve("mailboxes").resolve(folder).resolve("new");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> subjects = new ArrayList<>();
            if (Files.isDirectory(inbox)) {
                try (Stream<Path> files = Files.list(inbox)) {
                    for (Path f : files.toList()) {
                        Matcher m = Pattern.compile("(?m)^Subject: (\\S+)")
                                .matcher(Files.readString(f, StandardCharsets.US_ASCII));
                        subjects.add(m.find() ? m.group(1) : "(none)");
                    }
                }
            }
            assertThat(subjects).containsExactlyInAnyOrderElementsOf(accepted);
        });
    }

    /** Nothing half-written in the spool: no temporary file, and no message left over. */
    private static void spoolIsClean(Path queue) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(queue)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".eml")
                                || n.endsWith(".env"));
            }
        });
    }

    /** Mounts a 4 MB tmpfs over {@code dir}; the test is skipped where that is not possible. */
    private static void mountSmallDisk(Path dir) throws Exception {
        assumeTrue(root(), "mounting a tmpfs over the queue directory needs root; the threshold"
                + " variant covers the same replies without it");
        String mountError = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs",
                dir.toString());
        assumeTrue(mountError == null, "mount -t tmpfs failed: " + mountError);
    }

    private static void unmount(Path dir) throws Exception {
        if (run("umount", dir.toString()) != null) {
            run("umount", "-l", dir.toString());
        }
    }

    private static boolean root() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        return id.waitFor() == 0 && uid.trim().equals("0");
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? null : out.trim() + " (exit " + p.exitValue() + ")";
    }

    /** Grows (or creates) the filler so that about {@code free} bytes stay usable. */
    private static void leaveFree(Path filler, long free) throws IOException {
        FileStore fs = Files.getFileStore(filler.getParent());
        long grow = fs.getUsableSpace() - free;
        long size = Files.exists(filler) ? Files.size(filler) : 0;
        try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
            f.seek(size);
            byte[] block = new byte[4096];
            for (long n = 0; n < grow; n += block.length) {
                f.write(block);  // written, not sparse: tmpfs counts what is written
            }
        }
    }

    @Test
    @DisplayName("a 4 MB queue disk fills: 452 4.3.1 during DATA with nothing kept, 452 4.3.1 at"
            + " MAIL under High pressure, recovery when space returns, nothing acknowledged lost")
    void aQueueDiskThatFillsRefusesAndRecovers(@TempDir Path data) throws Exception {
        Path queue = Files.createDirectories(data.resolve("queue"));
        mountSmallDisk(queue);
        List<String> accepted = new ArrayList<>();
        Path filler = queue.resolve("filler");
        try (PosternProcess p = server(data)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(send(p, "before-" + i, 2000)).startsWith("250 2.6.0");
                accepted.add("before-" + i);
            }
            long total = Files.getFileStore(queue).getTotalSpace();

            // About 10% free: Normal, but a 1 MB message does not fit.
            leaveFree(filler, total / 10);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pressure(p, "UsedDiskSpace").equals("Normal"));
            assertThat(send(p, "too-big", 1_000_000)).isEqualTo(REFUSED);
            p.awaitOutput("reason=store-full", Duration.ofSeconds(10));
            try (Stream<Path> files = Files.list(queue)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .noneMatch(n -> n.endsWith(".tmp"));
            }
            // The space the refused message took is free again, and small mail goes on.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> pressure(p, "UsedDiskSpace").equals("Normal"));
            assertThat(send(p, "still-fits", 2000)).startsWith("250 2.6.0");
            accepted.add("still-fits");

            // Less than 1% free: High pressure, every MAIL refused.
            int highs = transitions(p, "UsedDiskSpace", "High");
            leaveFree(filler, 16 * 1024);
            awaitTransition(p, "UsedDiskSpace", "High", highs);
            assertThat(mail(p)).isEqualTo(REFUSED);
            assertThat(pressure(p, "UsedDiskSpace")).isEqualTo("High");
            String shown = p.execOk("Get-BackPressure | where {$_.Resource -eq 'UsedDiskSpace'}"
                    + " | fl CurrentResourceUse");
            Matcher use = USE.matcher(shown);
            assertThat(use.find()).as(shown).isTrue();
            assertThat(Long.parseLong(use.group(1))).isGreaterThanOrEqualTo(99);

            // Space returns: the server recovers by itself.
            int normals = transitions(p, "UsedDiskSpace", "Normal");
            Files.delete(filler);
            awaitTransition(p, "UsedDiskSpace", "Normal", normals);
            assertThat(mail(p)).startsWith("250");
            assertThat(send(p, "after", 2000)).startsWith("250 2.6.0");
            accepted.add("after");

            allDelivered(data, accepted);
            spoolIsClean(queue);
        } finally {
            unmount(queue);
        }
    }

    @Test
    @DisplayName("messages alone fill a 4 MB queue disk while delivery waits: the one that does"
            + " not fit gets 452 4.3.1 after its data, then MAIL gets 452 4.3.1; once delivery"
            + " drains the queue mail is taken again and every acknowledged message arrives")
    void messagesThatFillTheQueueDiskAreAllDeliveredOnceItDrains(@TempDir Path data)
            throws Exception {
        Path queue = Files.createDirectories(data.resolve("queue"));
        mountSmallDisk(queue);
        List<String> accepted = new ArrayList<>();
        try (PosternProcess p = server(data)) {
            // Mail for fabrikam.com waits in the queue (no mailbox, no send connector yet).
            // Medium and High only at the very end, so the disk itself refuses a message first.
            p.execOk("New-AcceptedDomain -Name Fabrikam -DomainName fabrikam.com -DomainType"
                    + " InternalRelay | Out-Null\n"
                    + "Set-BackPressure -UsedDiskSpaceNormalThreshold 98"
                    + " -UsedDiskSpaceMediumThreshold 99 -UsedDiskSpaceHighThreshold 100");
            Outcome last = null;
            for (int i = 1; i <= 40; i++) {
                last = transaction(p, "lee@fabrikam.com", "big-" + i, 300_000);
                if (!last.reply().startsWith("250")) {
                    break;
                }
                accepted.add("big-" + i);
            }
            assertThat(last).isEqualTo(new Outcome("DATA", REFUSED));
            assertThat(accepted).hasSizeBetween(8, 14);
            p.awaitOutput("reason=store-full", Duration.ofSeconds(10));
            try (Stream<Path> files = Files.list(queue)) {
                List<String> names = files.map(f -> f.getFileName().toString()).toList();
                assertThat(names).noneMatch(n -> n.endsWith(".tmp"));
                assertThat(names.stream().filter(n -> n.endsWith(".env"))).hasSize(
                        accepted.size());
            }

            // Smaller ones fit until the disk is under pressure; then MAIL is refused.
            for (int i = 1; i <= 400 && last.step().equals("DATA"); i++) {
                last = transaction(p, "lee@fabrikam.com", "small-" + i, 8_000);
                if (last.reply().startsWith("250")) {
                    accepted.add("small-" + i);
                } else {
                    assertThat(last.reply()).isEqualTo(REFUSED);
                }
            }
            assertThat(last).isEqualTo(new Outcome("MAIL", REFUSED));
            assertThat(pressure(p, "UsedDiskSpace")).isIn("Medium", "High");

            // Delivery drains the queue: the server recovers by itself.
            int normals = transitions(p, "UsedDiskSpace", "Normal");
            p.execOk("New-Mailbox -Name 'Lee Gu' -PrimarySmtpAddress lee@fabrikam.com"
                    + " | Out-Null");
            awaitTransition(p, "UsedDiskSpace", "Normal", normals);
            assertThat(transaction(p, "lee@fabrikam.com", "after", 2000).reply())
                    .startsWith("250 2.6.0");
            accepted.add("after");
            allDelivered(data, "leegu", accepted);
            spoolIsClean(queue);
        } finally {
            unmount(queue);
        }
    }

    @Test
    @DisplayName("a disk threshold set below the disk's use: 452 4.3.1 at MAIL, and MAIL taken"
            + " again once the threshold is back")
    void aDiskThresholdBelowTheCurrentUseRefusesMailUntilRaised(@TempDir Path data)
            throws Exception {
        List<String> accepted = new ArrayList<>();
        try (PosternProcess p = server(data)) {
            String shown = p.execOk("Get-BackPressure | where {$_.Resource -eq 'UsedDiskSpace'}"
                    + " | fl CurrentResourceUse");
            Matcher m = USE.matcher(shown);
            assertThat(m.find()).as(shown).isTrue();
            long use = Long.parseLong(m.group(1));
            assumeTrue(use >= 4 && use < 94, "the disk's use (" + use + "%) leaves no room for"
                    + " thresholds below it, or is too close to the defaults to come back");
            assertThat(send(p, "before", 2000)).startsWith("250 2.6.0");
            accepted.add("before");

            p.execOk("Set-BackPressure -UsedDiskSpaceNormalThreshold 1"
                    + " -UsedDiskSpaceMediumThreshold 2 -UsedDiskSpaceHighThreshold "
                    + (use - 1));
            awaitTransition(p, "UsedDiskSpace", "High", 0);
            assertThat(mail(p)).isEqualTo(REFUSED);
            assertThat(pressure(p, "UsedDiskSpace")).isEqualTo("High");

            p.execOk("Set-BackPressure -UsedDiskSpaceHighThreshold 99"
                    + " -UsedDiskSpaceMediumThreshold 97 -UsedDiskSpaceNormalThreshold 95");
            awaitTransition(p, "UsedDiskSpace", "Normal", 0);
            assertThat(mail(p)).startsWith("250");
            assertThat(send(p, "after", 2000)).startsWith("250 2.6.0");
            accepted.add("after");
            allDelivered(data, accepted);
            spoolIsClean(data.resolve("queue"));
        }
    }

    @Test
    @DisplayName("a queue longer than its Medium threshold: anonymous MAIL waits out the tarpit"
            + " and gets 452 4.3.1, and is taken again once the queue drains")
    void aLongQueueRefusesAnonymousMailUntilItDrains(@TempDir Path data) throws Exception {
        try (PosternProcess p = server(data)) {
            // Mail for fabrikam.com waits in the queue: no mailbox, no send connector.
            p.execOk("New-AcceptedDomain -Name Fabrikam -DomainName fabrikam.com -DomainType"
                    + " InternalRelay | Out-Null\n"
                    + "Set-BackPressure -QueueLengthNormalThreshold 1"
                    + " -QueueLengthMediumThreshold 2 -QueueLengthHighThreshold 1000");
            for (int i = 1; i <= 2; i++) {
                try (SmtpClient c = SmtpClient.session(CLIENT, p.port(25))) {
                    assertThat(c.transaction("alice@sender.test", List.of("lee@fabrikam.com"),
                            "Subject: waiting-" + i + "\r\n\r\nbody\r\n")).startsWith("250 2.6.0");
                }
            }
            awaitTransition(p, "QueueLength", "Medium", 0);
            long start = System.nanoTime();
            assertThat(mail(p)).isEqualTo(REFUSED);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));

            // A mailbox for the recipient: the waiting messages are delivered, the queue drains.
            p.execOk("New-Mailbox -Name 'Lee Gu' -PrimarySmtpAddress lee@fabrikam.com"
                    + " | Out-Null");
            awaitTransition(p, "QueueLength", "Normal", 0);
            assertThat(mail(p)).startsWith("250");
            Path inbox = data.resolve("mailboxes").resolve("leegu").resolve("new");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(inbox)
                    && Files.list(inbox).count() == 2);
        }
    }
}
