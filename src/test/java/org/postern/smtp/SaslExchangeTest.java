package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Decoding of AUTH LOGIN and PLAIN responses, the AUTH command rules and the failure count. */
class SaslExchangeTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static SaslExchange.Credentials plain(String initial) {
        return SaslExchange.start(SaslExchange.Mechanism.PLAIN).first(initial).credentials();
    }

    @Test
    void plainSplitsAuthzidAuthcidAndPassword() {
        SaslExchange.Credentials c = plain(b64("admin\0bob\0pw"));
        assertThat(c.authzid()).isEqualTo("admin");
        assertThat(c.login()).isEqualTo("bob");
        assertThat(new String(c.password())).isEqualTo("pw");
        SaslExchange.Credentials utf8 = plain(b64("\0jörg@example.org\0Grüße"));
        assertThat(utf8.login()).isEqualTo("jörg@example.org");
        assertThat(new String(utf8.password())).isEqualTo("Grüße");
    }

    @Test
    void plainInTheWrongShapeOrNotUtf8IsEmptyCredentials() {
        for (String bad : new String[] {b64("bob"), b64("bob\0pw"), b64("a\0b\0c\0d"), "="}) {
            SaslExchange.Credentials c = plain(bad);
            assertThat(c.login()).as(bad).isEmpty();
            assertThat(c.password()).as(bad).isEmpty();
        }
        String latin1 = Base64.getEncoder().encodeToString(
                "\0bob\0gr\u00fc\u00dfe".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(plain(latin1).login()).isEmpty();
    }

    @Test
    void plainWithoutInitialResponseSendsAnEmptyChallenge() {
        SaslExchange x = SaslExchange.start(SaslExchange.Mechanism.PLAIN);
        assertThat(x.first(null).challenge()).isEmpty();
        assertThat(x.respond(b64("\0bob\0pw")).credentials().login()).isEqualTo("bob");
    }

    @Test
    void loginAsksForUserNameThenPassword() {
        SaslExchange x = SaslExchange.start(SaslExchange.Mechanism.LOGIN);
        assertThat(x.first(null).challenge()).isEqualTo("VXNlcm5hbWU6");
        assertThat(x.respond(b64("bob")).challenge()).isEqualTo("UGFzc3dvcmQ6");
        SaslExchange.Credentials c = x.respond(b64("pw")).credentials();
        assertThat(c.login()).isEqualTo("bob");
        assertThat(new String(c.password())).isEqualTo("pw");
        assertThat(c.authzid()).isEmpty();
        assertThat(c.toString()).doesNotContain("pw");
        c.clear();
        assertThat(c.password()).containsOnly('\0');
    }

    @Test
    void starCancelsAndBadBase64IsRefusedAtEveryStep() {
        SaslExchange x = SaslExchange.start(SaslExchange.Mechanism.LOGIN);
        x.first(null);
        assertThat(x.respond("*").refusal()).isEqualTo(Replies.AUTH_CANCELLED);
        for (String bad : new String[] {"!!!!", "YWJj ZA==", "YW=Jj", "\u00e9"}) {
            assertThat(SaslExchange.start(SaslExchange.Mechanism.PLAIN).first(bad).refusal())
                    .as(bad).isEqualTo(Replies.AUTH_BAD_BASE64);
        }
        // Unpadded base64 is read.
        assertThat(SaslExchange.decode("YWJj")).isEqualTo("abc".getBytes());
        assertThat(SaslExchange.decode("YWI")).isEqualTo("ab".getBytes());
    }

    @Test
    void theAuthCommandRules() {
        TestPolicy p = TestPolicy.clientConnector();
        assertThat(SmtpAuth.check(p, false, false, false, "LOGIN").reply())
                .isEqualTo(Replies.SEND_HELLO_FIRST);
        assertThat(SmtpAuth.check(p, true, true, false, "LOGIN").reply())
                .isEqualTo(Replies.BAD_SEQUENCE);
        assertThat(SmtpAuth.check(p, true, false, false, "").reply())
                .isEqualTo(Replies.INVALID_ARGUMENTS);
        assertThat(SmtpAuth.check(p, true, false, false, "PLAIN a b").reply())
                .isEqualTo(Replies.INVALID_ARGUMENTS);
        assertThat(SmtpAuth.check(p, true, false, false, "GSSAPI").reply())
                .isEqualTo(Replies.AUTH_UNRECOGNIZED);
        assertThat(SmtpAuth.check(p, true, false, false, "login")).isNull();
        p.basicAuthRequireTls = true;
        assertThat(SmtpAuth.check(p, true, false, false, "LOGIN").reply())
                .isEqualTo(Replies.STARTTLS_FIRST);
        assertThat(SmtpAuth.keyword(p, false)).isNull();
        assertThat(SmtpAuth.check(p, true, false, true, "LOGIN")).isNull();
        assertThat(SmtpAuth.keyword(p, true)).isEqualTo("AUTH LOGIN PLAIN");
    }

    @Test
    void logonFailuresAreCountedUpToMaxLogonFailures() {
        TestPolicy p = TestPolicy.clientConnector();
        p.maxLogonFailures = 3;
        SmtpAuth a = new SmtpAuth();
        assertThat(a.failed(p)).isFalse();
        assertThat(a.failed(p)).isFalse();
        assertThat(a.failed(p)).isTrue();
        p.maxLogonFailures = 0;
        SmtpAuth never = new SmtpAuth();
        for (int i = 0; i < 20; i++) {
            assertThat(never.failed(p)).isFalse();
        }
    }

    @Test
    void theProtocolLogNeverShowsAnInitialResponse() {
        assertThat(SmtpAuth.loggable("AUTH PLAIN AGJvYgBwdw==")).isEqualTo("AUTH PLAIN ****");
        assertThat(SmtpAuth.loggable("auth login Ym9i")).isEqualTo("auth login ****");
        assertThat(SmtpAuth.loggable("AUTH LOGIN")).isEqualTo("AUTH LOGIN");
        assertThat(SmtpAuth.loggable("MAIL FROM:<a@b.c> X Y")).isEqualTo("MAIL FROM:<a@b.c> X Y");
    }

    @Test
    void headerAddressesAreReadFromDisplayNamesCommentsAndGroups() {
        assertThat(HeaderAddresses.addresses("\"Akers, Kim\" <kim@contoso.com>"))
                .containsExactly("kim@contoso.com");
        assertThat(HeaderAddresses.addresses("kim@contoso.com (Kim), Pat <pat@contoso.com>"))
                .containsExactly("kim@contoso.com", "pat@contoso.com");
        assertThat(HeaderAddresses.addresses("team: a@contoso.com, b@contoso.com;"))
                .containsExactly("a@contoso.com", "b@contoso.com");
        assertThat(HeaderAddresses.addresses("\"<kim@contoso.com>\" <eve@evil.example>"))
                .containsExactly("eve@evil.example");
        assertThat(HeaderAddresses.fieldValues("Subject: x\r\nFROM: Kim\r\n <kim@contoso.com>\r\n"
                + "X-From: other@contoso.com\r\n", "From"))
                .containsExactly("Kim <kim@contoso.com>");
    }
}
