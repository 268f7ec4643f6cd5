package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postern.permission.ExtendedRight;
import org.postern.queue.Envelope;

/**
 * The open-relay probes of relay-cases.md section 1 (R01-R20), each against the anonymous session
 * of Default Frontend (an outside client: no relay) and, where the case asks, against the
 * article's anonymous relay connector. Invariant I1: a recipient outside the accepted domains
 * never gets 2xx without ms-Exch-SMTP-Accept-Any-Recipient.
 */
class RelayProbeCasesTest {

    private static final String RELAY_DENIED = "550 5.7.1 Unable to relay";
    private static final String RECIPIENT_OK = "250 2.1.5 Recipient OK";
    private static final String SENDER_OK = "250 2.1.0 Sender OK";
    private static final String BAD_RECIPIENT = "501 5.1.3 Invalid address";

    private static SessionHarness outside() {
        return SessionHarness.greeted(new TestPolicy());
    }

    private static SessionHarness relay() {
        return SessionHarness.greeted(TestPolicy.anonymousRelay());
    }

    /** A session with a transaction open from a foreign sender. */
    private static SessionHarness inTransaction(SessionHarness h) {
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).isEqualTo(SENDER_OK);
        return h;
    }

    private static List<String> recipients(SessionHarness h) {
        return h.store.committed.get(h.store.committed.size() - 1).envelope().recipients()
                .stream().map(Envelope.Recipient::address).toList();
    }

    private static void send(SessionHarness h) {
        assertThat(h.reply("DATA")).startsWith("354 ");
        assertThat(h.data("Subject: probe", "", "probe")).startsWith("250 2.6.0 ");
    }

    @Test
    @DisplayName("R01 anonymous relay to a foreign domain is refused at RCPT; the relay connector "
            + "allows it")
    void r01BaselineRelayProbe() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo(RECIPIENT_OK);
        send(h);
        assertThat(recipients(h)).containsExactly("bob@example.org");

        SessionHarness r = inTransaction(relay());
        assertThat(r.reply("RCPT TO:<carol@example.net>")).isEqualTo(RECIPIENT_OK);
        assertThat(r.reply("RCPT TO:<bob@example.org>")).isEqualTo(RECIPIENT_OK);
    }

    @Test
    @DisplayName("R02 the null reverse-path is accepted but gives no relay right")
    void r02NullSenderIsNoRelayRight() {
        SessionHarness h = outside();
        assertThat(h.reply("MAIL FROM:<>")).isEqualTo(SENDER_OK);
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo(RELAY_DENIED);
    }

    @Test
    @DisplayName("R03 a sender claiming the SUT's domain, host name or IP literal gives no relay "
            + "right")
    void r03OwnDomainSenderIsNoRelayRight() {
        SessionHarness h = outside();
        assertThat(h.reply("MAIL FROM:<postmaster@example.org>")).isEqualTo(SENDER_OK);
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RSET")).isEqualTo("250 2.0.0 Resetting");
        assertThat(h.reply("MAIL FROM:<x@mx.example.org>")).isEqualTo(SENDER_OK);
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RSET")).isEqualTo("250 2.0.0 Resetting");
        assertThat(h.reply("MAIL FROM:<x@[127.0.0.1]>")).isEqualTo(SENDER_OK);
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo(RELAY_DENIED);
    }

    @Test
    @DisplayName("R03 without Accept-Authoritative-Domain-Sender the own domain is refused as "
            + "sender, never <>")
    void r03AntiSpoofingIsPerConnectorAndSparesTheNullSender() {
        TestPolicy p = new TestPolicy();
        p.rights.remove(ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER);
        SessionHarness h = SessionHarness.greeted(p);
        assertThat(h.reply("MAIL FROM:<postmaster@EXAMPLE.org>")).isEqualTo(
                "550 5.7.1 Anonymous client does not have permission to send as this sender");
        assertThat(h.reply("MAIL FROM:<>")).isEqualTo(SENDER_OK);
    }

    @Test
    @DisplayName("R04 the percent hack: % is an ordinary local-part character, never rewritten")
    void r04PercentHack() {
        SessionHarness h = inTransaction(outside());
        // A mailbox "carol%example.net" in the accepted domain: local, kept exactly as sent.
        assertThat(h.reply("RCPT TO:<carol%example.net@example.org>")).isEqualTo(RECIPIENT_OK);
        assertThat(h.reply("RCPT TO:<carol%example.net@[127.0.0.1]>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RCPT TO:<carol%example.net%example.org@example.org>"))
                .isEqualTo(RECIPIENT_OK);
        send(h);
        assertThat(recipients(h)).containsExactly("carol%example.net@example.org",
                "carol%example.net%example.org@example.org");
    }

    @Test
    @DisplayName("R05 a quoted address with no domain outside the quotes is refused, never "
            + "dequoted")
    void r05QuotedAddressWithoutDomain() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<\"carol@example.net\">")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<\"carol%example.net\">")).isEqualTo(BAD_RECIPIENT);
        SessionHarness r = inTransaction(relay());
        assertThat(r.reply("RCPT TO:<\"carol@example.net\">")).isEqualTo(BAD_RECIPIENT);
    }

    @Test
    @DisplayName("R06 two unquoted @ signs are a syntax error")
    void r06TwoAtSigns() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<carol@example.net@example.org>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<carol@example.net@[127.0.0.1]>")).isEqualTo(BAD_RECIPIENT);
    }

    @Test
    @DisplayName("R08 a source route is stripped once and the relay check runs on the final "
            + "mailbox")
    void r08SourceRoutes() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<@example.org:carol@example.net>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RCPT TO:<@[127.0.0.1]:carol@example.net>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RCPT TO:<@example.com,@example.net:bob@example.org>"))
                .isEqualTo(RECIPIENT_OK);
        assertThat(h.reply("RCPT TO:<@example.org:@example.net>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<x:@example.org>")).isEqualTo(BAD_RECIPIENT);
        send(h);
        assertThat(recipients(h)).containsExactly("bob@example.org");
    }

    @Test
    @DisplayName("R09 UUCP bang paths: ! is a plain character and host!user has no domain")
    void r09BangPaths() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<example.net!carol>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<example.net!carol@example.org>")).isEqualTo(RECIPIENT_OK);
        assertThat(h.reply("RCPT TO:<example.net!carol@[127.0.0.1]>")).isEqualTo(RELAY_DENIED);
        send(h);
        assertThat(recipients(h)).containsExactly("example.net!carol@example.org");
    }

    @Test
    @DisplayName("R11 local parts with leading, trailing or double dots are refused; the quoted "
            + "form is valid")
    void r11DotsInLocalParts() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<bob.@example.org>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<.bob@example.org>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<b..ob@example.org>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<\"bob.\"@example.org>")).isEqualTo(RECIPIENT_OK);
        send(h);
        assertThat(recipients(h)).containsExactly("\"bob.\"@example.org");
    }

    @Test
    @DisplayName("R12 domains are normalised once: case folds, trailing dots and empty labels are "
            + "refused")
    void r12DomainNormalisation() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<bob@EXAMPLE.ORG>")).isEqualTo(RECIPIENT_OK);
        assertThat(h.reply("RCPT TO:<bob@example.org.>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<bob@example.org..>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<bob@example..org>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<bob@.example.org>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<carol@EXAMPLE.NET.>")).startsWith("5");
        assertThat(h.reply("RCPT TO:<carol@EXAMPLE.NET>")).isEqualTo(RELAY_DENIED);
        send(h);
        assertThat(recipients(h)).containsExactly("bob@example.org");
    }

    @Test
    @DisplayName("R14 address literals are remote destinations and parsed strictly")
    void r14AddressLiterals() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<carol@[127.0.0.200]>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RCPT TO:<carol@[IPv6:::1]>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RCPT TO:<bob@[127.0.0.1]>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RCPT TO:<bob@[IPv6:::ffff:127.0.0.1]>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RCPT TO:<bob@[127.0.0.300]>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<bob@[::1]>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<bob@[IPv6:fe80::1%25eth0]>")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<bob@[010.0.2.1]>")).isEqualTo(BAD_RECIPIENT);
        SessionHarness r = inTransaction(relay());
        assertThat(r.reply("RCPT TO:<carol@[127.0.0.200]>")).isEqualTo(RECIPIENT_OK);
    }

    @Test
    @DisplayName("R15 an unqualified recipient other than postmaster is refused")
    void r15UnqualifiedRecipient() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<bob>")).isEqualTo(BAD_RECIPIENT);
        SessionHarness r = inTransaction(relay());
        assertThat(r.reply("RCPT TO:<bob>")).isEqualTo(BAD_RECIPIENT);
    }

    @Test
    @DisplayName("R16 <postmaster> is accepted in any case, needs brackets, and is never relayed")
    void r16Postmaster() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<Postmaster>")).isEqualTo(RECIPIENT_OK);
        assertThat(h.reply("RCPT TO:<POSTMASTER>")).isEqualTo(RECIPIENT_OK);
        assertThat(h.reply("RCPT TO:<postmaster@EXAMPLE.ORG>")).isEqualTo(RECIPIENT_OK);
        assertThat(h.reply("RCPT TO:Postmaster")).isEqualTo(BAD_RECIPIENT);
        assertThat(h.reply("RCPT TO:<postmaster@example.net>")).isEqualTo(RELAY_DENIED);
        send(h);
        assertThat(recipients(h)).doesNotContain("postmaster@example.net");
        assertThat(recipients(h)).contains("postmaster@example.org");
    }

    @Test
    @DisplayName("R17 reserved, single-label and loopback-like domains: refused from outside; "
            + "relay options refuse them too")
    void r17ReservedAndSingleLabelDomains() {
        String[] probes = {"x@localhost", "x@mailhost", "x@host.invalid", "x@printer.test",
            "x@www.example", "x@example.com"};
        SessionHarness h = inTransaction(outside());
        for (String p : probes) {
            assertThat(h.reply("RCPT TO:<" + p + ">")).as(p).isEqualTo(RELAY_DENIED);
        }

        TestPolicy options = TestPolicy.anonymousRelay();
        options.rejectReservedTopLevel = true;
        options.rejectReservedSecondLevel = true;
        options.rejectSingleLabel = true;
        SessionHarness r = inTransaction(SessionHarness.greeted(options));
        assertThat(r.reply("RCPT TO:<x@localhost>"))
                .isEqualTo("550 5.1.6 Recipient addresses in single label domains not accepted");
        assertThat(r.reply("RCPT TO:<x@mailhost>"))
                .isEqualTo("550 5.1.6 Recipient addresses in single label domains not accepted");
        assertThat(r.reply("RCPT TO:<x@host.invalid>"))
                .isEqualTo("550 5.1.4 Recipient address reserved by RFC 2606");
        assertThat(r.reply("RCPT TO:<x@printer.test>"))
                .isEqualTo("550 5.1.4 Recipient address reserved by RFC 2606");
        assertThat(r.reply("RCPT TO:<x@mail.localhost>"))
                .isEqualTo("550 5.1.4 Recipient address reserved by RFC 2606");
        assertThat(r.reply("RCPT TO:<x@example.com>"))
                .isEqualTo("550 5.1.5 Recipient address reserved by RFC 2606");
        assertThat(r.reply("RCPT TO:<x@sub.example.net>"))
                .isEqualTo("550 5.1.5 Recipient address reserved by RFC 2606");
        assertThat(r.reply("RCPT TO:<x@fabrikam.com>")).isEqualTo(RECIPIENT_OK);
        assertThat(r.reply("RCPT TO:<x@[127.0.0.200]>")).isEqualTo(RECIPIENT_OK);

        // Off (Exchange's default), the relay connector accepts them like any other domain.
        SessionHarness plain = inTransaction(relay());
        for (String p : probes) {
            assertThat(plain.reply("RCPT TO:<" + p + ">")).as(p).isEqualTo(RECIPIENT_OK);
        }
    }

    @Test
    @DisplayName("R19 only recipients accepted at RCPT are queued; header To/Cc add none")
    void r19MixedRecipients() {
        SessionHarness h = inTransaction(outside());
        assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo(RECIPIENT_OK);
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo(RELAY_DENIED);
        assertThat(h.reply("RCPT TO:<dave@example.org>")).isEqualTo(RECIPIENT_OK);
        assertThat(h.reply("DATA")).startsWith("354 ");
        assertThat(h.data("To: bob@example.org, carol@example.net", "Cc: eve@example.com",
                "Bcc: mallory@example.net", "Subject: mixed", "", "hello"))
                .startsWith("250 2.6.0 ");
        assertThat(recipients(h)).containsExactly("bob@example.org", "dave@example.org");
    }

    @Test
    @DisplayName("R20 a HELO/EHLO name claiming a trusted identity gives no relay right")
    void r20HeloClaimsTrust() {
        SessionHarness h = new SessionHarness(new TestPolicy());
        h.replies();
        assertThat(h.cmd("EHLO [127.0.0.10]").get(0))
                .isEqualTo("250-mx.example.org Hello [127.0.0.100]");
        assertThat(h.cmd("EHLO mx.example.org").get(0))
                .isEqualTo("250-mx.example.org Hello [127.0.0.100]");
        assertThat(h.reply("MAIL FROM:<a@example.com>")).isEqualTo(SENDER_OK);
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo(RELAY_DENIED);
    }
}
