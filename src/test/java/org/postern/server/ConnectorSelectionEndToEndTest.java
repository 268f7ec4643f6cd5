package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connector selection end to end (fact sheet (f), relay-cases A01, A06): connectors made with
 * {@code postern exec}, each with its own banner so the client sees which one took it, and
 * clients bound to loopback source addresses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorSelectionEndToEndTest {

    private static final String DEFAULT_BANNER =
            "220 ex01.contoso.com Microsoft ESMTP MAIL Service ready at ";

    @TempDir
    static Path data;

    static PosternProcess server;
    static int port;
    static int lonelyPort;

    @BeforeAll
    static void startServer() throws Exception {
        server = PosternProcess.start(data);
        port = server.port(25);
        try (ServerSocket s = new ServerSocket(0)) {
            lonelyPort = s.getLocalPort();
        }
        newConnector("Scanner", "0.0.0.0:" + port, "127.0.0.10");
        newConnector("Printers", "0.0.0.0:" + port, "127.0.0.20-127.0.0.29");
        newConnector("Lab", "0.0.0.0:" + port, "127.0.0.0/24");
        newConnector("Six", "[::]:" + port, "::1");
        newConnector("Paused", "0.0.0.0:" + port, "127.0.0.30");
        server.execOk("Set-ReceiveConnector Paused -Enabled $false");
        newConnector("Lonely", "0.0.0.0:" + lonelyPort, "127.0.0.40");
    }

    private static void newConnector(String name, String binding, String ranges)
            throws Exception {
        server.execOk("New-ReceiveConnector -Name " + name + " -TransportRole FrontendTransport"
                + " -Custom -Bindings \"" + binding + "\" -RemoteIpRanges " + ranges
                + " -Banner \"220 " + name + " connector\"");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The banner a client bound to {@code source} gets on {@code host:p}. */
    private static String banner(String source, String host, int p) throws Exception {
        try (SmtpClient c = SmtpClient.connect(source, host, p)) {
            return c.lastLine();
        }
    }

    @Test
    @Order(1)
    @DisplayName("A06 a single address beats a range, a range beats a CIDR block, a block beats "
            + "everything")
    void mostSpecificConnectorWins() throws Exception {
        assertThat(banner("127.0.0.10", "127.0.0.1", port)).isEqualTo("220 Scanner connector");
        assertThat(banner("127.0.0.20", "127.0.0.1", port)).isEqualTo("220 Printers connector");
        assertThat(banner("127.0.0.29", "127.0.0.1", port)).isEqualTo("220 Printers connector");
        assertThat(banner("127.0.0.11", "127.0.0.1", port)).isEqualTo("220 Lab connector");
        assertThat(banner("127.0.0.19", "127.0.0.1", port)).isEqualTo("220 Lab connector");
        assertThat(banner("127.0.1.5", "127.0.0.1", port)).startsWith(DEFAULT_BANNER);
        // Another local address of the machine is covered by the 0.0.0.0 bindings too.
        assertThat(banner("127.0.0.10", "127.0.0.2", port)).isEqualTo("220 Scanner connector");
    }

    @Test
    @Order(2)
    @DisplayName("A01 an IPv4 client seen on the dual-stack socket as ::ffff:127.0.0.10 matches "
            + "the IPv4 range")
    void ipv4MappedClient() throws Exception {
        String script = "import socket\n"
                + "s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)\n"
                + "s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)\n"
                + "s.settimeout(20)\n"
                + "s.bind(('::ffff:127.0.0.10', 0))\n"
                + "s.connect(('::ffff:127.0.0.1', " + port + "))\n"
                + "print(s.recv(4096).decode().strip())\n"
                + "s.close()\n";
        ExternalTool.Result r = ExternalTool.run(Duration.ofSeconds(30), "python3", "-c", script);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo("220 Scanner connector");
    }

    @Test
    @Order(3)
    @DisplayName("an IPv6 client (::1) gets the connector whose range holds ::1 on the [::] "
            + "binding")
    void ipv6Client() throws Exception {
        assertThat(banner("::1", "::1", port)).isEqualTo("220 Six connector");
    }

    @Test
    @Order(4)
    @DisplayName("a disabled connector is skipped: its client falls to the next most specific "
            + "one, live")
    void disabledConnector() throws Exception {
        assertThat(banner("127.0.0.30", "127.0.0.1", port)).isEqualTo("220 Lab connector");
        server.execOk("Set-ReceiveConnector Paused -Enabled $true");
        assertThat(banner("127.0.0.30", "127.0.0.1", port)).isEqualTo("220 Paused connector");
        server.execOk("Set-ReceiveConnector Paused -Enabled $false");
        assertThat(banner("127.0.0.30", "127.0.0.1", port)).isEqualTo("220 Lab connector");
    }

    @Test
    @Order(5)
    @DisplayName("no connector matches: the connection is closed without a banner, and logged")
    void noMatchingConnector() throws Exception {
        assertThat(banner("127.0.0.40", "127.0.0.1", lonelyPort))
                .isEqualTo("220 Lonely connector");
        int clientPort;
        try (Socket s = new Socket()) {
            s.setSoTimeout(10000);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.41"), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), lonelyPort), 5000);
            clientPort = s.getLocalPort();
            InputStream in = s.getInputStream();
            assertThat(in.read()).as("no banner, just the close").isEqualTo(-1);
        }
        String line = server.awaitOutput("client=127.0.0.41:" + clientPort, Duration.ofSeconds(10));
        assertThat(line).contains("event=connection-refused",
                "local=127.0.0.1:" + lonelyPort, "reason=no-matching-connector");
    }

    @Test
    @Order(6)
    @DisplayName("removing a connector closes the binding it alone used, without a restart")
    void removedConnectorClosesItsBinding() throws Exception {
        server.execOk("Remove-ReceiveConnector Lonely -Confirm:$false");
        server.awaitOutput("event=binding-closed address=0.0.0.0:" + lonelyPort,
                Duration.ofSeconds(10));
        // The port is released at the event loop's next select: refused within moments.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.40"), 0));
                s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), lonelyPort),
                        5000);
                return false;
            } catch (java.net.ConnectException refused) {
                return true;
            }
        });
        assertThat(banner("127.0.0.10", "127.0.0.1", port)).isEqualTo("220 Scanner connector");
    }
}
