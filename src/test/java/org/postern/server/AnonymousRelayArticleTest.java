package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postern.queue.SpoolStore;

/**
 * The article "Allow anonymous relay on Exchange servers", followed step by step on a real
 * Postern server: its commands verbatim through {@code postern exec} (addresses changed to
 * loopback), and its telnet test typed exactly as the article types it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnonymousRelayArticleTest {

    @TempDir
    static Path data;

    static PosternProcess server;
    static int relayPort;
    /** The InternalIds of the messages the telnet tests got 250 2.6.0 for. */
    static final List<Long> acknowledged = new java.util.ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = PosternProcess.start(data);
        relayPort = server.port(25);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void step1CreatesTheDedicatedConnector() throws Exception {
        String out = server.execOk("New-ReceiveConnector -Name \"Anonymous Relay\" -TransportRole"
                + " FrontendTransport -Custom -Bindings 0.0.0.0:" + relayPort
                + " -RemoteIpRanges 127.0.0.10,127.0.0.11");
        assertThat(out).contains("EX01\\Anonymous Relay").contains("{0.0.0.0:" + relayPort + "}");
    }

    @Test
    @Order(2)
    void withoutPermissionsTheListedHostIsNotAuthenticated() throws Exception {
        try (SmtpClient c = SmtpClient.connect("127.0.0.10", "127.0.0.1", relayPort)) {
            assertThat(c.lastLine()).startsWith("220 ex01.contoso.com Microsoft ESMTP MAIL"
                    + " Service ready at ");
            assertThat(c.command("EHLO")).startsWith("250 ");
            assertThat(c.command("MAIL FROM:chris@contoso.com"))
                    .isEqualTo("530 5.7.1 Client was not authenticated");
        }
    }

    @Test
    @Order(3)
    void method1AnonymousRelayFromListedHost() throws Exception {
        server.execOk("Set-ReceiveConnector \"Anonymous Relay\" -PermissionGroups AnonymousUsers");
        server.execOk("Get-ReceiveConnector \"Anonymous Relay\" | Add-ADPermission -User"
                + " \"NT AUTHORITY\\ANONYMOUS LOGON\" -ExtendedRights"
                + " \"Ms-Exch-SMTP-Accept-Any-Recipient\"");
        telnetTestRelays("127.0.0.10");
        telnetTestRelays("127.0.0.11");
    }

    @Test
    @Order(4)
    void method1VerificationCommandsShowTheConnectorAndItsPermissions() throws Exception {
        String list = server.execOk("Get-ReceiveConnector \"Anonymous Relay\" | Format-List"
                + " Enabled,TransportRole,Bindings,RemoteIPRanges");
        assertThat(list).containsPattern("(?m)^Enabled +: True\\r?$")
                .containsPattern("(?m)^TransportRole +: FrontendTransport\\r?$")
                .containsPattern("(?m)^Bindings +: \\{0\\.0\\.0\\.0:" + relayPort + "\\}\\r?$")
                .containsPattern("(?m)^RemoteIPRanges +: \\{127\\.0\\.0\\.1[01], "
                        + "127\\.0\\.0\\.1[01]\\}");
        String table = server.execOk("Get-ADPermission \"Anonymous Relay\" -User \"NT AUTHORITY\\"
                + "ANONYMOUS LOGON\" | where {($_.Deny -eq $false) -and ($_.IsInherited -eq"
                + " $false)} | Format-Table User,ExtendedRights");
        assertThat(table).contains("User", "ExtendedRights");
        for (String right : List.of("ms-Exch-SMTP-Submit", "ms-Exch-SMTP-Accept-Any-Recipient",
                "ms-Exch-SMTP-Accept-Any-Sender", "ms-Exch-SMTP-Accept-Authoritative-Domain-Sender",
                "ms-Exch-Accept-Headers-Routing")) {
            assertThat(table)
                    .containsPattern("NT AUTHORITY\\\\ANONYMOUS LOGON +\\{" + right + "\\}");
        }
        String groups =
                server.execOk("(Get-ReceiveConnector \"Anonymous Relay\").PermissionGroups");
        assertThat(groups.strip()).isEqualTo("AnonymousUsers, Custom");
    }

    @Test
    @Order(5)
    void unlistedHostFallsToDefaultFrontendAndCannotRelay() throws Exception {
        try (SmtpClient c = SmtpClient.connect("127.0.0.12", "127.0.0.1", relayPort)) {
            c.reply();
            c.command("EHLO");
            assertThat(c.command("MAIL FROM:chris@contoso.com")).isEqualTo("250 2.1.0 Sender OK");
            assertThat(c.command("RCPT TO:kate@fabrikam.com"))
                    .isEqualTo("550 5.7.1 Unable to relay");
            assertThat(c.command("RCPT TO:chris@contoso.com"))
                    .isEqualTo("250 2.1.5 Recipient OK");
            assertThat(c.command("QUIT"))
                    .isEqualTo("221 2.0.0 Service closing transmission channel");
        }
    }

    @Test
    @Order(6)
    void method2ExternallySecuredRelayFromListedHost() throws Exception {
        server.execOk("Set-ReceiveConnector \"Anonymous Relay\" -AuthMechanism"
                + " ExternalAuthoritative -PermissionGroups ExchangeServers");
        telnetTestRelays("127.0.0.10");
        String table = server.execOk("Get-ADPermission \"Anonymous Relay\" -User \"MS Exchange\\"
                + "Externally Secured Servers\" | where {($_.Deny -eq $false) -and"
                + " ($_.IsInherited -eq $false)} | Format-Table User,ExtendedRights");
        for (String right : List.of("ms-Exch-Accept-Headers-Routing", "ms-Exch-Bypass-Anti-Spam",
                "ms-Exch-Bypass-Message-Size-Limit", "ms-Exch-SMTP-Accept-Any-Recipient",
                "ms-Exch-SMTP-Accept-Any-Sender", "ms-Exch-SMTP-Accept-Authentication-Flag",
                "ms-Exch-SMTP-Accept-Authoritative-Domain-Sender", "ms-Exch-SMTP-Accept-Exch50",
                "ms-Exch-SMTP-Submit")) {
            assertThat(table).containsPattern("MS Exchange\\\\Externally Secured Servers +\\{"
                    + right + "\\}");
        }
    }

    @Test
    @Order(7)
    void acceptedMessagesAreInTheQueue() throws Exception {
        server.close();
        // Relayed to fabrikam.com, whose MX the test's loopback DNS never finds: each
        // acknowledged message waits in the queue for its next try.
        try (SpoolStore store = SpoolStore.open(data)) {
            assertThat(acknowledged).hasSize(3);
            for (long id : acknowledged) {
                assertThat(store.find(id)).as("message %d", id).hasValueSatisfying(m ->
                        assertThat(m.envelope().recipients()).extracting(r -> r.address())
                                .containsExactly("kate@fabrikam.com"));
            }
        }
        server = PosternProcess.start(data);
    }

    /** Steps 4 to 12 of the article's telnet test, typed as the article types them. */
    private static void telnetTestRelays(String source) throws Exception {
        try (SmtpClient c = SmtpClient.connect(source, "127.0.0.1", relayPort)) {
            assertThat(c.lastLine()).startsWith("220 ");
            List<String> ehlo;
            c.send("EHLO");
            ehlo = c.reply();
            assertThat(ehlo.get(0)).isEqualTo("250-ex01.contoso.com Hello [" + source + "]");
            assertThat(c.command("MAIL FROM:chris@contoso.com")).isEqualTo("250 2.1.0 Sender OK");
            assertThat(c.command("RCPT TO:kate@fabrikam.com"))
                    .isEqualTo("250 2.1.5 Recipient OK");
            assertThat(c.command("DATA"))
                    .isEqualTo("354 Start mail input; end with <CRLF>.<CRLF>");
            c.send("Subject: Test");
            c.send("");
            c.send("This is a test message");
            String queued = c.command(".");
            assertThat(queued).matches("250 2\\.6\\.0 <[0-9a-f-]{36}@ex01\\.contoso\\.com>"
                    + " \\[InternalId=\\d+, Hostname=ex01\\.contoso\\.com\\] Queued mail for"
                    + " delivery");
            acknowledged.add(Long.parseLong(queued.replaceAll(".*InternalId=(\\d+),.*", "$1")));
            assertThat(c.command("QUIT"))
                    .isEqualTo("221 2.0.0 Service closing transmission channel");
        }
    }
}
