package org.postern.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.shell.PsObject;
import org.postern.shell.View;

/** Test-ReceiveConnectorAccess on the default connectors and the article's relay connector. */
class TestReceiveConnectorAccessTest extends LiveConfigTest {

    private static final String ANONYMOUS = "NT AUTHORITY\\ANONYMOUS LOGON";

    private PsObject only(Object... args) {
        DirectRun r = DirectRun.run(repo, "Test-ReceiveConnectorAccess", args);
        assertThat(r.output).hasSize(1);
        return (PsObject) r.output.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(PsObject o, String property) {
        return (List<String>) o.get(property);
    }

    private void relayConnector() {
        DirectRun.run(repo, "New-ReceiveConnector", "Name", "Relay", "Custom", true,
                "TransportRole", "FrontendTransport", "Bindings", "0.0.0.0:25",
                "RemoteIPRanges", List.of("127.0.0.10", "127.0.0.11"),
                "PermissionGroups", "AnonymousUsers");
        DirectRun.run(repo, "Add-ADPermission", "Identity", "Relay", "User", ANONYMOUS,
                "ExtendedRights", "ms-Exch-SMTP-Accept-Any-Recipient");
    }

    @Test
    void anOutsideHostOnPort25GetsDefaultFrontendAndNoRelay() {
        PsObject o = only("RemoteIPAddress", "10.1.2.3", "LocalEndPoint", "0.0.0.0:25",
                "Sender", "alice@fabrikam.com", "Recipient", "bob@fabrikam.com");
        assertThat(o.view().shape()).isEqualTo(View.Shape.LIST);
        assertThat(o.get("Connector")).isEqualTo("EX01\\Default Frontend EX01");
        assertThat(o.get("Selection").toString()).contains("binding 0.0.0.0:25 covers 0.0.0.0:25")
                .contains("RemoteIPRanges entry 0.0.0.0-255.255.255.255 holds 10.1.2.3"
                        + " (4294967296 addresses)");
        assertThat(o.get("Principal")).isEqualTo(ANONYMOUS);
        assertThat(strings(o, "Rights")).containsExactly(
                "ms-Exch-SMTP-Submit: Allow (permission group AnonymousUsers)",
                "ms-Exch-SMTP-Accept-Any-Sender: Allow (permission group AnonymousUsers)",
                "ms-Exch-SMTP-Accept-Authoritative-Domain-Sender: Allow (permission group"
                        + " AnonymousUsers)",
                "ms-Exch-Accept-Headers-Routing: Allow (permission group AnonymousUsers)");
        assertThat(o.get("MailReply")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(o.get("RcptReply")).isEqualTo("550 5.7.1 Unable to relay");
        assertThat(o.get("RcptReason").toString()).isEqualTo("fabrikam.com is not an accepted"
                + " domain and NT AUTHORITY\\ANONYMOUS LOGON does not hold"
                + " ms-Exch-SMTP-Accept-Any-Recipient; sent after the TarpitInterval of"
                + " 00:00:05");
    }

    @Test
    void theRelayConnectorWinsForItsHostsAndSaysWhomItBeat() {
        relayConnector();
        PsObject o = only("RemoteIPAddress", "127.0.0.10", "LocalEndPoint", "127.0.0.1:25",
                "Recipient", "bob@fabrikam.com");
        assertThat(o.get("Connector")).isEqualTo("EX01\\Relay");
        assertThat(o.get("Selection").toString()).contains("entry 127.0.0.10 holds 127.0.0.10"
                + " (1 address); the most specific of 2 candidates");
        assertThat(strings(o, "OtherCandidates")).containsExactly(
                "EX01\\Default Frontend EX01: 0.0.0.0-255.255.255.255 (4294967296 addresses,"
                        + " binding 0.0.0.0:25)");
        assertThat(strings(o, "Rights")).contains(
                "ms-Exch-SMTP-Accept-Any-Recipient: Allow (explicit entry)");
        assertThat(o.get("Sender")).isEqualTo("<>");
        assertThat(o.get("MailReply")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(o.get("RcptReply")).isEqualTo("250 2.1.5 Recipient OK");
        assertThat(o.get("RcptReason").toString()).contains("relayed because");
    }

    @Test
    void aDenyShowsWhatItOverrides() {
        relayConnector();
        DirectRun.run(repo, "Add-ADPermission", "Identity", "Relay", "User", ANONYMOUS,
                "ExtendedRights", "ms-Exch-SMTP-Submit", "Deny", true);
        PsObject o = only("RemoteIPAddress", "127.0.0.11", "LocalEndPoint", "127.0.0.1:25",
                "Sender", "alice@fabrikam.com", "Recipient", "chris@contoso.com");
        assertThat(strings(o, "Rights")).contains("ms-Exch-SMTP-Submit: Deny (explicit"
                + " entry), overrides Allow (permission group AnonymousUsers)");
        assertThat(o.get("MailReply")).isEqualTo("530 5.7.1 Client was not authenticated");
        assertThat(o.get("RcptReply")).isEqualTo("503 5.5.1 Bad sequence of commands");
    }

    @Test
    void withoutALocalEndPointEveryBoundEndpointOfTheFamilyIsAnswered() {
        DirectRun r = DirectRun.run(repo, "Test-ReceiveConnectorAccess",
                "RemoteIPAddress", "::1");
        assertThat(r.output).extracting(o -> ((PsObject) o).get("LocalEndPoint") + " "
                + ((PsObject) o).get("Connector")).containsExactly(
                        "[::]:25 EX01\\Default Frontend EX01",
                        "[::]:465 EX01\\Client Proxy EX01",
                        "[::]:587 EX01\\Client Frontend EX01",
                        "[::]:717 EX01\\Outbound Proxy Frontend EX01",
                        "[::]:2525 EX01\\Default EX01");
    }

    @Test
    void noConnectorForTheClientSaysTheConnectionClosesWithoutABanner() {
        relayConnector();
        DirectRun.run(repo, "Set-ReceiveConnector", "Identity", "Default Frontend EX01",
                "Enabled", false);
        PsObject o = only("RemoteIPAddress", "127.0.0.12", "LocalEndPoint", "0.0.0.0:25",
                "Sender", "a@fabrikam.com");
        assertThat(o.get("Connector")).isNull();
        assertThat(o.get("Selection").toString()).contains("EX01\\Relay [127.0.0.10,"
                + " 127.0.0.11]").contains("closes the connection without a banner");
        assertThat(o.get("MailReason")).isEqualTo("no session");
        PsObject none = only("RemoteIPAddress", "127.0.0.12", "LocalEndPoint", "0.0.0.0:2");
        assertThat(none.get("Selection").toString())
                .isEqualTo("no enabled Receive connector binds 0.0.0.0:2, so the connection is"
                        + " refused");
    }

    @Test
    void badValuesAreErrorsNamingThem() {
        assertThatThrownBy(() -> DirectRun.run(repo, "Test-ReceiveConnectorAccess",
                "RemoteIPAddress", "10.0.0.0/8")).hasMessageContaining("'RemoteIPAddress'")
                .hasMessageContaining("\"10.0.0.0/8\"");
        assertThatThrownBy(() -> DirectRun.run(repo, "Test-ReceiveConnectorAccess",
                "RemoteIPAddress", "127.0.0.1", "LocalEndPoint", "25"))
                .hasMessageContaining("'LocalEndPoint'").hasMessageContaining("\"25\"");
    }
    @Test
    void withUserItAnswersForASessionThatSignedIn() {
        ok("New-Mailbox -Name 'Kim Akers' -PrimarySmtpAddress kim@contoso.com"
                + " -Password (ConvertTo-SecureString 'Pa55w.rd' -AsPlainText -Force)");
        // Client Proxy EX01 (465): BasicAuth, BasicAuthRequireTLS, ExchangeUsers.
        PsObject o = only("RemoteIPAddress", "10.1.2.3", "LocalEndPoint", "0.0.0.0:465",
                "User", "CONTOSO\\KimAkers", "Sender", "kim@contoso.com", "Recipient",
                "bob@fabrikam.com");
        assertThat(o.view().columns().stream().map(View.Column::property))
                .contains("User", "Authentication");
        assertThat(o.get("Authentication").toString()).contains("succeeds after STARTTLS")
                .contains("CONTOSO\\KimAkers");
        assertThat(o.get("Principal")).isEqualTo("CONTOSO\\KimAkers");
        assertThat(strings(o, "Rights")).contains(
                "ms-Exch-SMTP-Accept-Any-Recipient: Allow (permission group ExchangeUsers)");
        assertThat(o.get("MailReply")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(o.get("RcptReply")).isEqualTo("250 2.1.5 Recipient OK");

        PsObject spoof = only("RemoteIPAddress", "10.1.2.3", "LocalEndPoint", "0.0.0.0:465",
                "User", "kim@contoso.com", "Sender", "pat@contoso.com");
        assertThat(spoof.get("MailReply")).isEqualTo("550 5.7.1 Client does not have"
                + " permissions to send as this sender");

        PsObject unknown = only("RemoteIPAddress", "10.1.2.3", "LocalEndPoint", "0.0.0.0:465",
                "User", "nobody@contoso.com", "Sender", "kim@contoso.com");
        assertThat(unknown.get("Authentication").toString()).contains("535 5.7.3");
        assertThat(unknown.get("Principal")).isEqualTo(ANONYMOUS);
    }

    @Test
    void theAntispamAgentsAnswerAsTheSessionWouldWithTheAgentNamed() {
        relayConnector();
        DirectRun.run(repo, "Set-SenderFilterConfig", "BlockedSenders", "spam@fabrikam.org");
        DirectRun.run(repo, "Add-IPBlockListEntry", "IPAddress", "127.0.0.13");
        DirectRun.run(repo, "Set-RecipientFilterConfig", "BlockListEnabled", true,
                "BlockedRecipients", "blocked@contoso.com");

        PsObject sender = only("RemoteIPAddress", "127.0.0.10", "LocalEndPoint", "0.0.0.0:25",
                "Sender", "spam@fabrikam.org", "Recipient", "carol@fabrikam.net");
        assertThat(sender.get("MailReply")).isEqualTo("554 5.1.0 Sender Denied");
        assertThat(sender.get("MailReason").toString()).startsWith("Sender Filter Agent: ");
        assertThat(sender.get("RcptReply").toString()).startsWith("503 ");

        PsObject client = only("RemoteIPAddress", "127.0.0.13", "LocalEndPoint", "0.0.0.0:25",
                "Sender", "alice@fabrikam.com", "Recipient", "bob@contoso.com");
        assertThat(client.get("MailReply")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(client.get("RcptReply").toString()).startsWith("550 5.7.1 External client"
                + " with IP address 127.0.0.13");
        assertThat(client.get("RcptReason").toString())
                .startsWith("Connection Filtering Agent: ");

        PsObject recipient = only("RemoteIPAddress", "10.1.2.3", "LocalEndPoint", "0.0.0.0:25",
                "Sender", "alice@fabrikam.com", "Recipient", "blocked@contoso.com");
        assertThat(recipient.get("RcptReply")).isEqualTo("550 5.1.1 User unknown");
        assertThat(recipient.get("RcptReason").toString())
                .startsWith("Recipient Filter Agent: ");
    }

    @Test
    void aConnectorThatRequiresTlsSaysWhatMailGetsBeforeStartTls() {
        relayConnector();
        DirectRun.run(repo, "Set-ReceiveConnector", "Identity", "Relay", "RequireTLS", true);
        PsObject o = only("RemoteIPAddress", "127.0.0.10", "LocalEndPoint", "0.0.0.0:25",
                "Sender", "scanner@contoso.com");
        assertThat(o.get("MailReply")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(o.get("MailReason").toString()).endsWith("; RequireTLS: before STARTTLS"
                + " every MAIL gets 530 5.7.0 Must issue a STARTTLS command first");
    }
}
