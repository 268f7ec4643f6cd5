package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Test-ReceiveConnectorAccess against real SMTP sessions: a child-process server configured
 * through {@code postern exec} with connectors of every kind (the article's relay, an
 * externally secured connector, one without rights, one that refuses authoritative senders, an
 * explicit deny, a connector bound to one local address, an IPv6 relay, reserved-domain
 * rejection, enhanced status codes off, the antispam agents), and a table of clients. For every
 * case the cmdlet's answer (which connector, the MAIL reply, the RCPT reply) must be exactly
 * what a client bound to that loopback address gets from the server, reply for reply.
 */
class ReceiveConnectorAccessAgreementTest {

    @TempDir
    static Path data;
    static PosternProcess server;
    static int o;

    /**
     * One row of the table.
     *
     * @param client the client's source address
     * @param local the endpoint it connects to, with the port as Exchange's (offset added)
     * @param sender MAIL FROM (null: the cmdlet's default, {@code <>}); "" is the null path
     * @param recipient RCPT TO, or null for none
     * @param user the login the session signs in with (AUTH PLAIN with {@link #PASSWORD}) and
     *     the cmdlet's -User, or null for none
     */
    record Case(String client, String local, String sender, String recipient, String user) {
        Case(String client, String local, String sender, String recipient) {
            this(client, local, sender, recipient, null);
        }

        @Override
        public String toString() {
            return client + " -> " + local + (user == null ? "" : " AUTH " + user) + " MAIL "
                    + sender + " RCPT " + recipient;
        }
    }

    /** The password of every mailbox that has one. */
    static final String PASSWORD = "Agree.1ng";

    static Stream<Case> cases() {
        return Stream.of(
                // Default Frontend: the Internet connector.
                new Case("127.0.0.5", "127.0.0.1:25", "alice@fabrikam.com", "bob@contoso.com"),
                new Case("127.0.0.5", "127.0.0.1:25", "alice@fabrikam.com", "carol@fabrikam.net"),
                new Case("127.0.0.5", "127.0.0.1:25", "chris@contoso.com", "kate@contoso.com"),
                new Case("127.0.0.5", "127.0.0.1:25", "", "carol@fabrikam.net"),
                new Case("127.0.0.5", "127.0.0.1:25", "alice@fabrikam.com", "postmaster"),
                new Case("127.0.0.5", "127.0.0.1:25", "alice@fabrikam.com", "x@[127.0.0.1]"),
                new Case("127.0.0.5", "127.0.0.1:25", "alice@fabrikam.com", "x@relay.contoso.net"),
                new Case("127.0.0.5", "127.0.0.1:25", "a@sub.contoso.com", "b@sub.contoso.com"),
                new Case("127.0.0.5", "127.0.0.1:25", "not-an-address", "bob@contoso.com"),
                new Case("127.0.0.5", "127.0.0.1:25", "alice@fabrikam.com", "a@b@c"),
                new Case("127.0.0.12", "127.0.0.1:25", "alice@fabrikam.com", "carol@fabrikam.net"),
                new Case("127.0.0.60", "127.0.0.1:25", "alice@fabrikam.com", "carol@fabrikam.net"),
                // The article's relay connector.
                new Case("127.0.0.10", "127.0.0.1:25", "scanner@contoso.com", "carol@fabrikam.net"),
                new Case("127.0.0.11", "127.0.0.1:25", "alice@fabrikam.com", "carol@fabrikam.net"),
                new Case("127.0.0.10", "127.0.0.1:25", null, "bob@contoso.com"),
                // Externally secured (method 2).
                new Case("127.0.0.20", "127.0.0.1:25", "app@contoso.com", "carol@fabrikam.net"),
                new Case("127.0.0.29", "127.0.0.1:25", "alice@fabrikam.com", "carol@fabrikam.net"),
                // No rights at all.
                new Case("127.0.0.30", "127.0.0.1:25", "alice@fabrikam.com", "bob@contoso.com"),
                new Case("127.0.0.30", "127.0.0.1:25", null, "bob@contoso.com"),
                // Authoritative-domain senders refused.
                new Case("127.0.0.41", "127.0.0.1:25", "chris@contoso.com", "bob@contoso.com"),
                new Case("127.0.0.42", "127.0.0.1:25", "alice@fabrikam.com", "bob@contoso.com"),
                // An explicit deny of relay, enhanced status codes off.
                new Case("127.0.0.50", "127.0.0.1:25", "alice@fabrikam.com", "carol@fabrikam.net"),
                new Case("127.0.0.50", "127.0.0.1:25", "alice@fabrikam.com", "bob@contoso.com"),
                // The other default connectors: nothing for anonymous sessions.
                new Case("127.0.0.5", "127.0.0.1:587", "alice@fabrikam.com", "bob@contoso.com"),
                new Case("127.0.0.5", "127.0.0.1:2525", "alice@fabrikam.com", "bob@contoso.com"),
                new Case("127.0.0.5", "127.0.0.1:717", "alice@fabrikam.com", "bob@contoso.com"),
                new Case("127.0.0.5", "127.0.0.1:465", "alice@fabrikam.com", "bob@contoso.com"),
                // A connector bound to one local address only, rejecting reserved domains.
                new Case("127.0.0.5", "127.0.0.2:2600", "alice@fabrikam.com", "carol@fabrikam.net"),
                new Case("127.0.0.5", "127.0.0.2:2600", "alice@fabrikam.com", "a@host.test"),
                new Case("127.0.0.5", "127.0.0.1:2600", "alice@fabrikam.com", "carol@fabrikam.net"),
                // A connector on a port that takes only listed clients.
                new Case("127.0.0.5", "127.0.0.1:2601", "alice@fabrikam.com", "bob@contoso.com"),
                new Case("127.0.0.70", "127.0.0.1:2601", "alice@fabrikam.com", "bob@contoso.com"),
                // IPv6.
                new Case("::1", "[::1]:25", "alice@fabrikam.com", "carol@fabrikam.net"),
                new Case("::1", "[::1]:587", "alice@fabrikam.com", "bob@contoso.com"),
                new Case("::1", "[::1]:25", "alice@fabrikam.com", "a@[IPv6:::1]"),
                // Signed in (AUTH PLAIN) on a BasicAuth connector with ExchangeUsers.
                new Case("127.0.0.80", "127.0.0.1:2602", "kim@contoso.com",
                        "carol@fabrikam.net", "kim@contoso.com"),
                new Case("127.0.0.80", "127.0.0.1:2602", "k.akers@contoso.com",
                        "carol@fabrikam.net", "CONTOSO\\KimAkers"),
                new Case("127.0.0.80", "127.0.0.1:2602", "pat@contoso.com", "bob@contoso.com",
                        "kim@contoso.com"),
                new Case("127.0.0.80", "127.0.0.1:2602", "", "carol@fabrikam.net",
                        "kim@contoso.com"),
                new Case("127.0.0.80", "127.0.0.1:2602", "pat@contoso.com", "bob@contoso.com",
                        "pat@contoso.com"),
                new Case("127.0.0.80", "127.0.0.1:2602", "kim@contoso.com", "bob@contoso.com",
                        "nobody@contoso.com"),
                // AUTH where the connector has no BasicAuth: the session stays anonymous.
                new Case("127.0.0.10", "127.0.0.1:25", "kim@contoso.com", "carol@fabrikam.net",
                        "kim@contoso.com"),
                // The antispam agents: a blocked sender, a blocked client address and a
                // blocked recipient, refused on anonymous connectors and let through where the
                // session holds Bypass-Anti-Spam (externally secured, signed in).
                new Case("127.0.0.5", "127.0.0.1:25", "spam@fabrikam.org", "bob@contoso.com"),
                new Case("127.0.0.10", "127.0.0.1:25", "spam@fabrikam.org",
                        "carol@fabrikam.net"),
                new Case("127.0.0.21", "127.0.0.1:25", "spam@fabrikam.org",
                        "carol@fabrikam.net"),
                new Case("127.0.0.13", "127.0.0.1:25", "alice@fabrikam.com", "bob@contoso.com"),
                new Case("127.0.0.5", "127.0.0.1:25", "alice@fabrikam.com",
                        "blocked@contoso.com"),
                new Case("127.0.0.22", "127.0.0.1:25", "app@contoso.com", "blocked@contoso.com"),
                new Case("127.0.0.80", "127.0.0.1:2602", "kim@contoso.com",
                        "blocked@contoso.com", "kim@contoso.com"));
    }

    @BeforeAll
    static void configure() throws Exception {
        server = PosternProcess.start(data);
        o = server.port(0);
        String script = String.join("\n",
                "New-AcceptedDomain -Name 'Relay Domain' -DomainName relay.contoso.net"
                        + " -DomainType InternalRelay",
                frontend("Relay", "0.0.0.0:" + (25 + o), "127.0.0.10,127.0.0.11",
                        "AnonymousUsers"),
                "Get-ReceiveConnector Relay | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS"
                        + " LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient",
                frontend("Secured", "0.0.0.0:" + (25 + o), "127.0.0.20-127.0.0.29",
                        "ExchangeServers") + " -AuthMechanism ExternalAuthoritative",
                frontend("Blocked", "0.0.0.0:" + (25 + o), "127.0.0.30", "None"),
                frontend("No Spoofing", "0.0.0.0:" + (25 + o), "127.0.0.40/29",
                        "AnonymousUsers"),
                "Remove-ADPermission 'No Spoofing' -User 'NT AUTHORITY\\ANONYMOUS LOGON'"
                        + " -ExtendedRights ms-Exch-SMTP-Accept-Authoritative-Domain-Sender"
                        + " -Confirm:$false",
                frontend("Denied", "0.0.0.0:" + (25 + o), "127.0.0.50", "AnonymousUsers")
                        + " -EnhancedStatusCodesEnabled $false",
                "Add-ADPermission Denied -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights"
                        + " ms-Exch-SMTP-Accept-Any-Recipient",
                "Add-ADPermission Denied -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights"
                        + " ms-Exch-SMTP-Accept-Any-Recipient -Deny",
                frontend("Switched Off", "0.0.0.0:" + (25 + o), "127.0.0.60", "AnonymousUsers")
                        + " -Enabled $false",
                frontend("One Address", "127.0.0.2:" + (2600 + o), "127.0.0.0/8",
                        "AnonymousUsers") + " -RejectReservedTopLevelRecipientDomains $true",
                "Add-ADPermission 'One Address' -User 'NT AUTHORITY\\ANONYMOUS LOGON'"
                        + " -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient",
                frontend("Listed Only", "0.0.0.0:" + (2601 + o), "127.0.0.70", "AnonymousUsers"),
                frontend("IPv6 Relay", "[::]:" + (25 + o), "::1", "AnonymousUsers"),
                "Add-ADPermission 'IPv6 Relay' -User 'NT AUTHORITY\\ANONYMOUS LOGON'"
                        + " -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient",
                frontend("Submission", "0.0.0.0:" + (2602 + o), "127.0.0.80", "ExchangeUsers")
                        + " -AuthMechanism Tls,BasicAuth",
                "New-Mailbox -Name 'Kim Akers' -PrimarySmtpAddress kim@contoso.com"
                        + " -EmailAddresses k.akers@contoso.com -Password"
                        + " (ConvertTo-SecureString '" + PASSWORD + "' -AsPlainText -Force)",
                "New-Mailbox -Name 'Pat Coleman' -PrimarySmtpAddress pat@contoso.com",
                "Set-SenderFilterConfig -BlockedSenders spam@fabrikam.org",
                "Add-IPBlockListEntry -IPAddress 127.0.0.13 | Out-Null",
                "Set-RecipientFilterConfig -BlockListEnabled $true -BlockedRecipients"
                        + " blocked@contoso.com",
                // Refusals to anonymous sessions wait out the tarpit; the test need not.
                "Get-ReceiveConnector | Set-ReceiveConnector -TarpitInterval 00:00:00"
                        + " -AuthTarpitInterval 00:00:00");
        server.execOk(script);
    }

    private static String frontend(String name, String binding, String ranges, String groups) {
        return "New-ReceiveConnector -Name '" + name + "' -TransportRole FrontendTransport"
                + " -Custom -Bindings " + binding + " -RemoteIPRanges " + ranges
                + " -PermissionGroups " + groups;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A local endpoint of the table with the server's port offset added. */
    private static String endpoint(Case c) {
        int colon = c.local().lastIndexOf(':');
        return c.local().substring(0, colon + 1)
                + (Integer.parseInt(c.local().substring(colon + 1)) + o);
    }

    /**
     * What a session gets: banner, closed without one, or refused; the connector that took it
     * (for a real session, from the server's session-end line); the MAIL and the RCPT reply.
     */
    record Outcome(String connection, String connector, String mail, String rcpt) {
    }

    private static Outcome cmdlet(Case c) throws Exception {
        StringBuilder cmd = new StringBuilder("Test-ReceiveConnectorAccess -RemoteIPAddress ")
                .append(c.client()).append(" -LocalEndPoint '").append(endpoint(c)).append("'");
        if (c.sender() != null) {
            cmd.append(" -Sender '").append(c.sender()).append("'");
        }
        cmd.append(" -Recipient '").append(c.recipient()).append("'");
        if (c.user() != null) {
            cmd.append(" -User '").append(c.user()).append("'");
        }
        cmd.append(" | Format-List Connector,Selection,MailReply,RcptReply");
        String out = server.execOk(cmd.toString());
        String connector = field(out, "Connector");
        String connection;
        if (!connector.isEmpty()) {
            connection = "banner";
        } else {
            connection = out.contains("so the connection is refused") ? "refused" : "closed";
        }
        return new Outcome(connection, connector, field(out, "MailReply"),
                field(out, "RcptReply"));
    }

    private static String field(String formatList, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\s*: ?(.*)$").matcher(formatList);
        assertThat(m.find()).as("%s in\n%s", name, formatList).isTrue();
        return m.group(1).trim();
    }

    private static Outcome session(Case c) throws Exception {
        String host = c.local().startsWith("[")
                ? c.local().substring(1, c.local().indexOf(']')) : c.local().split(":")[0];
        int seen = server.outputLines("event=session-end").size();
        SmtpClient client;
        try {
            client = SmtpClient.connect(c.client(), host, Integer.parseInt(
                    endpoint(c).substring(endpoint(c).lastIndexOf(':') + 1)));
        } catch (ConnectException e) {
            return new Outcome("refused", "", "", "");
        }
        try (client) {
            List<String> banner = client.reply();
            if (!banner.get(0).startsWith("220 ")) {
                return new Outcome("closed", "", "", "");
            }
            client.command("EHLO client.fabrikam.com");
            if (c.user() != null) {
                client.command("AUTH PLAIN " + java.util.Base64.getEncoder().encodeToString(
                        ("\0" + c.user() + "\0" + PASSWORD).getBytes(
                                java.nio.charset.StandardCharsets.UTF_8)));
            }
            String mail = client.command("MAIL FROM:<" + (c.sender() == null ? "" : c.sender())
                    + ">");
            String rcpt = c.recipient() == null ? ""
                    : client.command("RCPT TO:<" + c.recipient() + ">");
            client.send("QUIT");
            client.reply();
            return new Outcome("banner", connectorOf(client.localPort(), seen), mail, rcpt);
        }
    }

    private static final Pattern CONNECTOR = Pattern.compile(
            "connector=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

    /**
     * The connector of the session from this client port, from its session-end line (one of
     * those after the first {@code seen}: ports are reused).
     */
    private static String connectorOf(int clientPort, int seen) throws Exception {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            List<String> lines = server.outputLines("event=session-end");
            for (String line : lines.subList(seen, lines.size())) {
                if (line.matches(".* client=\\S*:" + clientPort + " .*")) {
                    Matcher m = CONNECTOR.matcher(line);
                    assertThat(m.find()).as(line).isTrue();
                    String v = m.group(1);
                    if (v.startsWith("\"")) {
                        v = v.substring(1, v.length() - 1).replace("\\\\", "\\");
                    }
                    return v;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no session-end line for client port " + clientPort);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCmdletAndARealSessionAgreeReplyForReply(Case c) throws Exception {
        Outcome predicted = cmdlet(c);
        Outcome real = session(c);
        assertThat(predicted).as(c.toString()).isEqualTo(real);
    }

    @Test
    void theTableCoversEveryKindOfVerdict() throws Exception {
        List<String> kinds = new ArrayList<>();
        for (Case c : cases().toList()) {
            Outcome r = cmdlet(c);
            kinds.add(r.connection() + " " + first(r.mail()) + " " + first(r.rcpt()));
        }
        assertThat(cases().count()).isGreaterThanOrEqualTo(30);
        assertThat(kinds).contains("refused  ", "closed  ", "banner 250 250", "banner 250 550",
                "banner 530 503", "banner 501 503", "banner 250 501", "banner 550 503");
    }

    private static String first(String reply) {
        return reply.isEmpty() ? "" : reply.substring(0, 3);
    }
}
