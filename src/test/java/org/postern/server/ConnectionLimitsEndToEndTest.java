package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection limits end to end (fact sheet (h), relay-cases P23): a connector with small
 * MaxInboundConnection / MaxInboundConnectionPerSource, raw clients bound to loopback sources.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionLimitsEndToEndTest {

    private static final String PER_SOURCE = "421 4.3.2 The maximum number of concurrent server "
            + "connections has exceeded a per-source limit, closing transmission channel";
    private static final String CONNECTOR_FULL = "421 4.3.2 The maximum number of concurrent "
            + "server connections has exceeded a limit, closing transmission channel";

    private static final String RATE = "421 4.3.2 The maximum rate of new connections per "
            + "minute has exceeded a limit, closing transmission channel";

    @TempDir
    static Path data;

    static PosternProcess server;
    static int port;

    @BeforeAll
    static void startServer() throws Exception {
        server = PosternProcess.start(data);
        port = server.port(25);
        server.execOk("New-ReceiveConnector -Name Flood -TransportRole FrontendTransport -Custom"
                + " -Bindings \"0.0.0.0:" + port + "\" -RemoteIpRanges 127.0.0.0/24"
                + " -Banner \"220 Flood connector\" -MaxInboundConnectionPerSource 2"
                + " -MaxInboundConnection 4 -MaxInboundConnectionPercentagePerSource 100");
        server.execOk("New-ReceiveConnector -Name Rate -TransportRole FrontendTransport -Custom"
                + " -Bindings \"0.0.0.0:" + port + "\" -RemoteIpRanges 127.0.1.0/24"
                + " -PermissionGroups AnonymousUsers -MessageRateLimit 2"
                + " -MessageRateSource IPAddress");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static List<SmtpClient> open(String source, int n) throws Exception {
        List<SmtpClient> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SmtpClient c = SmtpClient.connect(source, "127.0.0.1", port);
            out.add(c);
            String banner = c.lastLine();
            if (!banner.equals("220 Flood connector")) {
                closeAll(out); // a retry starts from nothing held
                assertThat(banner).isEqualTo("220 Flood connector");
            }
        }
        return out;
    }

    private static void closeAll(List<SmtpClient> clients) throws Exception {
        for (SmtpClient c : clients) {
            c.close();
        }
    }

    /** Connects from {@code source} and returns the greeting, asserting the server closes. */
    private static SmtpClient refusedWith(String source, String reply) throws Exception {
        SmtpClient c = SmtpClient.connect(source, "127.0.0.1", port);
        assertThat(c.lastLine()).isEqualTo(reply);
        assertThat(c.closedByServer()).as("closed after the 421").isTrue();
        return c;
    }

    @Test
    @Order(1)
    @DisplayName("P23 the third connection from one address gets the per-source 421 instead of "
            + "the banner and is closed; another address is still served; a slot freed counts")
    void perSourceLimit() throws Exception {
        List<SmtpClient> held = open("127.0.0.10", 2);
        SmtpClient refused = refusedWith("127.0.0.10", PER_SOURCE);
        String line = server.awaitOutput("client=127.0.0.10:" + refused.localPort(),
                Duration.ofSeconds(10));
        assertThat(line).contains("event=connection-refused", "reason=max-inbound-per-source",
                "limit=2");
        refused.close();
        List<SmtpClient> other = open("127.0.0.11", 1);
        // The held sessions still work.
        held.get(0).send("EHLO held.test");
        assertThat(held.get(0).lastLine()).startsWith("250 ");
        held.get(0).close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (SmtpClient c = SmtpClient.connect("127.0.0.10", "127.0.0.1", port)) {
                assertThat(c.lastLine()).isEqualTo("220 Flood connector");
            }
        });
        closeAll(held);
        closeAll(other);
    }

    @Test
    @Order(2)
    @DisplayName("P23 the fifth connection to a connector with MaxInboundConnection 4 gets the "
            + "connector-wide 421, from any address, until one closes")
    void connectorLimit() throws Exception {
        List<SmtpClient> held = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            closeAll(held);
            held.clear();
            held.addAll(open("127.0.0.10", 2));
            held.addAll(open("127.0.0.11", 2));
        });
        SmtpClient refused = refusedWith("127.0.0.12", CONNECTOR_FULL);
        assertThat(server.awaitOutput("client=127.0.0.12:" + refused.localPort(),
                Duration.ofSeconds(10))).contains("event=connection-refused",
                        "reason=max-inbound ", "limit=4");
        refused.close();
        held.remove(0).close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (SmtpClient c = SmtpClient.connect("127.0.0.12", "127.0.0.1", port)) {
                assertThat(c.lastLine()).isEqualTo("220 Flood connector");
            }
        });
        closeAll(held);
    }

    @Test
    @Order(3)
    @DisplayName("P23 MaxInboundConnectionPercentagePerSource: with 50 % of 4 slots one address "
            + "holds 2 while the connector is empty, and gets the per-source 421 for the next")
    void percentageLimit() throws Exception {
        server.execOk("Set-ReceiveConnector Flood -MaxInboundConnectionPerSource Unlimited"
                + " -MaxInboundConnectionPercentagePerSource 50");
        List<SmtpClient> held = new ArrayList<>();
        // Nobody else holds a slot: 50 % of 4 = 2.
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            closeAll(held);
            held.clear();
            held.addAll(open("127.0.0.13", 2));
        });
        SmtpClient refused = refusedWith("127.0.0.13", PER_SOURCE);
        assertThat(server.awaitOutput("client=127.0.0.13:" + refused.localPort(),
                Duration.ofSeconds(10))).contains("reason=max-inbound-percentage-per-source");
        refused.close();
        closeAll(open("127.0.0.14", 1));
        closeAll(held);
    }

    @Test
    @Order(4)
    @DisplayName("P29 MessageRateLimit 2 by IPAddress: the third MAIL within the minute gets "
            + "421 4.4.2 and a close, in a new session too; another address is still served")
    void messageRateLimit() throws Exception {
        String rate = "421 4.4.2 Message submission rate for this client has exceeded the "
                + "configured limit";
        try (SmtpClient c = SmtpClient.session("127.0.1.10", port)) {
            assertThat(c.command("MAIL FROM:<scanner@fabrikam.test>")).startsWith("250 ");
            assertThat(c.command("RSET")).startsWith("250 ");
            assertThat(c.command("MAIL FROM:<scanner@fabrikam.test>")).startsWith("250 ");
            assertThat(c.command("RSET")).startsWith("250 ");
            assertThat(c.command("MAIL FROM:<scanner@fabrikam.test>")).isEqualTo(rate);
            assertThat(c.closedByServer()).isTrue();
            assertThat(server.awaitOutput("client=127.0.1.10:" + c.localPort(),
                    Duration.ofSeconds(10))).contains("event=message-refused",
                            "reason=message-rate-limit", "limit=2");
        }
        try (SmtpClient c = SmtpClient.session("127.0.1.10", port)) {
            assertThat(c.command("MAIL FROM:<scanner@fabrikam.test>")).isEqualTo(rate);
            assertThat(c.closedByServer()).isTrue();
        }
        try (SmtpClient c = SmtpClient.session("127.0.1.11", port)) {
            assertThat(c.command("MAIL FROM:<printer@fabrikam.test>")).startsWith("250 ");
        }
        // Unlimited again: the same address is served at once.
        server.execOk("Set-ReceiveConnector Rate -MessageRateLimit Unlimited");
        try (SmtpClient c = SmtpClient.session("127.0.1.10", port)) {
            assertThat(c.command("MAIL FROM:<scanner@fabrikam.test>")).startsWith("250 ");
        }
    }

    @Test
    @Order(5)
    @DisplayName("Set-TransportService -MaxConnectionRatePerMinute 3: the server takes three new "
            + "connections, refuses the next with 421 4.3.2 from any address, and takes "
            + "connections again when the rate is raised")
    void connectionRatePerMinute() throws Exception {
        assertThat(server.execOk("(Get-TransportService).MaxConnectionRatePerMinute").strip())
                .isEqualTo("1200");
        server.execOk("Get-TransportService | Set-TransportService -MaxConnectionRatePerMinute 3");
        for (int i = 0; i < 3; i++) {
            closeAll(open("127.0.0.15", 1));
        }
        SmtpClient refused = refusedWith("127.0.0.16", "421 4.3.2 The maximum rate of new "
                + "connections per minute has exceeded a limit, closing transmission channel");
        assertThat(server.awaitOutput("client=127.0.0.16:" + refused.localPort(),
                Duration.ofSeconds(10))).contains("event=connection-refused",
                        "reason=max-connection-rate-per-minute", "limit=3");
        refused.close();
        server.execOk("Get-TransportService | Set-TransportService -MaxConnectionRatePerMinute"
                + " Unlimited");
        closeAll(open("127.0.0.16", 1));
    }

    @Test
    @Order(6)
    @DisplayName("Beyond Exchange: one address that opens connections as fast as it can uses "
            + "MaxConnectionRatePerMinute down to its last tenth, which other addresses still get;"
            + " its refusals are logged ten lines in ten seconds")
    void connectionRateReserveOutlastsAFlood() throws Exception {
        server.execOk("Get-TransportService"
                + " | Set-TransportService -MaxConnectionRatePerMinute 100");
        int rateRefusals = 0;
        for (int i = 0; i < 100; i++) {
            try (SmtpClient c = SmtpClient.connect("127.0.0.66", "127.0.0.1", port)) {
                rateRefusals += c.lastLine().equals(RATE) ? 1 : 0;
            }
        }
        // 90 from the full bucket, and a few more from what a second or two refills.
        assertThat(rateRefusals).isBetween(5, 10);
        for (int i = 0; i < 5; i++) {
            try (SmtpClient c = SmtpClient.connect("127.0.0.10", "127.0.0.1", port)) {
                // The banner, or the per-source 421 if the server has not yet seen the previous
                // connection close: either way past the rate limit.
                assertThat(c.lastLine()).as("another address, connection %d", i)
                        .isIn("220 Flood connector", PER_SOURCE);
            }
        }
        refusedWith("127.0.0.66", RATE).close();
        for (int i = 0; i < 40; i++) {
            SmtpClient.connect("127.0.0.66", "127.0.0.1", port).close();
        }
        server.execOk("Get-TransportService | Set-TransportService -MaxConnectionRatePerMinute"
                + " Unlimited");
        // Each address gets ten refusal lines per reason in ten seconds: two periods at most.
        assertThat(server.outputLines("reason=max-connection-rate-per-minute"
                + " client=127.0.0.66:")).hasSizeBetween(1, 20);
    }
}
