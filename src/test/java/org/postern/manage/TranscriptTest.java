package org.postern.manage;

import static org.awaitility.Awaitility.await;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.postern.config.ConfigFile;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.delivery.DeliveryEngine;
import org.postern.delivery.DnsResolver;
import org.postern.delivery.FileDeliveryStateStore;
import org.postern.delivery.Maildirs;
import org.postern.log.MessageTrackingLog;
import org.postern.queue.Envelope;
import org.postern.queue.IncomingMessage;
import org.postern.queue.Origin;
import org.postern.pressure.BackPressureMonitor;
import org.postern.pressure.Sampler;
import org.postern.queue.SpoolStore;
import org.postern.shell.ExecutionResult;
import org.postern.shell.Shell;
import org.postern.shell.ShellOptions;

/**
 * The transcript tests: each {@code transcripts/NAME.ps1} runs as {@code postern exec --file}
 * runs it, on a fresh data directory with the default setup of server EX01 (default domain
 * contoso.com) and a running delivery engine, and what the console shows (output, warnings and
 * errors in the order they were written) must equal {@code transcripts/NAME.out} byte for byte.
 *
 * <p>To add a pair, write {@code NAME.ps1}; run this test; it fails and leaves what Postern
 * printed in {@code target/transcripts/NAME.out}. Check that text against what EMS prints
 * before copying it next to the script. Comment lines at the top of a script direct the run:
 * <ul>
 *   <li>{@code # exit: 1}: the exit status {@code exec} must give (0 when absent);</li>
 *   <li>{@code # submit: FROM -> TO[, TO...] : SUBJECT}: queue a message (as a client would
 *       have) before the script runs; the run waits until the engine has routed it.</li>
 *   <li>{@code # run: lines}: run each line as typed at the prompt of {@code postern shell}
 *       (one session, each line its own pipeline and Out-Default) instead of as one script.</li>
 * </ul>
 */
class TranscriptTest {

    private static final Path DIR = Paths.get("src/test/resources/transcripts");
    private static final Path ACTUAL = Paths.get("target/transcripts");
    private static final Pattern EXIT = Pattern.compile("^# exit: (\\d+)$", Pattern.MULTILINE);
    private static final Pattern LINES = Pattern.compile("^# run: lines$", Pattern.MULTILINE);
    private static final Pattern SUBMIT = Pattern.compile(
            "^# submit: (\\S+) -> ([^:]+?) : (.*)$", Pattern.MULTILINE);

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(DIR)) {
            scripts = files.filter(f -> f.toString().endsWith(".ps1")).sorted()
                    .collect(Collectors.toList());
        }
        return scripts.stream().map(script -> DynamicTest.dynamicTest(
                script.getFileName().toString().replaceFirst("\\.ps1$", ""), script.toUri(),
                () -> check(script)));
    }

    private void check(Path script) throws Exception {
        String name = script.getFileName().toString().replaceFirst("\\.ps1$", "");
        String text = Files.readString(script, StandardCharsets.UTF_8);
        Path data = Files.createDirectory(temp.resolve(name));
        Run run = run(data, text);
        Files.createDirectories(ACTUAL);
        Files.writeString(ACTUAL.resolve(name + ".out"), run.console, StandardCharsets.UTF_8);
        Path out = DIR.resolve(name + ".out");
        if (!Files.exists(out)) {
            throw new AssertionError("no " + out + "; Postern printed (also in "
                    + ACTUAL.resolve(name + ".out") + "):\n" + run.console);
        }
        String expected = Files.readString(out, StandardCharsets.UTF_8);
        if (!expected.equals(run.console)) {
            throw new AssertionFailedError(name + ": the console differs from " + out
                    + " (- expected, + actual; $ marks the end of a line):\n"
                    + diff(expected, run.console), expected, run.console);
        }
        Matcher exit = EXIT.matcher(text);
        int expectedExit = exit.find() ? Integer.parseInt(exit.group(1)) : 0;
        if (run.exit != expectedExit) {
            throw new AssertionFailedError(name + ": exec would exit with " + run.exit
                    + ", the script says " + expectedExit, expectedExit, run.exit);
        }
    }

    private record Run(String console, int exit) {
    }

    /** Runs the script as a running server's management endpoint runs it. */
    private static Run run(Path data, String script) throws Exception {
        Configuration initial = Setup.initial(new ServerIdentity("EX01", "ex01.contoso.com",
                "CONTOSO"), "contoso.com", 0, Instant.parse("2024-01-01T00:00:00Z"));
        ConfigRepository repo = new ConfigRepository(new ConfigFile(data), initial);
        try (SpoolStore spool = SpoolStore.open(data);
                MessageTrackingLog tracking = new MessageTrackingLog(data, "test");
                BackPressureMonitor pressure = new BackPressureMonitor(
                        () -> repo.current().backPressure(),
                        Sampler.of(spool.directory(), spool::count), Clock.systemUTC())) {
            DeliveryEngine engine = new DeliveryEngine(spool, new FileDeliveryStateStore(data),
                    repo::current, new DnsResolver(new InetSocketAddress("127.0.0.1", 9),
                            Duration.ofSeconds(1)), List::of,
                    new Maildirs(data, "ex01.contoso.com", Clock.systemUTC()), tracking,
                    Clock.systemUTC());
            engine.start();
            try {
                int submitted = submit(spool, script);
                // The default setup has no send connector: every message waits in Unreachable.
                await().atMost(Duration.ofSeconds(10)).until(() -> engine.queues().stream()
                        .filter(q -> !q.identity().endsWith("\\Submission"))
                        .mapToInt(q -> q.messageCount()).sum() >= submitted);
                // Remote errors carry a time and a RequestId: fixed ones, so the text repeats.
                AtomicLong ids = new AtomicLong();
                ShellOptions options = ShellOptions.forServer("EX01", "ex01.contoso.com")
                        .withDiagnostics(Clock.fixed(Instant.parse("2024-01-01T15:17:40Z"),
                                ZoneOffset.UTC), () -> new UUID(0, ids.incrementAndGet()));
                Shell shell = ManagementShell.session(repo, engine, tracking, pressure,
                        options);
                if (!LINES.matcher(script).find()) {
                    ExecutionResult r = shell.run(script);
                    return new Run(r.console(), r.success() && r.stderr().isEmpty() ? 0 : 1);
                }
                StringBuilder console = new StringBuilder();
                int exit = 0;
                for (String line : script.split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    ExecutionResult r = shell.run(line);
                    console.append(r.console());
                    exit |= r.success() && r.stderr().isEmpty() ? 0 : 1;
                }
                return new Run(console.toString(), exit);
            } finally {
                engine.close();
            }
        }
    }

    private static int submit(SpoolStore spool, String script) throws Exception {
        Matcher m = SUBMIT.matcher(script);
        int n = 0;
        while (m.find()) {
            List<Envelope.Recipient> rcpts = new ArrayList<>();
            for (String r : m.group(2).split(",")) {
                rcpts.add(new Envelope.Recipient(r.trim(), Map.of()));
            }
            IncomingMessage msg = spool.begin(new Envelope(m.group(1), rcpts, Map.of(),
                    new Origin("EX01\\Default Frontend EX01", "08D6000000000001",
                            new InetSocketAddress("127.0.0.10", 40000),
                            new InetSocketAddress("127.0.0.1", 25), "client.contoso.com",
                            "ANONYMOUS LOGON", Instant.now())));
            String content = "From: " + m.group(1) + "\r\nSubject: " + m.group(3)
                    + "\r\n\r\nHello\r\n";
            msg.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            msg.commit("<" + msg.internalId() + "@client.contoso.com>").toCompletableFuture()
                    .join();
            n++;
        }
        return n;
    }

    /** A unified diff of two texts, every line end shown as {@code $}. */
    static String diff(String expected, String actual) {
        List<String> a = lines(expected);
        List<String> b = lines(actual);
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("expected", "actual", a,
                DiffUtils.diff(a, b), 2)) + "\n";
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            out.add(l + "$");
        }
        return out;
    }
}
