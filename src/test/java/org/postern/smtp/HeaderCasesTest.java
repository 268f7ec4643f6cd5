package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.postern.permission.ExtendedRight;

/**
 * The header cases of relay-cases.md (H05, H06, A12) and the header firewall of
 * exchange-behaviour.md section j, on a whole session.
 */
class HeaderCasesTest {

    private final TestPolicy policy = new TestPolicy();

    /** The method-2 session: ExternalAuthoritative, Externally Secured Servers' rights. */
    private static TestPolicy externallySecured() {
        TestPolicy p = new TestPolicy();
        p.principal = "MS Exchange\\Externally Secured Servers";
        p.rights = EnumSet.of(ExtendedRight.SMTP_SUBMIT, ExtendedRight.SMTP_ACCEPT_ANY_RECIPIENT,
                ExtendedRight.SMTP_ACCEPT_ANY_SENDER,
                ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER,
                ExtendedRight.SMTP_ACCEPT_AUTHENTICATION_FLAG, ExtendedRight.SMTP_ACCEPT_EXCH50,
                ExtendedRight.BYPASS_ANTI_SPAM, ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT,
                ExtendedRight.ACCEPT_HEADERS_ROUTING);
        p.displayNames.put("alice@example.org", "Alice Fabrikam");
        return p;
    }

    @Test
    void anonymousOrganizationHeadersNeverReachTheQueueButReceivedDoes() {
        SessionHarness h = SessionHarness.atData(policy);
        assertThat(h.data("Received: from relay.example.org ([192.0.2.10])",
                "X-MS-Exchange-Organization-AuthAs: Internal",
                "X-MS-EXCHANGE-ORGANIZATION-SCL: -1",
                "X-MS-Exchange-Forest-ArrivalHubServer: hub", "\tfolded.example.org",
                "From: alice@example.org", "Subject: s", "", "body")).startsWith("250 2.6.0 ");
        String stored = h.store.committed.get(0).text();
        assertThat(stored).containsOnlyOnce("X-MS-Exchange-Organization-AuthAs:")
                .contains("X-MS-Exchange-Organization-AuthAs: Anonymous\r\n")
                .doesNotContainIgnoringCase("SCL").doesNotContain("Forest")
                .doesNotContain("folded.example.org")
                .contains("Received: from relay.example.org ([192.0.2.10])\r\n")
                .contains("From: alice@example.org\r\n")
                .contains("X-MS-Exchange-Organization-AuthSource: mx.example.org\r\n")
                .contains("X-MS-Exchange-Organization-OriginalClientIPAddress: 127.0.0.100\r\n")
                .containsPattern("X-MS-Exchange-Organization-Network-Message-Id: [0-9a-f]{8}-"
                        + "[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\r\n")
                .contains("X-MS-Exchange-Organization-MessageDirectionality: Incoming\r\n")
                .endsWith("\r\n\r\nbody\r\n");
        assertThat(stored.indexOf("Received: from client.example.net"))
                .isLessThan(stored.indexOf("Received: from relay.example.org"));
    }

    @Test
    void externallySecuredMessageIsInternalWithTheSendersDisplayName() {
        SessionHarness h = SessionHarness.atData(externallySecured());
        h.data("From: alice@example.org", "X-MS-Exchange-Organization-AuthAs: Anonymous",
                "Subject: s", "", "body");
        String stored = h.store.committed.get(0).text();
        assertThat(stored).contains("From: \"Alice Fabrikam\" <alice@example.org>\r\n")
                .containsOnlyOnce("AuthAs")
                .contains("X-MS-Exchange-Organization-AuthAs: Internal\r\n")
                .contains("X-MS-Exchange-Organization-MessageDirectionality: Originating\r\n")
                .contains("X-MS-Exchange-Organization-SCL: -1\r\n")
                .doesNotContain("AuthMechanism");
    }

    @Test
    void routingHeadersGoWithoutTheRoutingRight() {
        policy.rights.remove(ExtendedRight.ACCEPT_HEADERS_ROUTING);
        SessionHarness h = SessionHarness.atData(policy);
        h.data("Received: from a", " by b", "Resent-From: x@example.com", "Subject: s", "", "b");
        String stored = h.store.committed.get(0).text();
        assertThat(stored).containsOnlyOnce("Received:").doesNotContain("Resent-")
                .doesNotContain(" by b\r\n");
    }

    @Test
    void h06ThirtyOneReceivedFieldsAreRefusedAndTheSessionGoesOn() {
        policy.maxHopCount = 30;
        SessionHarness h = SessionHarness.atData(policy);
        String[] msg = new String[34];
        for (int i = 0; i < 31; i++) {
            msg[i] = (i % 2 == 0 ? "Received" : "received") + ": from h" + i + " by x" + i;
        }
        msg[31] = "Subject: loop";
        msg[32] = "";
        msg[33] = "Received: in the body does not count";
        assertThat(h.data(msg)).isEqualTo("554 5.4.6 Hop count exceeded - possible mail loop");
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.aborted).hasValue(1);
        assertThat(h.channel.isActive()).isTrue();
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250 ");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        String[] ok = java.util.Arrays.copyOfRange(msg, 1, 34);
        assertThat(h.data(ok)).startsWith("250 2.6.0 ");
    }

    @Test
    void h06HopCountAppliesToBdatToo() {
        policy.maxHopCount = 2;
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        String content = "Received: a\r\nReceived: b\r\nReceived: c\r\n\r\nbody\r\n";
        assertThat(h.cmd("BDAT " + content.length() + " LAST\r\n" + content.substring(0,
                content.length() - 2))).containsExactly(
                        "554 5.4.6 Hop count exceeded - possible mail loop");
        assertThat(h.store.committed).isEmpty();
    }

    @Test
    void h05LongToLineUnderMaxHeaderSizeIsAccepted() {
        StringBuilder to = new StringBuilder("To: ");
        for (int i = 0; i < 2000; i++) {
            to.append(i == 0 ? "" : ",\r\n ").append("user").append(i).append("@example.org");
        }
        SessionHarness h = SessionHarness.atData(policy);
        assertThat(h.data(to.toString(), "Subject: many", "", "b")).startsWith("250 2.6.0 ");
    }

    @Test
    void h05HeadersOverMaxHeaderSizeAreRefusedAndTheSessionCloses() {
        SessionHarness h = SessionHarness.atData(policy);
        String[] lines = new String[3100];
        for (int i = 0; i < 3099; i++) {
            lines[i] = "X-Filler-" + i + ": " + "f".repeat(90);
        }
        lines[3099] = "";
        assertThat(h.data(lines))
                .isEqualTo("552 5.3.4 Message header size exceeds fixed maximum size");
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.aborted).hasValue(1);
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    void a12OriginClaimsInTheMessageAreDataAndGrantNoRelay() {
        SessionHarness h = SessionHarness.atData(policy);
        assertThat(h.data("X-Forwarded-For: 192.0.2.10", "X-Originating-IP: [192.0.2.10]",
                "Received: from relay.example.org ([192.0.2.10])", "Subject: s", "", "b"))
                .startsWith("250 2.6.0 ");
        assertThat(h.store.committed.get(0).text()).contains("X-Forwarded-For: 192.0.2.10\r\n")
                .contains("X-MS-Exchange-Organization-OriginalClientIPAddress: 127.0.0.100\r\n");
        h.cmd("MAIL FROM:<alice@example.com>");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("550 5.7.1 Unable to relay");
    }

    @Test
    void h01LineBreaksInEnvelopeValuesAreRefusedAndNeverReachAHeader() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.send("RCPT TO:<\"a\rX-Injected: 1\"@example.org>\r\n");
        assertThat(h.replies()).singleElement().asString().startsWith("501 ");
        h.send("RCPT TO:<\"a\\\nb\"@example.org>\r\n");
        assertThat(h.replies()).singleElement().asString().startsWith("501 ");
        h.send("RCPT TO:<\"a\0b\"@example.org>\r\n");
        assertThat(h.replies()).singleElement().asString().startsWith("501 ");
        assertThat(h.reply("RCPT TO:<\"a b\"@example.org>")).startsWith("250 ");
        h.cmd("DATA");
        assertThat(h.data("Subject: s", "", "b")).startsWith("250 2.6.0 ");
        MemoryStore.Stored m = h.store.committed.get(0);
        assertThat(m.envelope().recipients()).extracting(r -> r.address())
                .containsExactly("\"a b\"@example.org");
        assertThat(m.text()).doesNotContain("X-Injected").doesNotContain("\0");

        SessionHarness e = new SessionHarness(policy);
        e.replies();
        e.send("EHLO client.example.net\rBcc: x@example.com\r\n");
        assertThat(e.replies()).singleElement().asString().startsWith("501 ");
    }
}
