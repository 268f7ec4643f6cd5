package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postern.config.DomainType;
import org.postern.permission.ExtendedRight;

/** The MAIL and RCPT decisions as pure functions, with the reasons they give. */
class EnvelopeRulesTest {

    private static String line(EnvelopeRules.Verdict v, SessionPolicy p) {
        return String.join("\n", v.lines(p));
    }

    @Test
    void mailWithoutSubmitIsNotAuthenticatedAndNamesTheRight() {
        TestPolicy p = new TestPolicy();
        p.rights.remove(ExtendedRight.SMTP_SUBMIT);
        EnvelopeRules.Verdict v = EnvelopeRules.mailFrom(p, "alice@example.com");
        assertThat(line(v, p)).isEqualTo("530 5.7.1 Client was not authenticated");
        assertThat(v.reason()).contains("ANONYMOUS LOGON").contains("ms-Exch-SMTP-Submit");
    }

    @Test
    void authoritativeSenderNeedsTheAuthoritativeDomainSenderRight() {
        TestPolicy p = new TestPolicy();
        assertThat(EnvelopeRules.mailFrom(p, "<bob@example.org>").accepted()).isTrue();
        p.rights.remove(ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER);
        EnvelopeRules.Verdict v = EnvelopeRules.mailFrom(p, "bob@example.org");
        assertThat(line(v, p)).isEqualTo(
                "550 5.7.1 Anonymous client does not have permission to send as this sender");
        assertThat(v.reason()).contains("example.org is an Authoritative accepted domain");
        assertThat(EnvelopeRules.mailFrom(p, "").accepted()).isTrue();
    }

    @Test
    void declaredSizeOverTheLimitIsRefusedUnlessTheSessionBypassesIt() {
        TestPolicy p = new TestPolicy();
        EnvelopeRules.Verdict v = EnvelopeRules.mail(p, null, p.maxMessageSize + 1);
        assertThat(line(v, p)).isEqualTo(
                "552 5.3.4 Message size exceeds fixed maximum message size");
        p.rights.add(ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT);
        assertThat(EnvelopeRules.mail(p, null, p.maxMessageSize + 1).accepted()).isTrue();
    }

    @Test
    void relayNeedsAcceptAnyRecipientAndAcceptedDomainsDoNot() {
        TestPolicy p = new TestPolicy();
        p.domains.put("internal.example.org", DomainType.InternalRelay);
        assertThat(line(EnvelopeRules.rcptTo(p, "carol@example.net"), p))
                .isEqualTo("550 5.7.1 Unable to relay");
        assertThat(EnvelopeRules.rcptTo(p, "carol@example.net").reason())
                .isEqualTo("example.net is not an accepted domain and NT AUTHORITY\\ANONYMOUS"
                        + " LOGON does not hold ms-Exch-SMTP-Accept-Any-Recipient");
        assertThat(EnvelopeRules.rcptTo(p, "x@internal.example.org").reason())
                .isEqualTo("internal.example.org is an accepted domain (InternalRelay)");
        assertThat(EnvelopeRules.rcptTo(p, "<postmaster>").accepted()).isTrue();
        assertThat(EnvelopeRules.rcptTo(p, "x@[192.0.2.1]").reason())
                .startsWith("[192.0.2.1] is an address literal");

        TestPolicy relay = TestPolicy.anonymousRelay();
        EnvelopeRules.Verdict v = EnvelopeRules.rcptTo(relay, "carol@example.net");
        assertThat(line(v, relay)).isEqualTo("250 2.1.5 Recipient OK");
        assertThat(v.reason()).contains("relayed because");
    }

    @Test
    void badAddressesGetTheSessionsSyntaxReplies() {
        TestPolicy p = new TestPolicy();
        assertThat(line(EnvelopeRules.mailFrom(p, "no-at-sign"), p))
                .isEqualTo("501 5.1.7 Invalid address");
        assertThat(line(EnvelopeRules.rcptTo(p, "a@b@c"), p))
                .isEqualTo("501 5.1.3 Invalid address");
    }

    @Test
    void reservedAndSingleLabelDomainsAreRefusedOnlyWhenTheConnectorSaysSo() {
        TestPolicy p = TestPolicy.anonymousRelay();
        assertThat(EnvelopeRules.rcptTo(p, "a@host.test").accepted()).isTrue();
        p.rejectReservedTopLevel = true;
        p.rejectSingleLabel = true;
        assertThat(line(EnvelopeRules.rcptTo(p, "a@host.test"), p))
                .isEqualTo("550 5.1.4 Recipient address reserved by RFC 2606");
        assertThat(line(EnvelopeRules.rcptTo(p, "a@intranet"), p))
                .isEqualTo("550 5.1.6 Recipient addresses in single label domains not accepted");
    }

    @Test
    void recipientLimitCountsTheRecipientsAlreadyAccepted() throws Exception {
        TestPolicy p = TestPolicy.anonymousRelay();
        p.maxRecipients = 2;
        MailAddress a = AddressParser.parsePath("a@example.org", true, true);
        assertThat(EnvelopeRules.rcpt(p, a, 1).accepted()).isTrue();
        assertThat(line(EnvelopeRules.rcpt(p, a, 2), p)).isEqualTo("452 4.5.3 Too many recipients");
    }

    @Test
    void withoutEnhancedStatusCodesTheReplyHasOnlyTheBasicCode() {
        TestPolicy p = new TestPolicy();
        p.enhanced = false;
        assertThat(line(EnvelopeRules.rcptTo(p, "carol@example.net"), p))
                .isEqualTo("550 Unable to relay");
    }

    @Test
    void errorsToAnonymousSessionsWaitOutTheTarpit() {
        TestPolicy p = new TestPolicy();
        p.tarpit = Duration.ofSeconds(5);
        assertThat(EnvelopeRules.rcptTo(p, "carol@example.net").delay(p))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(EnvelopeRules.rcptTo(p, "bob@example.org").delay(p)).isZero();
        p.principal = "MS Exchange\\Externally Secured Servers";
        assertThat(EnvelopeRules.rcptTo(p, "carol@example.net").delay(p)).isZero();
    }
}
