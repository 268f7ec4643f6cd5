package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.tls.CertificateService;
import org.postern.tls.ExchangeCertificate;
import org.postern.tls.SelfSignedCertificates;
import org.postern.tls.TlsOffer;

/**
 * STARTTLS on the session (cases T01, T03, T04, T06 and RequireTLS of relay-cases.md), with a
 * real TLS handshake driven through the EmbeddedChannel.
 */
class StartTlsTest {

    static ExchangeCertificate cert;

    @BeforeAll
    static void certificate() {
        cert = SelfSignedCertificates.create("mx.example.org", List.of(), Instant.now(),
                EnumSet.of(CertificateService.SMTP));
    }

    static TestPolicy tlsPolicy(String... protocols) {
        if (cert == null) { // other classes (AuthSessionTest) use it without this class's setup
            certificate();
        }
        TestPolicy p = new TestPolicy();
        p.tlsOffer = TlsOffer.of(cert, protocols.length == 0
                ? List.of("TLSv1.3", "TLSv1.2") : List.of(protocols), List.of());
        return p;
    }

    /** A greeted session that has said STARTTLS, got 220 and finished the handshake. */
    static TlsClientPump underTls(SessionHarness h) throws Exception {
        assertThat(h.cmd("STARTTLS")).containsExactly("220 2.0.0 SMTP server ready");
        TlsClientPump c = new TlsClientPump(h);
        c.handshake();
        return c;
    }

    @Test
    void ehloListsStartTlsAfterEnhancedStatusCodesAndNotUnderTls() throws Exception {
        SessionHarness h = new SessionHarness(tlsPolicy());
        h.replies();
        List<String> ehlo = h.cmd("EHLO client.example.net");
        assertThat(ehlo).containsSubsequence("250-ENHANCEDSTATUSCODES", "250-STARTTLS",
                "250-8BITMIME");
        TlsClientPump c = underTls(h);
        List<String> again = c.cmd("EHLO client.example.net");
        assertThat(again.get(0)).isEqualTo("250-mx.example.org Hello [127.0.0.100]");
        assertThat(again).noneMatch(l -> l.contains("STARTTLS"));
        assertThat(c.engine().getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void withoutCertificateNoStartTlsIsListedAndTheCommandGets454() {
        TestPolicy p = new TestPolicy();
        p.tlsEnabled = true;
        SessionHarness h = SessionHarness.greeted(p);
        assertThat(h.cmd("EHLO client.example.net")).noneMatch(l -> l.contains("STARTTLS"));
        assertThat(h.reply("STARTTLS"))
                .isEqualTo("454 4.7.0 TLS not available due to temporary reason");
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250");
    }

    @Test
    void withoutTlsInAuthMechanismStartTlsIsUnknown() {
        SessionHarness h = SessionHarness.greeted(new TestPolicy());
        assertThat(h.reply("STARTTLS")).isEqualTo("500 5.3.3 Unrecognized command");
    }

    @Test
    void t01PlaintextPipelinedBehindStartTlsIsDiscardedBeforeTheHandshake() throws Exception {
        SessionHarness h = SessionHarness.greeted(tlsPolicy());
        String injected = "RSET\r\nMAIL FROM:<attacker@example.net>\r\n";
        h.send("STARTTLS\r\n" + injected);
        assertThat(h.replies()).containsExactly("220 2.0.0 SMTP server ready");
        TlsClientPump c = new TlsClientPump(h);
        c.handshake();
        assertThat(c.reply("EHLO client.example.net")).startsWith("250 ");
        assertThat(c.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.log.rows).contains("*|Discarded " + injected.length()
                + " octets received after STARTTLS|");
        assertThat(h.log.rows).noneMatch(r -> r.contains("attacker"));
    }

    @Test
    void t01APartialLineBehindStartTlsIsDiscardedToo() throws Exception {
        SessionHarness h = SessionHarness.greeted(tlsPolicy());
        h.send("STARTTLS\r\nMAIL FROM:<attack");
        assertThat(h.replies()).containsExactly("220 2.0.0 SMTP server ready");
        TlsClientPump c = new TlsClientPump(h);
        c.handshake();
        assertThat(c.reply("EHLO client.example.net")).startsWith("250 ");
        assertThat(c.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
    }

    @Test
    void t03TheWordStartTlsInAddressesAndContentIsOrdinary() throws Exception {
        SessionHarness h = SessionHarness.greeted(tlsPolicy());
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250");
        assertThat(h.reply("RCPT TO:<starttls@example.org>")).startsWith("250");
        assertThat(h.reply("DATA")).startsWith("354");
        assertThat(h.data("Subject: starttls", "", "STARTTLS", "starttls content"))
                .startsWith("250 2.6.0");
        assertThat(h.store.committed.get(0).text()).contains("\r\nSTARTTLS\r\nstarttls content");
        assertThat(h.cmd("EHLO client.example.net")).contains("250-STARTTLS");
    }

    @Test
    void t04TheSessionStartsOverAfterTheHandshake() throws Exception {
        SessionHarness h = SessionHarness.greeted(tlsPolicy());
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250");
        TlsClientPump c = underTls(h);
        assertThat(c.reply("RCPT TO:<bob@example.org>")).startsWith("503");
        assertThat(c.reply("MAIL FROM:<alice@example.com>"))
                .isEqualTo("503 5.5.2 Send hello first");
        assertThat(c.reply("EHLO client.example.net")).startsWith("250 ");
        assertThat(c.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(c.reply("RCPT TO:<bob@example.org>")).startsWith("250");
        assertThat(c.reply("DATA")).startsWith("354");
        c.send("Subject: over TLS\r\n\r\nhello\r\n.\r\n");
        assertThat(c.replies().get(0)).startsWith("250 2.6.0");
        String text = h.store.committed.get(0).text();
        assertThat(text).containsPattern("Received: from client.example.net \\(127.0.0.100\\)"
                + " by mx.example.org \\(127.0.0.1\\)\\s+with ESMTPS \\(version=TLS1_[23],\\s+"
                + "cipher=TLS_\\w+\\) id ");
    }

    @Test
    void t06SyntaxAndRepetition() throws Exception {
        SessionHarness h = SessionHarness.greeted(tlsPolicy());
        assertThat(h.reply("STARTTLS now")).isEqualTo("501 5.5.4 Invalid arguments");
        TlsClientPump c = new TlsClientPump(h);
        assertThat(h.cmd("STARTTLS  ")).containsExactly("220 2.0.0 SMTP server ready");
        c.handshake();
        assertThat(c.reply("STARTTLS")).isEqualTo("503 5.5.1 Bad sequence of commands");
        assertThat(c.reply("EHLO client.example.net")).startsWith("250 ");
        assertThat(c.reply("STARTTLS")).isEqualTo("503 5.5.1 Bad sequence of commands");
        assertThat(c.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    void t07BasicAuthRequireTlsOpensAfterTheHandshake() throws Exception {
        TestPolicy p = TestPolicy.clientConnector();
        p.basicAuthRequireTls = true;
        p.tlsOffer = tlsPolicy().tlsOffer;
        SessionHarness h = new SessionHarness(p);
        h.replies();
        List<String> clear = h.cmd("EHLO client.example.net");
        assertThat(clear).contains("250-STARTTLS").noneMatch(l -> l.contains("AUTH"));
        TlsClientPump c = underTls(h);
        List<String> ehlo = c.cmd("EHLO client.example.net");
        assertThat(ehlo).contains("250-AUTH LOGIN PLAIN").noneMatch(l -> l.contains("STARTTLS"));
        assertThat(c.answer("AUTH PLAIN " + java.util.Base64.getEncoder().encodeToString(
                "\0kim@example.org\0Pa55w.rd".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isEqualTo("235 2.7.0 Authentication successful");
    }

    @Test
    void startTlsBeforeEhloIsASequenceError() {
        SessionHarness h = new SessionHarness(tlsPolicy());
        h.replies();
        assertThat(h.reply("STARTTLS")).isEqualTo("503 5.5.2 Send hello first");
    }

    @Test
    void requireTlsRefusesMailInClearTextAndTakesItUnderTls() throws Exception {
        TestPolicy p = tlsPolicy();
        p.requireTls = true;
        SessionHarness h = SessionHarness.greeted(p);
        assertThat(h.reply("MAIL FROM:<alice@example.com>"))
                .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        TlsClientPump c = underTls(h);
        c.reply("EHLO client.example.net");
        assertThat(c.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
    }

    @Test
    void theProtocolLogShowsTheCertificateAndTheNegotiation() throws Exception {
        SessionHarness h = SessionHarness.greeted(tlsPolicy());
        underTls(h);
        assertThat(h.log.rows).contains("*||Sending certificate",
                "*|CN=mx.example.org|Certificate subject",
                "*|" + cert.thumbprint() + "|Certificate thumbprint");
        assertThat(h.log.rows).anyMatch(r -> r.matches("\\*\\|\\|TLS protocol SP_PROT_TLS1_[23]"
                + "_SERVER negotiation succeeded using cipher suite TLS_\\w+"));
    }

    @Test
    void aClientWithoutACommonProtocolIsRefusedAndTheSessionCloses() throws Exception {
        SessionHarness h = SessionHarness.greeted(tlsPolicy("TLSv1.2"));
        assertThat(h.cmd("STARTTLS")).containsExactly("220 2.0.0 SMTP server ready");
        TlsClientPump c = new TlsClientPump(h, "TLSv1.3");
        assertThatThrownBy(c::handshake).isInstanceOf(SSLException.class);
        h.channel.runPendingTasks();
        assertThat(h.channel.isActive()).isFalse();
        assertThat(h.log.rows).anyMatch(r -> r.contains("TLS negotiation failed with error"));
    }
}
