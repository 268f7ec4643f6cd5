package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postern.tls.ExchangeCertificate;
import org.postern.tls.TestPki;

/**
 * STARTTLS against a real server with real TLS clients: openssl s_client, swaks and a raw
 * socket upgraded with the JDK's TLS client. Default Frontend offers the self-signed
 * certificate setup made; a "Printers" connector on its own port also allows TLS 1.0.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartTlsEndToEndTest {

    @TempDir
    static Path data;

    static PosternProcess server;
    static int port;
    static int printers;
    static String openssl;
    /** The self-signed certificate setup made. */
    static String setupThumbprint;

    @BeforeAll
    static void startServer() throws Exception {
        openssl = ExternalTool.require("openssl");
        ExternalTool.require("swaks");
        server = PosternProcess.start(data);
        port = server.port(25);
        printers = server.port(26);
        server.execOk("Set-ReceiveConnector \"Default Frontend EX01\" -TarpitInterval 00:00:00");
        setupThumbprint = server.execOk("(Get-ExchangeCertificate).Thumbprint").trim();
        server.execOk("New-ReceiveConnector -Name Printers -TransportRole FrontendTransport"
                + " -Custom -Bindings 0.0.0.0:" + printers + " -RemoteIPRanges 127.0.0.0/8"
                + " -PermissionGroups AnonymousUsers -TlsProtocols TLSv1,TLSv1.1,TLSv1.2"
                + " -TarpitInterval 00:00:00");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static ExternalTool.Result sClient(int p, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl, "s_client", "-connect",
                "127.0.0.1:" + p, "-starttls", "smtp", "-name", "client.fabrikam.com"));
        cmd.addAll(List.of(more));
        return ExternalTool.run(Duration.ofSeconds(30), cmd.toArray(new String[0]));
    }

    @Test
    @DisplayName("openssl s_client -starttls smtp: TLS 1.3 with the self-signed certificate")
    @Order(1)
    void opensslStartTls() throws Exception {
        ExternalTool.Result r = sClient(port);
        assertThat(r.output()).contains("subject=CN = ex01.contoso.com")
                .contains("New, TLSv1.3, Cipher is TLS_");
        Path logs = data.resolve("logs/ProtocolLog/SmtpReceive");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            StringBuilder all = new StringBuilder();
            try (var files = Files.list(logs)) {
                for (Path f : files.toList()) {
                    all.append(Files.readString(f));
                }
            }
            return all.toString().contains("," + setupThumbprint + ",Certificate thumbprint")
                    && all.toString().contains("TLS protocol SP_PROT_TLS1_3_SERVER negotiation"
                            + " succeeded using cipher suite TLS_");
        });
    }

    @Test
    @DisplayName("swaks --tls: STARTTLS, EHLO again, message queued")
    @Order(2)
    void swaksTls() throws Exception {
        ExternalTool.Result r = ExternalTool.run(Duration.ofSeconds(60), "swaks", "--server",
                "127.0.0.1:" + port, "--local-interface", "127.0.0.100", "--ehlo",
                "client.fabrikam.com", "--tls", "--from", "kate@fabrikam.com", "--to",
                "chris@contoso.com", "--timeout", "20");
        assertThat(r.output()).contains("<-  220 2.0.0 SMTP server ready")
                .contains("=== TLS started with cipher").contains("<~  250 2.6.0");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    @DisplayName("TLS 1.0 only: accepted on Printers, refused on Default Frontend")
    @Order(3)
    void tls10OnlyOnItsOwnConnector() throws Exception {
        ExternalTool.Result ok = sClient(printers, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0");
        assertThat(ok.output()).contains("New, TLSv1.0, Cipher is ECDHE-RSA-AES");
        ExternalTool.Result refused = sClient(port, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0");
        assertThat(refused.output()).doesNotContain("New, TLSv1.0, Cipher is")
                .contains("New, (NONE), Cipher is (NONE)");
        assertThat(server.awaitOutput("event=tls-failed", Duration.ofSeconds(10)))
                .contains("connector=\"EX01\\\\Default Frontend EX01\"");
    }

    @Test
    @DisplayName("T01 with a real socket: plaintext pipelined behind STARTTLS never runs")
    @Order(4)
    void t01RealSocket() throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.101"), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10000);
            BufferedReader in = reader(s);
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            write(out, "EHLO client.fabrikam.com\r\n");
            assertThat(readReply(in)).contains("250-STARTTLS");
            write(out, "STARTTLS\r\nRSET\r\nMAIL FROM:<attacker@fabrikam.com>\r\n");
            assertThat(in.readLine()).isEqualTo("220 2.0.0 SMTP server ready");
            SSLSocket tls = (SSLSocket) TestPki.trustingClient().getSocketFactory().createSocket(s,
                    "ex01.contoso.com", port, true);
            tls.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            tls.startHandshake();
            BufferedReader tin = reader(tls);
            write(tls.getOutputStream(), "EHLO client.fabrikam.com\r\n");
            assertThat(readReply(tin)).doesNotContain("STARTTLS");
            write(tls.getOutputStream(), "MAIL FROM:<kate@fabrikam.com>\r\n");
            assertThat(tin.readLine()).isEqualTo("250 2.1.0 Sender OK");
            write(tls.getOutputStream(), "QUIT\r\n");
            assertThat(tin.readLine()).startsWith("221 ");
        }
        assertThat(server.awaitOutput("event=starttls-pipelined-discarded",
                Duration.ofSeconds(10))).contains("octets=41");
    }

    @Test
    @DisplayName("a certificate imported and enabled serves the next session, no restart")
    @Order(5)
    void certificateReplacementWithoutRestart() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=Contoso Issuing CA, O=Contoso");
        TestPki.Issued leaf = TestPki.leaf(ca, "CN=mail.contoso.com", "mail.contoso.com",
                "ex01.contoso.com");
        Path pem = data.resolve("mail.pem");
        Files.writeString(pem, TestPki.pem(leaf.key(), leaf.certificate(), ca.certificate()));
        String thumb = ExchangeCertificate.thumbprint(leaf.certificate());
        server.execOk("Import-ExchangeCertificate -FileName '" + pem + "'");
        server.execOk("New-ReceiveConnector -Name Named -TransportRole FrontendTransport -Custom"
                + " -Bindings 0.0.0.0:" + server.port(27) + " -RemoteIPRanges 127.0.0.0/8"
                + " -TlsCertificateName '<I>CN=Contoso Issuing CA, O=Contoso"
                + "<S>CN=mail.contoso.com'");
        assertThat(sClient(server.port(27)).output()).contains("subject=CN = mail.contoso.com")
                .contains("issuer=O = Contoso, CN = Contoso Issuing CA");
        assertThat(sClient(port).output()).contains("subject=CN = ex01.contoso.com");

        server.execOk("Enable-ExchangeCertificate -Thumbprint " + thumb + " -Services SMTP");
        assertThat(sClient(port).output()).contains("subject=CN = mail.contoso.com");
    }

    private static BufferedReader reader(Socket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.UTF_8));
    }

    private static void write(OutputStream out, String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readReply(BufferedReader in) throws Exception {
        StringBuilder b = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            b.append(line).append('\n');
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return b.toString();
    }
}
