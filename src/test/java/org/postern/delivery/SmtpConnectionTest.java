package org.postern.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbound SMTP client against a scripted server on loopback. */
class SmtpConnectionTest {

    private ScriptedSmtpServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private SmtpConnection open(boolean requireTls, String user, String password,
            boolean authNeedsTls) throws Exception {
        return SmtpConnection.open(new SmtpConnection.Target("scripted.test",
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port())),
                new SmtpConnection.Options("ex01.contoso.com", requireTls, user, password,
                        authNeedsTls, Duration.ofSeconds(5), Duration.ofSeconds(10),
                        OpportunisticTls.socketFactory()));
    }

    private SmtpConnection open() throws Exception {
        return open(false, null, null, false);
    }

    private static SmtpConnection.Transaction message(List<String> rcpts,
            Map<String, String> mailParameters, String body) {
        List<Map<String, String>> params = new ArrayList<>();
        rcpts.forEach(r -> params.add(Map.of()));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new SmtpConnection.Transaction("alice@contoso.com", rcpts, params,
                mailParameters, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    private static final String BODY = "Subject: t\r\n\r\nhello\r\n";

    @Test
    void startTlsIsUsedWheneverTheServerOffersIt() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING")
                .tls(TestCertificates.serverContext());
        try (SmtpConnection c = open()) {
            assertThat(c.tls()).isTrue();
            assertThat(c.send(message(List.of("bob@remote.test"), Map.of(), BODY)))
                    .allMatch(o -> o.reply().code() == 250);
        }
        assertThat(server.received()).singleElement().satisfies(r -> {
            assertThat(r.tls()).isTrue();
            assertThat(r.heloName()).isEqualTo("ex01.contoso.com");
        });
        assertThat(server.commands()).containsSubsequence("EHLO ex01.contoso.com", "STARTTLS",
                "EHLO ex01.contoso.com", "MAIL FROM:<alice@contoso.com>");
    }

    @Test
    void t08BytesBehindThe220ToStartTlsAreDroppedAndEhloStartsOver() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING")
                .tls(TestCertificates.serverContext()).injectAfterStartTls("250-SIZE 1\r\n");
        try (SmtpConnection c = open()) {
            assertThat(c.tls()).isTrue();
            assertThat(c.discardedBeforeTls()).isEqualTo(12);
            assertThat(c.extensions()).contains("PIPELINING").doesNotContain("SIZE");
            assertThat(c.send(message(List.of("bob@remote.test"), Map.of(), BODY)))
                    .allMatch(o -> o.reply().code() == 250);
        }
        assertThat(server.commands()).containsSubsequence("STARTTLS", "EHLO ex01.contoso.com",
                "MAIL FROM:<alice@contoso.com>");
    }

    @Test
    void requireTlsSendsNothingToAServerWithoutStartTls() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING");
        assertThatThrownBy(() -> open(true, null, null, false))
                .isInstanceOf(SmtpConnection.ConnectException.class)
                .hasMessageContaining("TLS is required").hasMessageContaining("STARTTLS");
        assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void authPlainWithTheCredentialAfterTls() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING")
                .tls(TestCertificates.serverContext())
                .auth("PLAIN LOGIN", "relay@contoso.com", "Pa$$w0rd!");
        try (SmtpConnection c = open(false, "relay@contoso.com", "Pa$$w0rd!", true)) {
            c.send(message(List.of("bob@remote.test"), Map.of(), BODY));
        }
        assertThat(server.authentications())
                .containsExactly("PLAIN relay@contoso.com Pa$$w0rd! ok tls");
        assertThat(server.received().get(0).authenticatedAs()).isEqualTo("relay@contoso.com");
    }

    @Test
    void authLoginWhenThatIsAllTheServerOffers() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0).auth("LOGIN", "u", "p");
        try (SmtpConnection c = open(false, "u", "p", false)) {
            c.send(message(List.of("bob@remote.test"), Map.of(), BODY));
        }
        assertThat(server.authentications()).containsExactly("LOGIN u p ok clear");
    }

    @Test
    void basicAuthRequireTlsNeverSendsTheCredentialInClearText() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0).auth("PLAIN", "u", "p");
        assertThatThrownBy(() -> open(false, "u", "p", true))
                .hasMessageContaining("only over TLS");
        assertThat(server.commands()).noneMatch(c -> c.startsWith("AUTH"));
    }

    @Test
    void refusedCredentialIsAConnectionFailureQuotingTheServer() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0).auth("PLAIN", "u", "p");
        assertThatThrownBy(() -> open(false, "u", "wrong", false))
                .hasMessageContaining("did not accept").hasMessageContaining("535 5.7.8");
    }

    @Test
    void serverWithoutEsmtpGetsHelo() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0).noEsmtp();
        try (SmtpConnection c = open()) {
            assertThat(c.send(message(List.of("bob@remote.test"), Map.of(), BODY)))
                    .allMatch(o -> o.reply().code() == 250);
        }
        assertThat(server.commands()).containsSubsequence("EHLO ex01.contoso.com",
                "HELO ex01.contoso.com", "MAIL FROM:<alice@contoso.com>");
    }

    @Test
    void messageLargerThanThePeersSizeIsNotSentAndFailsPermanently() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "SIZE 10");
        try (SmtpConnection c = open()) {
            List<SmtpConnection.Outcome> o = c.send(message(List.of("bob@remote.test"),
                    Map.of(), BODY));
            assertThat(o.get(0).reply().code()).isEqualTo(552);
            assertThat(o.get(0).reply().status()).isEqualTo("5.3.4");
            assertThat(o.get(0).remote()).isFalse();
        }
        assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void sizeIsDeclaredWhenOffered() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "SIZE 1000000", "8BITMIME");
        try (SmtpConnection c = open()) {
            c.send(message(List.of("bob@remote.test"), Map.of("BODY", "8BITMIME"), BODY));
        }
        assertThat(server.commands()).contains("MAIL FROM:<alice@contoso.com> SIZE="
                + BODY.length() + " BODY=8BITMIME");
    }

    @Test
    void binaryMimeContentThatDataWouldChangeIsReturnedNotCorrupted() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING", "8BITMIME");
        try (SmtpConnection c = open()) {
            for (String body : List.of("Subject: b\r\n\r\nbin\0ary\r\n",
                    "Subject: b\r\n\r\nbare\nlf\r\n", "Subject: b\r\n\r\nbare\rcr\r\n",
                    "Subject: b\r\n\r\nno line end")) {
                List<SmtpConnection.Outcome> o = c.send(message(List.of("bob@remote.test"),
                        Map.of("BODY", "BINARYMIME"), body));
                assertThat(o).singleElement().satisfies(r -> {
                    assertThat(r.reply().code()).isEqualTo(554);
                    assertThat(r.reply().status()).isEqualTo("5.6.3");
                    assertThat(r.remote()).isFalse();
                });
            }
            // Line-clean BINARYMIME content passes DATA unchanged and goes as 8BITMIME.
            assertThat(c.send(message(List.of("bob@remote.test"), Map.of("BODY", "BINARYMIME"),
                    BODY))).allMatch(o -> o.reply().code() == 250);
            // The same octets without BINARYMIME are text: line ends are made CRLF.
            assertThat(c.send(message(List.of("bob@remote.test"), Map.of(),
                    "Subject: b\r\n\r\nbare\nlf\r\n"))).allMatch(o -> o.reply().code() == 250);
        }
        assertThat(server.commands()).filteredOn(l -> l.startsWith("MAIL")).containsExactly(
                "MAIL FROM:<alice@contoso.com> BODY=8BITMIME", "MAIL FROM:<alice@contoso.com>");
        assertThat(server.received()).hasSize(2);
        assertThat(server.received().get(1).text()).endsWith("bare\r\nlf\r\n");
    }

    @Test
    void messageNeedingSmtpUtf8FailsAtAPeerWithoutIt() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "8BITMIME");
        try (SmtpConnection c = open()) {
            List<SmtpConnection.Outcome> o = c.send(message(List.of("jürgen@remote.test"),
                    Map.of(), BODY));
            assertThat(o.get(0).reply().status()).isEqualTo("5.6.7");
            assertThat(o.get(0).reply().text()).contains("SMTPUTF8");
        }
        assertThat(server.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void messageNeedingSmtpUtf8GoesToAPeerWithIt() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "SMTPUTF8", "8BITMIME");
        try (SmtpConnection c = open()) {
            c.send(message(List.of("jürgen@remote.test"), Map.of("SMTPUTF8", ""), BODY));
        }
        assertThat(server.commands()).contains("MAIL FROM:<alice@contoso.com> SMTPUTF8");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void eachRecipientGetsItsOwnOutcomeAndTheDataGoesOnce() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING")
                .onRcpt((r, n) -> r.startsWith("no") ? "550 5.1.1 unknown"
                        : r.startsWith("later") ? "451 4.2.1 later" : "250 2.1.5 Ok");
        try (SmtpConnection c = open()) {
            List<SmtpConnection.Outcome> o = c.send(message(List.of("yes@r.test", "no@r.test",
                    "later@r.test"), Map.of(), BODY));
            assertThat(o).extracting(x -> x.reply().code()).containsExactly(250, 550, 451);
            assertThat(o).allMatch(SmtpConnection.Outcome::remote);
        }
        assertThat(server.received()).singleElement()
                .satisfies(r -> assertThat(r.rcpts()).containsExactly("yes@r.test"));
    }

    @Test
    void noDataIsSentWhenEveryRecipientIsRefusedAndTheSessionStaysUsable() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING")
                .onRcpt((r, n) -> r.startsWith("no") ? "550 5.1.1 unknown" : "250 2.1.5 Ok");
        try (SmtpConnection c = open()) {
            assertThat(c.send(message(List.of("no@r.test"), Map.of(), BODY)))
                    .extracting(x -> x.reply().code()).containsExactly(550);
            assertThat(c.usable()).isTrue();
            assertThat(c.send(message(List.of("yes@r.test"), Map.of(), BODY)))
                    .extracting(x -> x.reply().code()).containsExactly(250);
        }
        assertThat(server.received()).hasSize(1);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.commands()).contains("RSET");
    }

    @Test
    void oneConnectionCarriesSeveralMessages() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0, "PIPELINING");
        try (SmtpConnection c = open()) {
            for (int i = 0; i < 3; i++) {
                c.send(message(List.of("bob@remote.test"), Map.of(), BODY));
            }
        }
        assertThat(server.received()).hasSize(3);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.commands()).last().isEqualTo("QUIT");
    }

    @Test
    void greetingOtherThan220IsAConnectionFailure() throws Exception {
        server = ScriptedSmtpServer.start("127.0.0.1", 0).greeting("554 5.7.1 go away");
        assertThatThrownBy(this::open).isInstanceOf(SmtpConnection.ConnectException.class)
                .hasMessageContaining("554 5.7.1 go away");
    }
}
