package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMTP AUTH against a real server with real clients (swaks, Python's smtplib, raw sockets):
 * success, failure, the AuthTarpitInterval, the MaxLogonFailures lockout, the Send-As checks,
 * relay granted by AUTH (delivered to a private Postfix as the smart host of relay.test), the
 * credential edge cases of A13 and BasicAuthRequireTLS before TLS (T07).
 *
 * <p>The submission connector is made as an administrator would: Custom, its own port, for the
 * clients 127.0.0.20-127.0.0.29, AuthMechanism Tls and BasicAuth, PermissionGroups ExchangeUsers
 * (so sessions that don't authenticate may do nothing), AuthTarpitInterval two seconds.
 */
class AuthEndToEndTest {

    private static final String PASSWORD = "Pa55w.rd!";
    private static final Duration TARPIT = Duration.ofSeconds(2);

    @TempDir
    static Path scratch;

    static Path data;
    static PosternProcess server;
    static PostfixInstance postfix;
    static int port;
    static int defaultPort;
    static int securePort;
    static String swaks;

    @BeforeAll
    static void startServer() throws Exception {
        swaks = ExternalTool.require("swaks");
        ExternalTool.require("python3");
        int postfixPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            postfixPort = s.getLocalPort();
        }
        postfix = PostfixInstance.start(scratch.resolve("postfix"), postfixPort,
                List.of("relay.test"));
        data = scratch.resolve("postern");
        server = PosternProcess.start(data);
        defaultPort = server.port(25);
        port = server.port(587) + 1;
        server.execOk("New-ReceiveConnector -Name Submission -TransportRole FrontendTransport"
                + " -Custom -Bindings 0.0.0.0:" + port + " -RemoteIPRanges 127.0.0.20-127.0.0.29"
                + " -AuthMechanism Tls,BasicAuth -PermissionGroups ExchangeUsers"
                + " -ProtocolLoggingLevel Verbose");
        server.execOk("Set-ReceiveConnector Submission -AuthTarpitInterval 00:00:02"
                + " -TarpitInterval 00:00:00 -MaxLogonFailures 3");
        securePort = port + 1;
        server.execOk("New-ReceiveConnector -Name 'Secure Submission' -TransportRole"
                + " FrontendTransport -Custom -Bindings 0.0.0.0:" + securePort
                + " -RemoteIPRanges 127.0.0.20-127.0.0.29"
                + " -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS -PermissionGroups"
                + " ExchangeUsers");
        server.execOk("Set-ReceiveConnector 'Default Frontend EX01' -TarpitInterval 00:00:00");
        server.execOk("New-Mailbox -Name 'Kim Akers' -PrimarySmtpAddress kim@contoso.com"
                + " -EmailAddresses smtp:k.akers@contoso.com -Password (ConvertTo-SecureString"
                + " -String '" + PASSWORD + "' -AsPlainText -Force)");
        server.execOk("New-Mailbox -Name 'Pat Coleman' -PrimarySmtpAddress pat@contoso.com");
        server.execOk("New-SendConnector -Name 'To Postfix' -Custom -AddressSpaces relay.test"
                + " -SmartHosts 127.0.0.1 -DNSRoutingEnabled $false -Port " + postfix.port());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (postfix != null) {
            postfix.close();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ExternalTool.Result swaks(String source, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(swaks, "--server", "127.0.0.1:" + port,
                "--local-interface", source, "--ehlo", "client.fabrikam.com", "--timeout", "20"));
        cmd.addAll(List.of(args));
        return ExternalTool.run(Duration.ofSeconds(60), cmd.toArray(new String[0]));
    }

    private static ExternalTool.Result python(String script) throws Exception {
        return ExternalTool.run(Duration.ofSeconds(60), "python3", "-c", script);
    }

    private static SmtpClient greeted(String source, int toPort) throws Exception {
        SmtpClient c = SmtpClient.connect(source, "127.0.0.1", toPort);
        c.reply();
        c.send("EHLO client.fabrikam.com");
        c.reply();
        return c;
    }

    @Test
    @DisplayName("swaks AUTH LOGIN relays to a foreign domain, delivered through the smart host")
    void swaksAuthLoginRelayIsDelivered() throws Exception {
        ExternalTool.Result r = swaks("127.0.0.20", "--auth", "LOGIN", "--auth-user",
                "kim@contoso.com", "--auth-password", PASSWORD, "--from", "kim@contoso.com",
                "--to", "bob@relay.test", "--header", "Subject: Relayed by AUTH LOGIN",
                "--header", "From: Kim Akers <kim@contoso.com>", "--body", "hello");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("250-AUTH LOGIN PLAIN", "<-  334 VXNlcm5hbWU6",
                "<-  334 UGFzc3dvcmQ6", "<-  235 2.7.0 Authentication successful",
                "<-  250 2.1.5 Recipient OK");
        await().atMost(Duration.ofSeconds(30)).until(() -> postfix.delivered().stream()
                .anyMatch(p -> read(p).contains("Subject: Relayed by AUTH LOGIN")));
    }

    @Test
    @DisplayName("swaks AUTH PLAIN as DOMAIN\\alias; without AUTH the same relay is refused")
    void swaksAuthPlainAndTheSameWithoutAuth() throws Exception {
        ExternalTool.Result r = swaks("127.0.0.21", "--auth", "PLAIN", "--auth-user",
                "CONTOSO\\KimAkers", "--auth-password", PASSWORD, "--from", "k.akers@contoso.com",
                "--to", "carol@relay.test", "--body", "plain");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("<-  235 2.7.0 Authentication successful")
                .containsPattern("<-  250 2\\.6\\.0 <[^>]+> \\[InternalId=\\d+,");

        ExternalTool.Result anonymous = swaks("127.0.0.21", "--from", "kim@contoso.com",
                "--to", "carol@relay.test", "--body", "no auth");
        assertThat(anonymous.exitCode()).isNotZero();
        assertThat(anonymous.output()).contains("<** 530 5.7.1 Client was not authenticated");
    }

    @Test
    @DisplayName("smtplib login() succeeds and sends; a wrong password is 535 5.7.3")
    void smtplibLoginSuccessAndFailure() throws Exception {
        ExternalTool.Result r = python("import smtplib\n"
                + "s = smtplib.SMTP('127.0.0.1', " + port + ", source_address=('127.0.0.22', 0),"
                + " timeout=20)\n"
                + "print('login', s.login('kim@contoso.com', '" + PASSWORD + "'))\n"
                + "print('refused', s.sendmail('kim@contoso.com', ['dave@relay.test'],"
                + " b'From: kim@contoso.com\\r\\nSubject: smtplib\\r\\n\\r\\nhi\\r\\n'))\n"
                + "s.quit()\n"
                + "s = smtplib.SMTP('127.0.0.1', " + port + ", source_address=('127.0.0.22', 0),"
                + " timeout=20)\n"
                + "try:\n"
                + "    s.login('kim@contoso.com', 'wrong')\n"
                + "except smtplib.SMTPAuthenticationError as e:\n"
                + "    print('failed', e.smtp_code, e.smtp_error.decode())\n");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("login (235, b'2.7.0 Authentication successful')",
                "refused {}", "failed 535 5.7.3 Authentication unsuccessful");
    }

    @Test
    @DisplayName("P24 a failed AUTH is answered after AuthTarpitInterval; other sessions are"
            + " served meanwhile")
    void tarpitDelaysTheFailureOnly() throws Exception {
        try (SmtpClient c = greeted("127.0.0.23", port)) {
            long start = System.nanoTime();
            c.send("AUTH PLAIN " + b64("\0kim@contoso.com\0wrong"));
            CompletableFuture<String> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.lastLine();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Meanwhile, another client is served at once.
            long otherStart = System.nanoTime();
            try (SmtpClient other = greeted("127.0.0.24", port)) {
                assertThat(other.command("NOOP")).isEqualTo("250 2.0.0 OK");
            }
            long otherMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - otherStart);
            assertThat(failure).isNotDone();
            assertThat(failure.get(10, TimeUnit.SECONDS))
                    .isEqualTo("535 5.7.3 Authentication unsuccessful");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("auth-tarpit failure_ms=" + millis + " other_session_ms="
                    + otherMillis);
            assertThat(millis).isBetween(TARPIT.toMillis(), TARPIT.toMillis() + 3000);
            assertThat(otherMillis).isLessThan(TARPIT.toMillis());
        }
    }

    @Test
    @DisplayName("P24 MaxLogonFailures 3: the third failure is followed by 421 and the close")
    void lockoutAfterMaxLogonFailures() throws Exception {
        try (SmtpClient c = greeted("127.0.0.25", port)) {
            assertThat(c.command("AUTH PLAIN " + b64("\0kim@contoso.com\0one")))
                    .startsWith("535 5.7.3");
            assertThat(c.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(c.command(b64("kim@contoso.com"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(c.command(b64("two"))).startsWith("535 5.7.3");
            assertThat(c.command("AUTH PLAIN " + b64("\0kim@contoso.com\0three")))
                    .startsWith("535 5.7.3");
            assertThat(c.lastLine()).isEqualTo("421 4.7.0 Too many failed logon attempts,"
                    + " closing transmission channel");
            assertThat(c.closedByServer()).isTrue();
        }
        // The right password still works from the same address on a new connection.
        try (SmtpClient c = greeted("127.0.0.25", port)) {
            assertThat(c.command("AUTH PLAIN " + b64("\0kim@contoso.com\0" + PASSWORD)))
                    .isEqualTo("235 2.7.0 Authentication successful");
        }
        assertThat(server.outputLines("event=auth-failed")).anyMatch(l ->
                l.contains("failures=3") && l.contains("login=kim@contoso.com"));
        assertThat(String.join("\n", server.output())).doesNotContain(PASSWORD);
    }

    @Test
    @DisplayName("spoofing: MAIL FROM someone else refused, own address accepted, someone"
            + " else's From refused at the end of data")
    void sendAsChecks() throws Exception {
        try (SmtpClient c = greeted("127.0.0.26", port)) {
            assertThat(c.command("AUTH PLAIN " + b64("\0kim@contoso.com\0" + PASSWORD)))
                    .startsWith("235");
            assertThat(c.command("MAIL FROM:<pat@contoso.com>")).isEqualTo("550 5.7.1 Client"
                    + " does not have permissions to send as this sender");
            assertThat(c.command("MAIL FROM:<ceo@fabrikam.com>")).startsWith("550 5.7.1");
            assertThat(c.command("MAIL FROM:<k.akers@contoso.com>"))
                    .isEqualTo("250 2.1.0 Sender OK");
            assertThat(c.command("RCPT TO:<erin@relay.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.sendRaw(("From: Pat Coleman <pat@contoso.com>\r\nSubject: spoof\r\n\r\nx\r\n.\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(c.lastLine()).isEqualTo("550 5.7.1 Client does not have permissions to"
                    + " send as this sender");
            assertThat(c.transaction("kim@contoso.com", List.of("erin@relay.test"),
                    "From: Kim Akers <kim@contoso.com>\r\nSubject: own\r\n\r\nx\r\n"))
                    .startsWith("250 2.6.0");
        }
    }

    @Test
    @DisplayName("a message from a signed-in user is stamped Internal and its From resolved")
    void authenticatedMailIsInternal() throws Exception {
        try (SmtpClient c = greeted("127.0.0.29", port)) {
            assertThat(c.command("AUTH LOGIN " + b64("kim@contoso.com")))
                    .isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(c.command(b64(PASSWORD))).startsWith("235");
            assertThat(c.transaction("kim@contoso.com", List.of("pat@contoso.com"),
                    "From: kim@contoso.com\r\nSubject: internal\r\n\r\nhello\r\n"))
                    .startsWith("250 2.6.0");
        }
        Path inbox = data.resolve("mailboxes").resolve("patcoleman").resolve("new");
        String stored = await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (!Files.isDirectory(inbox)) {
                return "";
            }
            try (Stream<Path> files = Files.list(inbox)) {
                return files.map(AuthEndToEndTest::read).filter(t -> t.contains("internal"))
                        .findFirst().orElse("");
            }
        }, t -> !t.isEmpty());
        assertThat(stored).contains("X-MS-Exchange-Organization-AuthAs: Internal",
                "X-MS-Exchange-Organization-MessageDirectionality: Originating",
                "From: \"Kim Akers\" <kim@contoso.com>");
    }

    @Test
    @DisplayName("A13: empty password, empty credentials and a foreign authzid fail; the session"
            + " stays without relay until a valid AUTH, which lasts across RSET")
    void a13CredentialEdgeCases() throws Exception {
        try (SmtpClient c = greeted("127.0.0.27", port)) {
            assertThat(c.command("AUTH PLAIN " + b64("\0kim@contoso.com\0"))).startsWith("535");
            assertThat(c.command("AUTH PLAIN " + b64("\0\0"))).startsWith("535");
            assertThat(c.command("AUTH PLAIN " + b64("pat@contoso.com\0kim@contoso.com\0"
                    + PASSWORD))).startsWith("535");
        }
        try (SmtpClient c = greeted("127.0.0.27", port)) {
            assertThat(c.command("MAIL FROM:<a@example.org>")).startsWith("530 5.7.1");
            assertThat(c.command("AUTH PLAIN " + b64("\0kim@contoso.com\0" + PASSWORD)))
                    .startsWith("235");
            assertThat(c.command("RSET")).startsWith("250");
            assertThat(c.command("MAIL FROM:<kim@contoso.com>")).startsWith("250");
            assertThat(c.command("RCPT TO:<carol@example.net>")).startsWith("250 2.1.5");
        }
    }

    @Test
    @DisplayName("the protocol log shows AUTH as Exchange logs it, never the credentials")
    void protocolLogOfAnAuthenticatedSession() throws Exception {
        int clientPort;
        try (SmtpClient c = greeted("127.0.0.28", port)) {
            clientPort = c.localPort();
            assertThat(c.command("AUTH PLAIN " + b64("\0kim@contoso.com\0" + PASSWORD)))
                    .startsWith("235");
            c.command("QUIT");
        }
        Path dir = data.resolve("logs/ProtocolLog/SmtpReceive");
        String remote = "127.0.0.28:" + clientPort;
        List<String> rows = await().atMost(Duration.ofSeconds(10)).until(() -> rows(dir, remote),
                r -> r.stream().anyMatch(l -> l.contains(",-,")));
        String all = String.join("\n", rows);
        assertThat(all).contains(",<,AUTH PLAIN ****,", ",>,235 2.7.0 Authentication successful,",
                ",*,CONTOSO\\KimAkers,authenticated",
                ",*,SMTPSubmit SMTPAcceptAnyRecipient BypassAntiSpam AcceptRoutingHeaders,Set"
                        + " Session Permissions")
                .doesNotContain(b64("\0kim@contoso.com\0" + PASSWORD));
    }

    @Test
    @DisplayName("T07: on Default Frontend (BasicAuthRequireTLS) AUTH is neither advertised nor"
            + " accepted before TLS")
    void t07AuthBeforeTlsOnBasicAuthRequireTls() throws Exception {
        try (SmtpClient c = SmtpClient.connect("127.0.0.100", "127.0.0.1", defaultPort)) {
            c.reply();
            c.send("EHLO client.fabrikam.com");
            assertThat(c.reply()).noneMatch(l -> l.contains("AUTH"));
            assertThat(c.command("AUTH PLAIN " + b64("\0kim@contoso.com\0" + PASSWORD)))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(c.command("AUTH LOGIN"))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        }
    }

    @Test
    @DisplayName("T07 with TLS: BasicAuthRequireTLS hides AUTH in clear text and offers it after"
            + " STARTTLS (swaks, smtplib)")
    void t07AuthAfterStarttls() throws Exception {
        try (SmtpClient c = greeted("127.0.0.20", securePort)) {
            c.send("EHLO client.fabrikam.com");
            assertThat(c.reply()).anyMatch(l -> l.contains("STARTTLS"))
                    .noneMatch(l -> l.contains("AUTH"));
            assertThat(c.command("AUTH LOGIN"))
                    .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        }
        List<String> cmd = new ArrayList<>(List.of(swaks, "--server", "127.0.0.1:" + securePort,
                "--local-interface", "127.0.0.21", "--ehlo", "client.fabrikam.com", "--timeout",
                "20", "--tls", "--auth", "LOGIN", "--auth-user", "kim@contoso.com",
                "--auth-password", PASSWORD, "--from", "kim@contoso.com", "--to",
                "bob@relay.test", "--header", "Subject: AUTH after STARTTLS", "--body", "tls"));
        ExternalTool.Result r = ExternalTool.run(Duration.ofSeconds(60),
                cmd.toArray(new String[0]));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("<-  220 2.0.0 SMTP server ready",
                "<~  250-AUTH LOGIN PLAIN", "<~  235 2.7.0 Authentication successful");
        ExternalTool.Result py = python("import smtplib\n"
                + "s = smtplib.SMTP('127.0.0.1', " + securePort + ", source_address=('127.0.0.22',"
                + " 0), timeout=20)\n"
                + "s.ehlo('client.fabrikam.com')\n"
                + "print('auth before', s.has_extn('auth'))\n"
                + "s.starttls()\n"
                + "s.ehlo('client.fabrikam.com')\n"
                + "print('auth after', s.esmtp_features.get('auth').strip())\n"
                + "print('login', s.login('kim@contoso.com', '" + PASSWORD + "'))\n"
                + "s.quit()\n");
        assertThat(py.exitCode()).as(py.output()).isZero();
        assertThat(py.output()).contains("auth before False", "auth after LOGIN PLAIN",
                "login (235, b'2.7.0 Authentication successful')");
    }

    private static List<String> rows(Path dir, String remote) throws Exception {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (l.contains("," + remote + ",")) {
                        out.add(l);
                    }
                }
            }
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
