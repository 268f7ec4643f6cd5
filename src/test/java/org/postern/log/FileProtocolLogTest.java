package org.postern.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP receive protocol log files: names, header lines, rows, daily and size rolls. */
class FileProtocolLogTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(String instant) {
            now = Instant.parse(instant);
        }

        @Override public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override public Instant instant() {
            return now;
        }
    }

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 25);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("::1", 40000);

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("one session's rows under Exchange's five header lines, CSV-quoted, sequence "
            + "from 0")
    void sessionRows(@TempDir Path data) throws Exception {
        TestClock clock = new TestClock("2016-08-05T23:24:41.123Z");
        FileProtocolLog log = new FileProtocolLog(data, "0.1.0", clock);
        ProtocolLogSession s = log.open("EX01\\Default Frontend EX01", "08D675E58CA1DA38", LOCAL,
                REMOTE);
        s.connected();
        s.info("SMTPSubmit SMTPAcceptAnySender", "Set Session Permissions");
        s.sent("220 ex01.contoso.com Microsoft ESMTP MAIL Service ready at Fri, 5 Aug 2016");
        s.received("MAIL FROM:<\"a,b\"@contoso.com>");
        s.disconnected("Remote");
        log.close();
        assertThat(files(log.directory())).containsExactly("RECV20160805-1.log");
        List<String> l = lines(log.directory().resolve("RECV20160805-1.log"));
        assertThat(l).containsExactly(
                "#Software: Postern",
                "#Version: 0.1.0",
                "#Log-type: SMTP Receive Protocol Log",
                "#Date: 2016-08-05T23:24:41.123Z",
                "#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,"
                        + "remote-endpoint,event,data,context",
                "2016-08-05T23:24:41.123Z,EX01\\Default Frontend EX01,08D675E58CA1DA38,0,"
                        + "127.0.0.1:25,[::1]:40000,+,,",
                "2016-08-05T23:24:41.123Z,EX01\\Default Frontend EX01,08D675E58CA1DA38,1,"
                        + "127.0.0.1:25,[::1]:40000,*,SMTPSubmit SMTPAcceptAnySender,"
                        + "Set Session Permissions",
                "2016-08-05T23:24:41.123Z,EX01\\Default Frontend EX01,08D675E58CA1DA38,2,"
                        + "127.0.0.1:25,[::1]:40000,>,\"220 ex01.contoso.com Microsoft ESMTP MAIL"
                        + " Service ready at Fri, 5 Aug 2016\",",
                "2016-08-05T23:24:41.123Z,EX01\\Default Frontend EX01,08D675E58CA1DA38,3,"
                        + "127.0.0.1:25,[::1]:40000,<,\"MAIL FROM:<\"\"a,b\"\"@contoso.com>\",",
                "2016-08-05T23:24:41.123Z,EX01\\Default Frontend EX01,08D675E58CA1DA38,4,"
                        + "127.0.0.1:25,[::1]:40000,-,,Remote");
        assertThat(Files.readString(log.directory().resolve("RECV20160805-1.log")))
                .as("CRLF line ends, as Exchange writes them").contains("\r\n")
                .doesNotContain("\n\n");
    }

    @Test
    @DisplayName("rows after UTC midnight go to the next day's file, each with its header")
    void dailyRoll(@TempDir Path data) throws Exception {
        TestClock clock = new TestClock("2016-08-05T23:59:59.900Z");
        FileProtocolLog log = new FileProtocolLog(data, "0.1.0", clock);
        ProtocolLogSession s = log.open("EX01\\Relay", "0000000000000001", LOCAL, REMOTE);
        s.connected();
        Thread.sleep(1200); // let the writer take the first row on its own
        clock.now = Instant.parse("2016-08-06T00:00:00.100Z");
        s.disconnected("Local");
        log.close();
        assertThat(files(log.directory())).containsExactly("RECV20160805-1.log",
                "RECV20160806-1.log");
        assertThat(lines(log.directory().resolve("RECV20160806-1.log")).get(0))
                .isEqualTo("#Software: Postern");
        assertThat(lines(log.directory().resolve("RECV20160806-1.log")).get(5))
                .contains(",1,127.0.0.1:25,[::1]:40000,-,,Local");
    }

    @Test
    @DisplayName("a file past the size limit continues in -2; a restart appends to the day's last "
            + "file")
    void sizeRollAndRestart(@TempDir Path data) throws Exception {
        TestClock clock = new TestClock("2016-08-05T12:00:00Z");
        FileProtocolLog log = new FileProtocolLog(data, "0.1.0", clock, 2000);
        ProtocolLogSession s = log.open("EX01\\Relay", "0000000000000002", LOCAL, REMOTE);
        for (int i = 0; i < 40; i++) {
            s.received("NOOP " + i);
        }
        log.close();
        List<String> names = files(log.directory());
        assertThat(names).startsWith("RECV20160805-1.log", "RECV20160805-2.log");
        long rows = 0;
        for (String n : names) {
            List<String> l = lines(log.directory().resolve(n));
            assertThat(l.get(0)).isEqualTo("#Software: Postern");
            rows += l.stream().filter(x -> !x.startsWith("#")).count();
        }
        assertThat(rows).isEqualTo(40);

        String last = names.get(names.size() - 1);
        long before = lines(log.directory().resolve(last)).size();
        FileProtocolLog again = new FileProtocolLog(data, "0.1.0", clock, 1_000_000);
        again.open("EX01\\Relay", "0000000000000003", LOCAL, REMOTE).connected();
        again.close();
        List<String> after = lines(again.directory().resolve(last));
        assertThat(after).hasSize((int) before + 1);
        assertThat(after.get(after.size() - 1)).contains(",0000000000000003,0,");
    }
}
