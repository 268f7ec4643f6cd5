package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The antispam agents against a real server, with raw socket clients bound to loopback source
 * addresses: the article's method 1 (anonymous relay, agents run) against method 2
 * (ExternalAuthoritative, Bypass-Anti-Spam), an IP Block list entry, a DNS block list listing
 * served by dnsmasq, recipient validation, and the Sender ID agent's SPF checks against SPF
 * records served by dnsmasq.
 */
class AntispamEndToEndTest {

    @TempDir
    static Path scratch;

    static PosternProcess server;
    static DnsmasqProcess dns;
    static int method1;
    static int method2;

    @BeforeAll
    static void startServer() throws Exception {
        // 127.0.0.10 is listed in dnsbl.test (its reversed address answers 127.0.0.2).
        // spf.test lets only 127.0.0.10 send; soft.spf.test soft-fails everyone else.
        dns = DnsmasqProcess.start(List.of("--host-record=10.0.0.127.dnsbl.test,127.0.0.2",
                "--txt-record=spf.test,v=spf1 ip4:127.0.0.10 -all",
                "--txt-record=soft.spf.test,v=spf1 ip4:127.0.0.10 ~all"));
        Path data = scratch.resolve("postern");
        int offset = PosternProcess.freePortOffset();
        server = PosternProcess.start(data, offset, List.of(), List.of("--dns-server",
                dns.address()));
        method1 = server.port(25) + 3;
        method2 = server.port(25) + 4;
        server.execOk("New-ReceiveConnector -Name 'Anonymous Relay' -TransportRole"
                + " FrontendTransport -Custom -Bindings 0.0.0.0:" + method1
                + " -RemoteIPRanges 127.0.0.10-127.0.0.19 -PermissionGroups AnonymousUsers");
        server.execOk("Get-ReceiveConnector 'Anonymous Relay' | Add-ADPermission -User"
                + " 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights"
                + " ms-Exch-SMTP-Accept-Any-Recipient");
        server.execOk("Set-ReceiveConnector 'Anonymous Relay' -TarpitInterval 00:00:00");
        server.execOk("New-ReceiveConnector -Name 'Externally Secured' -TransportRole"
                + " FrontendTransport -Custom -Bindings 0.0.0.0:" + method2
                + " -RemoteIPRanges 127.0.0.10-127.0.0.19 -AuthMechanism ExternalAuthoritative"
                + " -PermissionGroups ExchangeServers");
        server.execOk("New-Mailbox -Name 'Kim Akers' -PrimarySmtpAddress kim@contoso.com");
        server.execOk("Set-SenderFilterConfig -BlockedSenders spam@fabrikam.org");
        server.execOk("Add-IPBlockListEntry -IPAddress 127.0.0.12 -Comment 'test'");
        server.execOk("Add-IPBlockListProvider -Name 'Test DNSBL' -LookupDomain dnsbl.test"
                + " -RejectionResponse 'Listed at the test block list'");
        server.execOk("Set-RecipientFilterConfig -RecipientValidationEnabled $true");
        server.execOk("Set-SenderIdConfig -SpoofedDomainAction Reject");
        // No send connector covers this domain: its messages wait in the queue to be read.
        server.execOk("New-AcceptedDomain -Name Parked -DomainName parked.test -DomainType"
                + " ExternalRelay");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    /** A dialogue: each line sent after the previous reply, the replies' last lines back. */
    static List<String> dialogue(String from, int port, String... lines) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(15000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            java.util.ArrayList<String> replies = new java.util.ArrayList<>();
            read(in);
            for (String l : lines) {
                out.write((l + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                replies.add(read(in));
            }
            return replies;
        }
    }

    private static String read(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    @Test
    void aBlockedSenderIsDeniedOnTheAnonymousRelayAndAcceptedWhenExternallySecured()
            throws Exception {
        assertThat(dialogue("127.0.0.13", method1, "EHLO client.test",
                "MAIL FROM:<spam@fabrikam.org>").get(1))
                .isEqualTo("554 5.1.0 Sender Denied");
        assertThat(dialogue("127.0.0.13", method2, "EHLO client.test",
                "MAIL FROM:<spam@fabrikam.org>", "RCPT TO:<kim@contoso.com>"))
                .element(1).asString().startsWith("250 2.1.0");
        assertThat(dialogue("127.0.0.13", method1, "EHLO client.test",
                "MAIL FROM:<ok@fabrikam.org>").get(1)).startsWith("250 2.1.0");
        assertThat(server.awaitOutput("event=agent-reject agent=\"Sender Filter Agent\"",
                java.time.Duration.ofSeconds(5))).contains("reason=blocked-sender");
    }

    @Test
    void aBlockListedClientIsRefusedAtRcptNotAtConnectOrMail() throws Exception {
        List<String> r = dialogue("127.0.0.12", method1, "EHLO client.test",
                "MAIL FROM:<a@fabrikam.org>", "RCPT TO:<kim@contoso.com>");
        assertThat(r.get(0)).startsWith("250 ");
        assertThat(r.get(1)).startsWith("250 2.1.0");
        assertThat(r.get(2)).isEqualTo("550 5.7.1 External client with IP address 127.0.0.12"
                + " does not have permissions to submit to this server.");
        assertThat(dialogue("127.0.0.12", method2, "EHLO client.test",
                "MAIL FROM:<a@fabrikam.org>", "RCPT TO:<kim@contoso.com>").get(2))
                .startsWith("250 2.1.5");
    }

    @Test
    void aClientListedByTheDnsBlockListProviderIsRefusedAndAnotherIsNot() throws Exception {
        assertThat(dialogue("127.0.0.10", method1, "EHLO client.test",
                "MAIL FROM:<a@fabrikam.org>", "RCPT TO:<kim@contoso.com>").get(2))
                .isEqualTo("550 5.7.1 Listed at the test block list");
        assertThat(dialogue("127.0.0.11", method1, "EHLO client.test",
                "MAIL FROM:<a@fabrikam.org>", "RCPT TO:<kim@contoso.com>").get(2))
                .startsWith("250 2.1.5");
        assertThat(dialogue("127.0.0.10", method2, "EHLO client.test",
                "MAIL FROM:<a@fabrikam.org>", "RCPT TO:<kim@contoso.com>").get(2))
                .startsWith("250 2.1.5");
    }

    @Test
    void anUnknownRecipientOfAnAuthoritativeDomainIsUserUnknownWhileValidationIsOn()
            throws Exception {
        assertThat(dialogue("127.0.0.14", method1, "EHLO client.test",
                "MAIL FROM:<a@fabrikam.org>", "RCPT TO:<nobody@contoso.com>").get(2))
                .isEqualTo("550 5.1.1 User unknown");
        server.execOk("Set-RecipientFilterConfig -RecipientValidationEnabled $false");
        try {
            assertThat(dialogue("127.0.0.14", method1, "EHLO client.test",
                    "MAIL FROM:<a@fabrikam.org>", "RCPT TO:<nobody@contoso.com>").get(2))
                    .startsWith("250 2.1.5");
        } finally {
            server.execOk("Set-RecipientFilterConfig -RecipientValidationEnabled $true");
        }
    }

    @Test
    void aSenderDomainWhoseSpfAllowsTheClientIsAcceptedAndAnotherClientIsRefusedAtMail()
            throws Exception {
        assertThat(dialogue("127.0.0.10", method1, "EHLO client.test",
                "MAIL FROM:<a@spf.test>").get(1)).startsWith("250 2.1.0");
        assertThat(dialogue("127.0.0.11", method1, "EHLO client.test",
                "MAIL FROM:<a@spf.test>").get(1))
                .isEqualTo("550 5.7.1 Sender ID (PRA) Not Permitted");
        assertThat(server.awaitOutput("event=agent-reject agent=\"Sender Id Agent\"",
                java.time.Duration.ofSeconds(5))).contains("reason=spf-fail")
                .contains("client=127.0.0.11").contains("command=MAIL");
    }

    @Test
    void aSpoofedSenderDomainIsAcceptedOnTheExternallySecuredConnector() throws Exception {
        List<String> r = dialogue("127.0.0.11", method2, "EHLO client.test",
                "MAIL FROM:<a@spf.test>", "RCPT TO:<kim@contoso.com>");
        assertThat(r.get(1)).startsWith("250 2.1.0");
        assertThat(r.get(2)).startsWith("250 2.1.5");
    }

    @Test
    void stampStatusStampsTheSpfResultIntoTheQueuedMessage() throws Exception {
        List<String> r = dialogue("127.0.0.13", method1, "EHLO client.test",
                "MAIL FROM:<a@soft.spf.test>", "RCPT TO:<x@parked.test>", "DATA",
                "Subject: soft\r\n\r\nbody\r\n.");
        assertThat(r.get(1)).startsWith("250 2.1.0");
        assertThat(r.get(4)).startsWith("250 2.6.0");
        String id = r.get(4).replaceAll(".*\\[InternalId=(\\d+),.*", "$1");
        String stored = java.nio.file.Files.readString(server.data().resolve("queue")
                .resolve(id + ".eml"));
        assertThat(stored).startsWith("Received-SPF: softfail")
                .contains("client-ip=127.0.0.13;")
                .contains("X-MS-Exchange-Organization-SenderIdResult: SoftFail\r\nReceived: ")
                .containsOnlyOnce("Received-SPF:");
    }
}
