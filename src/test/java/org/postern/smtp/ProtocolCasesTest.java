package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The protocol-robustness cases of relay-cases.md section 5 beyond line ends (P08-P19). */
class ProtocolCasesTest {

    private static SessionHarness greeted() {
        TestPolicy p = new TestPolicy();
        p.maxProtocolErrors = 50;
        return SessionHarness.greeted(p);
    }

    @Test
    @DisplayName("P08 a lone address without brackets is accepted; with parameters it is refused")
    void p08MissingBrackets() {
        SessionHarness h = greeted();
        assertThat(h.reply("MAIL FROM:alice@example.com")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RCPT TO:bob@example.org SIZE=1")).startsWith("501 ");
        assertThat(h.reply("RCPT TO:carol@example.net")).isEqualTo("550 5.7.1 Unable to relay");
        assertThat(h.reply("RCPT TO:bob@example.org")).isEqualTo("250 2.1.5 Recipient OK");
    }

    @Test
    @DisplayName("P09 commands out of order get 503 and the state is unchanged; BDAT's octets are "
            + "consumed")
    void p09OutOfOrder() {
        SessionHarness h = greeted();
        assertThat(h.reply("RCPT TO:<bob@example.org>"))
                .isEqualTo("503 5.5.1 Bad sequence of commands");
        assertThat(h.reply("DATA")).isEqualTo("503 5.5.1 Bad sequence of commands");
        assertThat(h.send("BDAT 10\r\nRCPT TO:<x").replies())
                .containsExactly("503 5.5.1 Bad sequence of commands");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
        SessionHarness fresh = new SessionHarness(new TestPolicy());
        fresh.replies();
        assertThat(fresh.reply("MAIL FROM:<a@example.com>"))
                .isEqualTo("503 5.5.2 Send hello first");
    }

    @Test
    @DisplayName("P10 a nested MAIL is refused and the first envelope stays")
    void p10NestedMail() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        assertThat(h.reply("MAIL FROM:<ceo@example.org>"))
                .isEqualTo("503 5.5.1 Bad sequence of commands");
        h.cmd("DATA");
        assertThat(h.data("Subject: p10", "", "x")).startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).envelope().sender()).isEqualTo("alice@example.com");
    }

    @Test
    @DisplayName("P11 a pipelined transaction whose every recipient is refused never gets 354")
    void p11AllRecipientsRefused() {
        SessionHarness h = greeted();
        h.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<x@example.net>\r\n"
                + "RCPT TO:<y@example.net>\r\nDATA\r\n");
        assertThat(h.replies()).containsExactly("250 2.1.0 Sender OK",
                "550 5.7.1 Unable to relay", "550 5.7.1 Unable to relay",
                "554 5.5.1 No valid recipients");
        assertThat(h.store.begun).hasValue(0);
    }

    @Test
    @DisplayName("P12 a thousand copies of one recipient are accepted once and delivered once")
    void p12RepeatedRecipient() {
        SessionHarness h = greeted();
        h.cmd("MAIL FROM:<alice@example.com>");
        for (int i = 0; i < 1000; i++) {
            assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 Recipient OK");
        }
        h.cmd("DATA");
        assertThat(h.data("Subject: p12", "", "x")).startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).envelope().recipients()).hasSize(1);
    }

    @Test
    @DisplayName("P15 unknown, misplaced and injected ESMTP parameters are refused")
    void p15Parameters() {
        SessionHarness h = greeted();
        assertThat(h.reply("MAIL FROM:<a@example.com> FOO=BAR"))
                .isEqualTo("555 5.5.4 Unrecognized parameter");
        assertThat(h.reply("MAIL FROM:<a@example.com> BODY=9BIT"))
                .isEqualTo("501 5.5.4 Invalid parameter");
        assertThat(h.reply("MAIL FROM:<a@example.com> AUTH=x+0D+0AX-Injected:+201"))
                .isEqualTo("501 5.5.4 Invalid parameter");
        assertThat(h.reply("MAIL FROM:<a@example.com> SMTPUTF8=YES"))
                .isEqualTo("501 5.5.4 Invalid parameter");
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=1 SIZE=2"))
                .isEqualTo("501 5.5.4 Invalid parameter");
        assertThat(h.reply("MAIL FROM:<a@example.com>")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RCPT TO:<bob@example.org> BODY=8BITMIME"))
                .isEqualTo("555 5.5.4 Unrecognized parameter");
        assertThat(h.reply("RCPT TO:<bob@example.org> NOTIFY=SUCCESS "
                + "ORCPT=rfc822;x+0Ay@example.org"))
                .isEqualTo("501 5.5.4 Invalid parameter");
        assertThat(h.reply("RCPT TO:<bob@example.org> NOTIFY=NEVER,SUCCESS"))
                .isEqualTo("501 5.5.4 Invalid parameter");
        assertThat(h.reply("RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE "
                + "ORCPT=rfc822;bob@example.org"))
                .isEqualTo("250 2.1.5 Recipient OK");
        h.cmd("DATA");
        h.data("Subject: p15", "", "x");
        assertThat(h.store.committed.get(0).envelope().recipients().get(0).parameters())
                .containsEntry("NOTIFY", "SUCCESS,FAILURE")
                .containsEntry("ORCPT", "rfc822;bob@example.org");
    }

    @Test
    @DisplayName("P17 shell and expansion syntax in addresses is refused or kept as plain data")
    void p17Metacharacters() {
        SessionHarness h = greeted();
        assertThat(h.reply("MAIL FROM:<;sleep 10;>")).isEqualTo("501 5.1.7 Invalid address");
        assertThat(h.reply("MAIL FROM:<a;id@example.com>")).isEqualTo("501 5.1.7 Invalid address");
        assertThat(h.reply("MAIL FROM:<${jndi:ldap://127.0.0.9/a}@example.com>")).startsWith("5");
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250 ");
        assertThat(h.reply("RCPT TO:<${run{/bin/true}}@example.org>")).startsWith("250 ");
        assertThat(h.reply("RCPT TO:<\"|/bin/true\"@example.org>")).startsWith("250 ");
        h.cmd("DATA");
        h.data("Subject: p17", "", "x");
        assertThat(h.store.committed.get(0).envelope().recipients())
                .extracting(r -> r.address())
                .containsExactly("${run{/bin/true}}@example.org", "\"|/bin/true\"@example.org");
    }

    @Test
    @DisplayName("P18 empty and unknown commands get 500, an HTTP request 500 and a close")
    void p18UnknownAndCrossProtocol() {
        SessionHarness h = greeted();
        assertThat(h.reply("")).isEqualTo("500 5.3.3 Unrecognized command");
        assertThat(h.reply("FOOBAR")).isEqualTo("500 5.3.3 Unrecognized command");
        assertThat(h.reply("NOOP oops")).isEqualTo("250 2.0.0 OK");
        assertThat(h.reply("QUIT oops")).isEqualTo("501 5.5.4 Invalid arguments");
        assertThat(h.reply("GET / HTTP/1.1")).isEqualTo("500 5.3.3 Unrecognized command");
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("P19 EHLO arguments: literals checked, a repeated EHLO resets the transaction")
    void p19HeloArguments() {
        SessionHarness h = greeted();
        assertThat(h.reply("EHLO @#$%^&*()")).isEqualTo("501 5.5.4 Invalid domain name");
        assertThat(h.reply("EHLO [127.0.0.100]")).isEqualTo("250 SMTPUTF8");
        assertThat(h.reply("EHLO [999.1.1.1]")).isEqualTo("501 5.5.4 Invalid domain name");
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        assertThat(h.cmd("EHLO client.example.net").get(0))
                .isEqualTo("250-mx.example.org Hello [127.0.0.100]");
        assertThat(h.reply("DATA")).isEqualTo("503 5.5.1 Bad sequence of commands");
    }
}
