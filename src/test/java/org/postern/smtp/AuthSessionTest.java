package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postern.permission.ExtendedRight;

/**
 * SMTP AUTH on a session (EmbeddedChannel): the EHLO keyword, LOGIN and PLAIN with and without
 * initial responses, cancel and bad base64, the sequence rules, AuthTarpitInterval,
 * MaxLogonFailures, the user's rights, and the Send-As checks at MAIL and at the end of data.
 * The credential check runs on the authentication pool, so replies are awaited.
 */
class AuthSessionTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a line and waits for the reply the pool and the event loop produce. */
    private static String answer(SessionHarness h, String line) {
        h.send(line + "\r\n");
        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            got.addAll(h.replies());
            return !got.isEmpty();
        });
        return got.get(got.size() - 1);
    }

    /** MAIL FROM the sender, RCPT TO carol@example.net, DATA: all must be accepted. */
    private static void toCarol(SessionHarness h, String sender) {
        assertThat(h.reply("MAIL FROM:<" + sender + ">")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("250 2.1.5 Recipient OK");
        assertThat(h.reply("DATA")).startsWith("354");
    }

    private static SessionHarness client() {
        return SessionHarness.greeted(TestPolicy.clientConnector());
    }

    @Test
    void ehloAdvertisesLoginAndPlainWhereExchangeListsAuth() {
        SessionHarness h = new SessionHarness(TestPolicy.clientConnector());
        h.replies();
        List<String> ehlo = h.cmd("EHLO client.example.net");
        assertThat(ehlo).containsSubsequence("250-ENHANCEDSTATUSCODES", "250-AUTH LOGIN PLAIN",
                "250-8BITMIME");
    }

    @Test
    void noAuthKeywordWithoutBasicAuthAndAuthIsAnUnrecognizedType() {
        SessionHarness h = new SessionHarness(new TestPolicy());
        h.replies();
        assertThat(h.cmd("EHLO client.example.net")).noneMatch(l -> l.contains("AUTH"));
        assertThat(h.reply("AUTH LOGIN")).isEqualTo("504 5.7.4 Unrecognized authentication type");
    }

    @Test
    void basicAuthRequireTlsHidesAndRefusesAuthBeforeTls() {
        TestPolicy p = TestPolicy.clientConnector();
        p.basicAuthRequireTls = true;
        SessionHarness h = new SessionHarness(p);
        h.replies();
        assertThat(h.cmd("EHLO client.example.net")).noneMatch(l -> l.contains("AUTH"));
        assertThat(h.reply("AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        assertThat(h.store.committed).isEmpty();
    }

    @Test
    void authLoginWithChallengesSucceedsAndTheSessionRunsAsTheUser() {
        SessionHarness h = client();
        assertThat(h.reply("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
        assertThat(h.reply(b64("kim@example.org"))).isEqualTo("334 UGFzc3dvcmQ6");
        assertThat(answer(h, b64("Pa55w.rd"))).isEqualTo("235 2.7.0 Authentication successful");
        assertThat(h.log.rows).contains("*|EXAMPLE\\kim|authenticated",
                "*|SMTPSubmit SMTPAcceptAnyRecipient BypassAntiSpam AcceptRoutingHeaders|Set"
                        + " Session Permissions");
        // The credentials never reach the protocol log.
        assertThat(String.join("\n", h.log.rows)).doesNotContain(b64("Pa55w.rd"))
                .doesNotContain(b64("kim@example.org"));
        assertThat(h.reply("MAIL FROM:<kim@example.org>")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("250 2.1.5 Recipient OK");
    }

    @Test
    void authLoginWithTheUserNameAsInitialResponse() {
        SessionHarness h = client();
        assertThat(h.reply("AUTH LOGIN " + b64("EXAMPLE\\kim"))).isEqualTo("334 UGFzc3dvcmQ6");
        assertThat(answer(h, b64("Pa55w.rd"))).isEqualTo("235 2.7.0 Authentication successful");
    }

    @Test
    void authPlainWithAndWithoutInitialResponse() {
        SessionHarness h = client();
        assertThat(answer(h, "AUTH PLAIN " + b64("\0k.akers@example.org\0Pa55w.rd")))
                .isEqualTo("235 2.7.0 Authentication successful");
        assertThat(h.log.rows).contains("<|AUTH PLAIN ****|");

        SessionHarness later = client();
        assertThat(later.reply("AUTH PLAIN")).isEqualTo("334 ");
        assertThat(answer(later, b64("kim@example.org\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("235 2.7.0 Authentication successful");
    }

    @Test
    void wrongPasswordUnknownUserAndEmptyCredentialsFail() {
        for (String response : new String[] {b64("\0kim@example.org\0wrong"),
                b64("\0nobody@example.org\0Pa55w.rd"), b64("\0kim@example.org\0"), b64("\0\0"),
                b64("kim@example.org"), "="}) {
            SessionHarness h = client();
            assertThat(answer(h, "AUTH PLAIN " + response)).as(response)
                    .isEqualTo("535 5.7.3 Authentication unsuccessful");
            // Still anonymous (case A13): no relay.
            h.reply("MAIL FROM:<a@example.com>");
            assertThat(h.reply("RCPT TO:<carol@example.net>")).startsWith("5");
        }
    }

    @Test
    void anAuthorizationIdentityOfAnotherMailboxFails() {
        TestPolicy p = TestPolicy.clientConnector();
        p.addAccount("EXAMPLE\\admin", "Adm1n.pw", "admin@example.org");
        SessionHarness h = SessionHarness.greeted(p);
        assertThat(answer(h, "AUTH PLAIN " + b64("admin@example.org\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("535 5.7.3 Authentication unsuccessful");
        // The same mailbox by another of its names is fine.
        assertThat(answer(h, "AUTH PLAIN " + b64("EXAMPLE\\kim\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("235 2.7.0 Authentication successful");
    }

    @Test
    void starCancelsAndBadBase64IsRefused() {
        SessionHarness h = client();
        h.reply("AUTH LOGIN");
        assertThat(h.reply("*")).isEqualTo("501 5.0.0 Authentication cancelled");
        assertThat(h.reply("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
        assertThat(h.reply("not base64!")).isEqualTo("501 5.5.2 Cannot decode the response as"
                + " base64");
        assertThat(h.reply("AUTH PLAIN @@@")).isEqualTo("501 5.5.2 Cannot decode the response"
                + " as base64");
        // The session is in step: commands are commands again.
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    void unknownMechanismAndSequenceErrors() {
        SessionHarness before = new SessionHarness(TestPolicy.clientConnector());
        before.replies();
        assertThat(before.reply("AUTH LOGIN")).isEqualTo("503 5.5.2 Send hello first");

        SessionHarness h = client();
        assertThat(h.reply("AUTH CRAM-MD5")).isEqualTo("504 5.7.4 Unrecognized authentication"
                + " type");
        assertThat(h.reply("AUTH NTLM")).isEqualTo("504 5.7.4 Unrecognized authentication type");
        assertThat(h.reply("AUTH")).isEqualTo("501 5.5.4 Invalid arguments");
        assertThat(answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd")))
                .startsWith("235");
        assertThat(h.reply("AUTH LOGIN")).isEqualTo("503 5.5.2 Already authenticated");
        h.reply("MAIL FROM:<kim@example.org>");
        SessionHarness inTx = SessionHarness.greeted(TestPolicy.clientConnector());
        inTx.policy.rights.add(ExtendedRight.SMTP_SUBMIT);
        assertThat(inTx.reply("MAIL FROM:<a@example.com>")).startsWith("250");
        assertThat(inTx.reply("AUTH LOGIN")).isEqualTo("503 5.5.1 Bad sequence of commands");
    }

    @Test
    @DisplayName("P24 a failed AUTH is answered after AuthTarpitInterval")
    void aFailedAuthIsAnsweredAfterTheAuthTarpitInterval() {
        TestPolicy p = TestPolicy.clientConnector();
        p.authTarpit = Duration.ofSeconds(5);
        SessionHarness h = SessionHarness.greeted(p);
        h.send("AUTH PLAIN " + b64("\0kim@example.org\0wrong") + "\r\n");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> {
                    h.channel.runPendingTasks();
                    return h.log.rows.contains("*|Tarpit for '0.00:00:05'|");
                });
        h.channel.advanceTimeBy(4, TimeUnit.SECONDS);
        assertThat(h.replies()).isEmpty();
        h.channel.advanceTimeBy(1, TimeUnit.SECONDS);
        assertThat(h.replies()).containsExactly("535 5.7.3 Authentication unsuccessful");
    }

    @Test
    @DisplayName("P24 MaxLogonFailures: the last failure is followed by 421 4.7.0 and the "
            + "close")
    void maxLogonFailuresClosesTheConnectionAfterTheLastFailure() {
        TestPolicy p = TestPolicy.clientConnector();
        p.maxLogonFailures = 2;
        SessionHarness h = SessionHarness.greeted(p);
        assertThat(answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0one"))).startsWith("535");
        assertThat(h.channel.isActive()).isTrue();
        h.send("AUTH PLAIN " + b64("\0kim@example.org\0two") + "\r\n");
        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            got.addAll(h.replies());
            return got.size() >= 2;
        });
        assertThat(got).containsExactly("535 5.7.3 Authentication unsuccessful",
                "421 4.7.0 Too many failed logon attempts, closing transmission channel");
        h.channel.runPendingTasks();
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    void aUserWithoutTheSubmitRightCannotSignIn() {
        TestPolicy p = TestPolicy.clientConnector();
        p.userRights.clear();
        SessionHarness h = SessionHarness.greeted(p);
        assertThat(answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("535 5.7.3 Authentication unsuccessful");
    }

    @Test
    void mailFromMustBeOneOfTheUsersAddressesWithoutAcceptAnySender() {
        SessionHarness h = client();
        answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd"));
        assertThat(h.reply("MAIL FROM:<pat@example.org>"))
                .isEqualTo("550 5.7.1 Client does not have permissions to send as this sender");
        assertThat(h.reply("MAIL FROM:<someone@example.net>"))
                .isEqualTo("550 5.7.1 Client does not have permissions to send as this sender");
        assertThat(h.reply("MAIL FROM:<K.Akers@Example.org>")).isEqualTo("250 2.1.0 Sender OK");
        h.reply("RSET");
        assertThat(h.reply("MAIL FROM:<>")).isEqualTo("250 2.1.0 Sender OK");
    }

    @Test
    void fromHeaderOfSomeoneElseIsRefusedAtTheEndOfData() {
        SessionHarness h = client();
        answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd"));
        toCarol(h, "kim@example.org");
        assertThat(h.data("From: \"Pat\" <pat@example.org>", "Subject: hi", "", "body"))
                .isEqualTo("550 5.7.1 Client does not have permissions to send as this sender");
        assertThat(h.store.committed).isEmpty();

        toCarol(h, "kim@example.org");
        assertThat(h.data("From: Kim Akers <kim@example.org>", "Sender: k.akers@example.org",
                "Subject: hi", "", "body")).startsWith("250 2.6.0");
        assertThat(h.store.committed).hasSize(1);

        toCarol(h, "kim@example.org");
        assertThat(h.data("From: kim@example.org", "Sender: pat@example.org", "", "body"))
                .startsWith("550 5.7.1");
    }

    @Test
    void acceptAnySenderLetsTheUserSendAsAnyone() {
        TestPolicy p = TestPolicy.clientConnector();
        p.userRights.add(ExtendedRight.SMTP_ACCEPT_ANY_SENDER);
        SessionHarness h = SessionHarness.greeted(p);
        answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd"));
        toCarol(h, "someone@example.net");
        assertThat(h.data("From: someone@example.net", "", "body")).startsWith("250 2.6.0");
    }

    @Test
    @DisplayName("P19 EHLO after AUTH, MAIL and RCPT resets the transaction but keeps the AUTH")
    void ehloResetsTheTransactionButKeepsTheAuthentication() {
        SessionHarness h = client();
        answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd"));
        assertThat(h.reply("MAIL FROM:<kim@example.org>")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("250 2.1.5 Recipient OK");
        assertThat(h.reply("EHLO client.example.net")).startsWith("250 ");
        assertThat(h.reply("DATA")).isEqualTo("503 5.5.1 Bad sequence of commands");
        assertThat(h.reply("AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("503 5.5.2 Already authenticated");
        assertThat(h.reply("MAIL FROM:<kim@example.org>")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("250 2.1.5 Recipient OK");
    }

    @Test
    void authenticationLastsForTheSessionAcrossRset() {
        SessionHarness h = client();
        answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd"));
        h.reply("RSET");
        h.reply("MAIL FROM:<kim@example.org>");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("250 2.1.5 Recipient OK");
    }
    @Test
    @DisplayName("P24 an address that failed too often gets 454 4.7.0 without a check; "
            + "the same user signs in from another address")
    void anAddressThatFailedTooOftenGets454WithoutACheckWhileOthersSignIn() {
        TestPolicy p = TestPolicy.clientConnector();
        p.throttle = new LogonThrottle(2, Duration.ofMinutes(15), java.time.Clock.systemUTC());
        p.maxLogonFailures = 0;
        SessionHarness h = SessionHarness.greeted(p);
        answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0one"));
        answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0two"));
        // Even the right password is not checked now, from this address.
        assertThat(h.reply("AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("454 4.7.0 Temporary authentication failure");
        SessionHarness again = new SessionHarness(p);
        again.replies();
        again.cmd("EHLO client.example.net");
        assertThat(again.reply("AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd")))
                .startsWith("454 4.7.0");
        // Another address signs in as the same user: no lockout of the account.
        SessionHarness other = new SessionHarness(p, SessionHarness.RLY_SINGLE);
        other.replies();
        other.cmd("EHLO client.example.net");
        assertThat(answer(other, "AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("235 2.7.0 Authentication successful");
    }
    @Test
    void onceTlsIsUpBasicAuthRequireTlsOffersAndAcceptsAuth() throws Exception {
        TestPolicy p = TestPolicy.clientConnector();
        p.basicAuthRequireTls = true;
        p.tlsOffer = StartTlsTest.tlsPolicy().tlsOffer;
        TlsClientPump c = StartTlsTest.underTls(SessionHarness.greeted(p));
        assertThat(c.cmd("EHLO client.example.net")).contains("250-AUTH LOGIN PLAIN");
        assertThat(c.answer("AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("235 2.7.0 Authentication successful");
    }

    @Test
    void tlsForgetsAnAuthenticationMadeBeforeIt() throws Exception {
        TestPolicy p = TestPolicy.clientConnector();
        p.tlsOffer = StartTlsTest.tlsPolicy().tlsOffer;
        SessionHarness h = SessionHarness.greeted(p);
        answer(h, "AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd"));
        TlsClientPump c = StartTlsTest.underTls(h);
        c.cmd("EHLO client.example.net");
        assertThat(c.reply("MAIL FROM:<kim@example.org>"))
                .isEqualTo("530 5.7.1 Client was not authenticated");
        assertThat(c.answer("AUTH PLAIN " + b64("\0kim@example.org\0Pa55w.rd")))
                .isEqualTo("235 2.7.0 Authentication successful");
    }
    @Test
    void anOverlongResponseEndsTheExchangeAndTheSessionStaysInStep() {
        SessionHarness h = client();
        assertThat(h.reply("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
        assertThat(h.reply("A".repeat(5000))).isEqualTo("500 5.5.2 Line too long");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
        assertThat(h.log.rows).noneMatch(r -> r.contains("AAAA"));
    }
}
