package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A binding that cannot open at start: one error line for each binding of each connector behind
 * it, naming the connector, the binding and the fix, while every other connector serves.
 */
class BindingFailureEndToEndTest {

    @Test
    @DisplayName("a port held by another socket fails Default Frontend's bindings; the other "
            + "connectors serve")
    void portAlreadyTaken(@TempDir Path data) throws Exception {
        int offset = PosternProcess.freePortOffset();
        int port = 25 + offset;
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            try (PosternProcess server = PosternProcess.start(data, offset)) {
                List<String> failed = server.outputLines("event=binding-failed");
                assertThat(failed).hasSize(2);
                assertThat(failed.get(0)).contains("ERROR",
                        "connector=\"EX01\\\\Default Frontend EX01\"", "binding=[::]:" + port,
                        "fix=\"stop the program that listens on port " + port
                                + ", or move the connector: Set-ReceiveConnector \\\"Default"
                                + " Frontend EX01\\\" -Bindings [::]:<free port>\"");
                assertThat(failed.get(1)).contains("connector=\"EX01\\\\Default Frontend EX01\"",
                        "binding=0.0.0.0:" + port, "-Bindings 0.0.0.0:<free port>");
                assertThat(failed).allMatch(l -> l.contains("reason=") && !l.contains("\tat "));
                assertThat(server.outputLines("event=ready").get(0)).contains("sockets=4");
                for (int p : new int[] {587, 717, 2525, 465}) {
                    try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1",
                            p + offset)) {
                        assertThat(c.lastLine()).as("port %d", p + offset)
                                .startsWith("220 ex01.contoso.com Microsoft ESMTP MAIL Service");
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("ports below 1024 without CAP_NET_BIND_SERVICE: one line per binding with the "
            + "fix; port 2525+n serves")
    void privilegedPortsWithoutTheCapability(@TempDir Path data) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is not installed");
        int found = -1;
        for (int o = 100 + (int) (Math.random() * 100); o < 300 && found < 0; o++) {
            if (PosternProcess.freePort(2525 + o)) {
                found = o;
            }
        }
        assumeTrue(found >= 0, "no free port for Default EX01");
        int offset = found;
        try (PosternProcess server = PosternProcess.start(data, offset,
                List.of("/usr/bin/setpriv", "--bounding-set", "-net_bind_service"))) {
            List<String> failed = server.outputLines("event=binding-failed");
            // Four connectors below 1024, two bindings each.
            assertThat(failed).hasSize(8);
            assertThat(failed).allMatch(l -> l.contains("fix=\"ports below 1024 need root or"
                    + " CAP_NET_BIND_SERVICE for java, or move the connector"));
            assertThat(failed)
                    .anyMatch(l -> l.contains("connector=\"EX01\\\\Client Frontend EX01\"")
                    && l.contains("binding=0.0.0.0:" + (587 + offset)));
            assertThat(failed).noneMatch(l -> l.contains("Default EX01\""));
            try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1", 2525 + offset)) {
                assertThat(c.lastLine()).startsWith("220 ex01.contoso.com ");
            }
        }
    }

    @Test
    @DisplayName("postern exec New-ReceiveConnector on a taken port prints a WARNING naming "
            + "connector, binding and reason; the connector stays")
    void execWarnsOfABindingThatCannotOpen(@TempDir Path data) throws Exception {
        int offset = PosternProcess.freePortOffset();
        int port = 2600 + offset;
        try (PosternProcess server = PosternProcess.start(data, offset);
                ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            String out = server.execOk("New-ReceiveConnector -Name \"Busy\" -TransportRole"
                    + " FrontendTransport -Custom -Bindings 127.0.0.1:" + port
                    + " -RemoteIpRanges 127.0.0.50");
            assertThat(out).contains("WARNING: The Receive connector \"EX01\\Busy\" couldn't"
                    + " listen on 127.0.0.1:" + port + ": Address already in use. Postern retries"
                    + " every 30 seconds; stop the program that holds the port or change"
                    + " -Bindings.");
            assertThat(server.execOk("Get-ReceiveConnector Busy | Format-List Bindings"))
                    .contains("127.0.0.1:" + port);
            assertThat(server.outputLines("event=binding-failed")).singleElement().asString()
                    .contains("connector=\"EX01\\\\Busy\"", "binding=127.0.0.1:" + port);
        }
    }
}
