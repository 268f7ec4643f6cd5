package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postern.permission.ExtendedRight;
import org.postern.queue.HeaderFields.HeaderClass;

/** The header rewrite on its own: firewall, hop counts, sender resolution and stamps. */
class MessageHeadersTest {

    private static final Set<ExtendedRight> ANONYMOUS = TestPolicy.ANONYMOUS_DEFAULT;
    /** What MS Exchange\Externally Secured Servers holds through ExchangeServers. */
    private static final Set<ExtendedRight> EXTERNALLY_SECURED = EnumSet.of(
            ExtendedRight.SMTP_SUBMIT, ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT,
            ExtendedRight.SMTP_ACCEPT_ANY_SENDER,
            ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER,
            ExtendedRight.SMTP_ACCEPT_AUTHENTICATION_FLAG, ExtendedRight.SMTP_ACCEPT_EXCH50,
            ExtendedRight.BYPASS_ANTI_SPAM, ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT,
            ExtendedRight.ACCEPT_HEADERS_ROUTING);
    private static final Map<String, String> MAILBOXES =
            Map.of("chris@contoso.com", "Chris Ashton");

    private static MessageHeaders.Context context(String principal, Set<ExtendedRight> rights) {
        return new MessageHeaders.Context(rights, AuthStamps.forPrincipal(principal, rights),
                "mail.contoso.com", "127.0.0.10", 30, 5,
                Set.of("mail.contoso.com", "127.0.0.1"),
                a -> Optional.ofNullable(MAILBOXES.get(a.toLowerCase())),
                () -> "0f3c7b9e-1111-4222-8333-944455556666");
    }

    private static MessageHeaders.Outcome rewrite(String block, MessageHeaders.Context ctx) {
        byte[] b = block.getBytes(StandardCharsets.ISO_8859_1);
        return MessageHeaders.rewrite(b, b.length, ctx);
    }

    private static String text(MessageHeaders.Outcome o) {
        return new String(o.block(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void anonymousLosesOrganizationAndForestFieldsButKeepsReceived() {
        MessageHeaders.Outcome o = rewrite("Received: from printer (10.0.0.5) by relay\r\n"
                + "X-MS-Exchange-Organization-AuthAs: Internal\r\n"
                + "x-ms-exchange-organization-scl:\r\n -1\r\n"
                + "X-MS-Exchange-Forest-RulesExecuted: mail\r\n"
                + "Subject: hi\r\n", context(SmtpSession.ANONYMOUS, ANONYMOUS));
        assertThat(text(o)).isEqualTo("Received: from printer (10.0.0.5) by relay\r\n"
                + "Subject: hi\r\n"
                + "X-MS-Exchange-Organization-AuthSource: mail.contoso.com\r\n"
                + "X-MS-Exchange-Organization-AuthAs: Anonymous\r\n"
                + "X-MS-Exchange-Organization-OriginalClientIPAddress: 127.0.0.10\r\n"
                + "X-MS-Exchange-Organization-Network-Message-Id:"
                + " 0f3c7b9e-1111-4222-8333-944455556666\r\n"
                + "X-MS-Exchange-Organization-MessageDirectionality: Incoming\r\n");
        assertThat(o.removed()).containsEntry(HeaderClass.ORGANIZATION, 2)
                .containsEntry(HeaderClass.FOREST, 1).doesNotContainKey(HeaderClass.ROUTING);
    }

    @Test
    void withoutRoutingRightReceivedAndResentFieldsGoWhole() {
        Set<ExtendedRight> rights = EnumSet.of(ExtendedRight.SMTP_SUBMIT);
        MessageHeaders.Outcome o = rewrite("Received: from a\r\n\tby b\r\n"
                + "RESENT-FROM: x@example.com\r\nResent-Message-ID: <1@x>\r\n"
                + "X-Received: kept\r\nSubject: s\r\n",
                context(SmtpSession.ANONYMOUS, rights));
        assertThat(text(o)).startsWith("X-Received: kept\r\nSubject: s\r\nX-MS-Exchange-");
        assertThat(o.removed()).containsEntry(HeaderClass.ROUTING, 3);
        assertThat(o.hops()).isEqualTo(1);
    }

    @Test
    void externallySecuredIsInternalBypassesAntispamAndResolvesTheSender() {
        MessageHeaders.Outcome o = rewrite("From: CHRIS@contoso.com\r\nSubject: s\r\n",
                context("MS Exchange\\Externally Secured Servers", EXTERNALLY_SECURED));
        assertThat(text(o)).isEqualTo("From: \"Chris Ashton\" <CHRIS@contoso.com>\r\n"
                + "Subject: s\r\n"
                + "X-MS-Exchange-Organization-AuthSource: mail.contoso.com\r\n"
                + "X-MS-Exchange-Organization-AuthAs: Internal\r\n"
                + "X-MS-Exchange-Organization-OriginalClientIPAddress: 127.0.0.10\r\n"
                + "X-MS-Exchange-Organization-Network-Message-Id:"
                + " 0f3c7b9e-1111-4222-8333-944455556666\r\n"
                + "X-MS-Exchange-Organization-MessageDirectionality: Originating\r\n"
                + "X-MS-Exchange-Organization-SCL: -1\r\n");
        assertThat(o.senderResolved()).isTrue();
    }

    @Test
    void anonymousSenderStaysAsGiven() {
        MessageHeaders.Outcome o = rewrite("From: chris@contoso.com\r\n",
                context(SmtpSession.ANONYMOUS, ANONYMOUS));
        assertThat(text(o)).startsWith("From: chris@contoso.com\r\nX-MS-Exchange-");
        assertThat(o.senderResolved()).isFalse();
    }

    @Test
    void keptOrganizationFieldsAreNotStampedAgain() {
        Set<ExtendedRight> rights = EnumSet.copyOf(EXTERNALLY_SECURED);
        rights.add(ExtendedRight.ACCEPT_HEADERS_ORGANIZATION);
        MessageHeaders.Outcome o = rewrite(
                "X-MS-Exchange-Organization-Network-Message-Id: aaaa\r\n"
                        + "X-MS-Exchange-Organization-AuthAs: Partner\r\n",
                context("MS Exchange\\Externally Secured Servers", rights));
        assertThat(text(o)).containsOnlyOnce("AuthAs").contains("AuthAs: Partner")
                .containsOnlyOnce("Network-Message-Id");
        assertThat(o.networkMessageId()).isEqualTo("aaaa");
    }

    @Test
    void h06ThirtyReceivedFieldsPassAndThirtyOneAreALoop() {
        String thirty = "Received: from x by hop.example.net\r\n".repeat(29)
                + "received: from y\r\n by hop.example.net\r\n\tfolded\r\nX-Received: no\r\n";
        assertThat(rewrite(thirty, context(SmtpSession.ANONYMOUS, ANONYMOUS)).refusal())
                .isNull();
        MessageHeaders.Outcome o = rewrite(thirty + "RECEIVED: one more\r\n",
                context(SmtpSession.ANONYMOUS, ANONYMOUS));
        assertThat(o.refusal()).isEqualTo(Replies.HOP_COUNT_EXCEEDED);
        assertThat(o.block()).isNull();
        assertThat(o.reason()).isEqualTo("31 Received fields, MaxHopCount is 30");
    }

    @Test
    void hopsAreCountedBeforeTheFirewallRemovesReceived() {
        Set<ExtendedRight> rights = EnumSet.of(ExtendedRight.SMTP_SUBMIT);
        String block = "Received: from x by y\r\n".repeat(31);
        assertThat(rewrite(block, context(SmtpSession.ANONYMOUS, rights)).refusal())
                .isEqualTo(Replies.HOP_COUNT_EXCEEDED);
    }

    @Test
    void localHopsCountReceivedFieldsByThisServer() {
        String local = "Received: from a (1.2.3.4) by MAIL.contoso.com. (127.0.0.1) with ESMTP"
                + "\r\n";
        String other = "Received: from mail.contoso.com by other.example.net\r\n";
        MessageHeaders.Context ctx = context(SmtpSession.ANONYMOUS, ANONYMOUS);
        assertThat(rewrite(local.repeat(5) + other.repeat(5), ctx).refusal()).isNull();
        MessageHeaders.Outcome o = rewrite(local.repeat(6), ctx);
        assertThat(o.refusal()).isEqualTo(Replies.HOP_COUNT_EXCEEDED);
        assertThat(o.reason()).isEqualTo("6 Received fields by this server, MaxLocalHopCount"
                + " is 5");
        assertThat(rewrite("Received: from a by [127.0.0.1]\r\n".repeat(6), ctx).refusal())
                .isNotNull();
    }

    @Test
    void maxLocalHopCountZeroSwitchesTheLocalCheckOff() {
        MessageHeaders.Context c = context(SmtpSession.ANONYMOUS, ANONYMOUS);
        MessageHeaders.Context off = new MessageHeaders.Context(c.rights(), c.identity(),
                c.authSource(), c.clientIp(), 30, 0, c.localNames(), c.displayName(),
                c.guids());
        assertThat(rewrite("Received: by mail.contoso.com\r\n".repeat(20), off).refusal())
                .isNull();
    }

    @Test
    void continuationLinesBeforeTheFirstFieldCannotFoldIntoOurReceived() {
        MessageHeaders.Outcome o = rewrite(" X-MS-Exchange-Organization-AuthAs: Internal\r\n"
                + "\tmore\r\nSubject: s\r\n", context(SmtpSession.ANONYMOUS, ANONYMOUS));
        assertThat(text(o)).startsWith("Subject: s\r\nX-MS-Exchange-Organization-AuthSource")
                .containsOnlyOnce("AuthAs");
    }
}
