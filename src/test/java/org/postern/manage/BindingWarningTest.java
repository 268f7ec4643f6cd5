package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.ConfigFile;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.listen.Listeners;
import org.postern.listen.TestPorts;
import org.postern.shell.ExecutionResult;
import org.postern.shell.Shell;

/**
 * A change whose binding cannot open is kept, and the cmdlet that made it warns, naming the
 * connector, the binding and the reason; the binding opens by itself once the port is free.
 */
class BindingWarningTest {

    private static final ServerIdentity SERVER =
            new ServerIdentity("EX01", "ex01.contoso.com", "CONTOSO");

    @TempDir
    Path dir;
    private EventLoopGroup group;
    private Listeners listeners;
    private Shell shell;
    private int port;
    private InetSocketAddress address;

    @BeforeEach
    void setUp() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // No connectors of Setup's: they would bind the well-known ports.
        Configuration base = Setup.initial(SERVER, "contoso.com", 0, Instant.now());
        Configuration initial = new Configuration(SERVER, List.of(), base.acceptedDomains());
        ConfigFile file = new ConfigFile(dir);
        file.write(initial);
        ConfigRepository repo = new ConfigRepository(file, initial);
        listeners = new Listeners(group, group, repo::current, (ch, s, c, id) -> ch.close(),
                Duration.ofMillis(200));
        repo.onChangeReporting(listeners::applyReporting);
        listeners.apply(initial);
        shell = ManagementShell.session(repo);
        port = freePort();
        address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    }

    @AfterEach
    void tearDown() {
        listeners.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int freePort() {
        return TestPorts.free();
    }

    private String warningFor(String binding) {
        return "WARNING: The Receive connector \"EX01\\Busy\" couldn't listen on " + binding
                + ": Address already in use. Postern retries every 200 milliseconds; stop the"
                + " program that holds the port or change -Bindings.";
    }

    @Test
    @DisplayName("New-ReceiveConnector on a taken port warns, keeps the connector, and the port "
            + "opens once freed")
    void newConnectorOnATakenPortWarns() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(address);
            ExecutionResult r = shell.run("New-ReceiveConnector -Name \"Busy\" -TransportRole"
                    + " FrontendTransport -Custom -Bindings 127.0.0.1:" + port
                    + " -RemoteIpRanges 127.0.0.50");
            assertThat(r.success()).as(r.stderr()).isTrue();
            assertThat(r.stdout()).contains(warningFor("127.0.0.1:" + port));
            ExecutionResult get = shell.run("Get-ReceiveConnector Busy | Format-List Bindings");
            assertThat(get.stdout()).contains("127.0.0.1:" + port);
            assertThat(listeners.listening()).doesNotContain(address);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> listeners.listening().contains(address));
    }

    @Test
    @DisplayName("Set-ReceiveConnector -Bindings onto a taken port warns; a change that opens "
            + "warns nothing")
    void setBindingsOntoATakenPortWarns() throws Exception {
        int other = freePort();
        ExecutionResult made = shell.run("New-ReceiveConnector -Name \"Busy\" -TransportRole"
                + " FrontendTransport -Custom -Bindings 127.0.0.1:" + other
                + " -RemoteIpRanges 127.0.0.50");
        assertThat(made.success()).as(made.stderr()).isTrue();
        assertThat(made.stdout()).doesNotContain("WARNING");
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(address);
            ExecutionResult r = shell.run("Set-ReceiveConnector Busy -Bindings 127.0.0.1:" + port);
            assertThat(r.success()).as(r.stderr()).isTrue();
            assertThat(r.stdout()).contains(warningFor("127.0.0.1:" + port));
            // Another change while it still fails does not repeat the warning.
            ExecutionResult again = shell.run("Set-ReceiveConnector Busy -Banner \"220 hi\"");
            assertThat(again.success()).as(again.stderr()).isTrue();
            assertThat(again.stdout()).doesNotContain("WARNING");
        }
    }
}
