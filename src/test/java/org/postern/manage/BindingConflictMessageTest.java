package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.ConfigFile;
import org.postern.config.ConfigRepository;
import org.postern.config.Configuration;
import org.postern.config.ServerIdentity;
import org.postern.config.Setup;
import org.postern.shell.ExecutionResult;
import org.postern.shell.Shell;

/** A refused binding names the connector that already holds it, not the one being made. */
class BindingConflictMessageTest {

    @TempDir
    Path dir;

    @Test
    void secondRelayOnTheSameBindingAndRangesNamesTheFirst() throws Exception {
        ConfigFile file = new ConfigFile(dir);
        Configuration initial = Setup.initial(new ServerIdentity("EX01", "ex01.contoso.com",
                "CONTOSO"), "contoso.com", 0, Instant.parse("2024-01-01T00:00:00Z"));
        file.write(initial);
        Shell shell = ManagementShell.session(new ConfigRepository(file, initial));
        ExecutionResult first = shell.run("New-ReceiveConnector -Name \"Anonymous Relay\""
                + " -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:47025"
                + " -RemoteIpRanges 127.0.0.10,127.0.0.11");
        assertThat(first.success()).as(first.stderr()).isTrue();

        // The input a newcomer typed: the same binding and ranges under another name.
        ExecutionResult second = shell.run("New-ReceiveConnector -Name \"Relay2\""
                + " -TransportRole FrontendTransport -Custom -Bindings 0.0.0.0:47025"
                + " -RemoteIpRanges 127.0.0.10,127.0.0.11");
        assertThat(second.success()).isFalse();
        assertThat(second.stderr().replaceAll("\\s+", " "))
                .contains("conflict with the settings on Receive connector"
                        + " \"EX01\\Anonymous Relay\"")
                .doesNotContain("Receive connector \"EX01\\Relay2\"");
    }
}
