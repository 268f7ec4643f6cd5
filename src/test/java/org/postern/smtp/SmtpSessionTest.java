package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postern.config.DomainType;
import org.postern.permission.ExtendedRight;

/** Every reply of the session on an EmbeddedChannel, with Exchange's exact texts. */
class SmtpSessionTest {

    private final TestPolicy policy = new TestPolicy();

    @Test
    void bannerIsExchangesWithLocalTimeAndOffset() {
        SessionHarness h = new SessionHarness(policy);
        assertThat(h.replies()).containsExactly("220 mx.example.org Microsoft ESMTP MAIL Service"
                + " ready at Fri, 5 Aug 2016 16:24:41 -0700");
    }

    @Test
    void customBannerReplacesTheWholeLine() {
        policy.banner = Optional.of("220 relay ready");
        assertThat(new SessionHarness(policy).replies()).containsExactly("220 relay ready");
    }

    @Test
    void ehloListsKeywordsInExchangesOrderWithoutStarttlsOrAuth() {
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        assertThat(h.cmd("EHLO client.example.net")).containsExactly(
                "250-mx.example.org Hello [127.0.0.100]",
                "250-SIZE 37748736",
                "250-PIPELINING",
                "250-DSN",
                "250-ENHANCEDSTATUSCODES",
                "250-8BITMIME",
                "250-BINARYMIME",
                "250-CHUNKING",
                "250 SMTPUTF8");
    }

    @Test
    void ehloLeavesOutDisabledKeywords() {
        policy.sizeMode = SessionPolicy.SizeMode.EnabledWithoutValue;
        policy.pipelining = false;
        policy.dsn = false;
        policy.chunking = false;
        policy.smtpUtf8 = false;
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        assertThat(h.cmd("EHLO client.example.net")).containsExactly(
                "250-mx.example.org Hello [127.0.0.100]", "250-SIZE",
                "250-ENHANCEDSTATUSCODES", "250 8BITMIME");
    }

    @Test
    void heloGreetsOnOneLine() {
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        assertThat(h.cmd("HELO client.example.net"))
                .containsExactly("250 mx.example.org Hello [127.0.0.100]");
    }

    @Test
    void ehloWithoutDomainIsAcceptedAsExchangeDoes() {
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        assertThat(h.cmd("EHLO").get(0)).isEqualTo("250-mx.example.org Hello [127.0.0.100]");
    }

    @Test
    void ehloWithoutDomainClosesWhenRequireEhloDomainIsSet() {
        policy.requireEhloDomain = true;
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        assertThat(h.cmd("EHLO")).containsExactly("501 5.5.4 Invalid domain name");
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    void invalidHeloNameGets501() {
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        assertThat(h.reply("EHLO @#$%^&*()")).isEqualTo("501 5.5.4 Invalid domain name");
        assertThat(h.reply("EHLO [999.1.1.1]")).isEqualTo("501 5.5.4 Invalid domain name");
        assertThat(h.reply("EHLO [198.51.100.7]")).startsWith("250 ");
    }

    @Test
    void wholeTransactionIsQueuedWithTheClientsMessageId() {
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 Recipient OK");
        assertThat(h.reply("DATA")).isEqualTo("354 Start mail input; end with <CRLF>.<CRLF>");
        String reply = h.data("From: alice@example.com", "Message-ID: <abc@example.com>",
                "Subject: hi", "", "body");
        assertThat(reply).isEqualTo("250 2.6.0 <abc@example.com> [InternalId=1001,"
                + " Hostname=mx.example.org] Queued mail for delivery");
        MemoryStore.Stored m = h.store.committed.get(0);
        assertThat(m.messageId()).isEqualTo("<abc@example.com>");
        assertThat(m.envelope().sender()).isEqualTo("alice@example.com");
        assertThat(m.envelope().recipients()).extracting(r -> r.address())
                .containsExactly("bob@example.org");
        assertThat(m.envelope().origin().heloName()).isEqualTo("client.example.net");
        assertThat(m.text()).startsWith("Received: from client.example.net (127.0.0.100) by"
                + " mx.example.org (127.0.0.1)\r\n with ESMTP id 1001; Fri, 5 Aug 2016 16:24:41"
                + " -0700\r\nFrom: alice@example.com\r\n");
        assertThat(m.text()).contains("Subject: hi\r\nX-MS-Exchange-Organization-AuthSource: ")
                .endsWith("X-MS-Exchange-Organization-MessageDirectionality: Incoming\r\n"
                        + "\r\nbody\r\n");
        assertThat(m.text()).containsOnlyOnce("Message-ID");
    }

    @Test
    void missingMessageIdIsGeneratedAndUsedInTheReply() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        String reply = h.data("Subject: Test", "", "This is a test message");
        assertThat(reply).matches("250 2\\.6\\.0 <[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}"
                + "-[0-9a-f]{12}@mx\\.example\\.org> \\[InternalId=\\d+, "
                + "Hostname=mx\\.example\\.org\\]"
                + " Queued mail for delivery");
        String id = reply.substring(10, reply.indexOf('>') + 1);
        MemoryStore.Stored m = h.store.committed.get(0);
        assertThat(m.messageId()).isEqualTo(id);
        assertThat(m.text()).contains("Subject: Test\r\nX-MS-Exchange-Organization-")
                .contains("X-MS-Exchange-Organization-MessageDirectionality: Incoming\r\n"
                        + "Message-ID: " + id + "\r\n\r\nThis is a test message\r\n");
    }

    @Test
    void heloSessionsAreStampedWithSmtp() {
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        h.cmd("HELO client.example.net");
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        h.data("Subject: x", "", "y");
        assertThat(h.store.committed.get(0).text()).contains(" with SMTP id ");
    }

    @Test
    void bodyWithoutHeadersGetsAnEmptyLineBeforeIt() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        h.data("just a body line");
        assertThat(h.store.committed.get(0).text())
                .matches("(?s)Received: .*\r\nMessage-ID: <[^>]+>\r\n\r\njust a body line\r\n");
    }

    @Test
    void quitClosesWith221AndLogsLocalClose() {
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.cmd("QUIT")).containsExactly("221 2.0.0 Service closing transmission channel");
        assertThat(h.channel.isActive()).isFalse();
        assertThat(h.log.rows).last().isEqualTo("-||Local");
    }

    @Test
    void remoteCloseIsLoggedAsRemote() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.channel.close();
        h.channel.runPendingTasks();
        assertThat(h.log.rows).last().isEqualTo("-||Remote");
    }

    @Test
    void simpleCommandsAnswerAsExchange() {
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.cmd("HELP")).containsExactly(
                "214-This server supports the following commands:",
                "214 HELO EHLO STARTTLS RCPT DATA RSET MAIL QUIT HELP AUTH BDAT");
        assertThat(h.reply("RSET")).isEqualTo("250 2.0.0 Resetting");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
        assertThat(h.reply("NOOP oops")).isEqualTo("250 2.0.0 OK");
        assertThat(h.reply("VRFY kate@fabrikam.com"))
                .isEqualTo("252 2.1.5 Cannot VRFY user, but will take message for"
                        + " <kate@fabrikam.com>");
        assertThat(h.reply("FOOBAR")).isEqualTo("500 5.3.3 Unrecognized command");
        assertThat(h.reply("")).isEqualTo("500 5.3.3 Unrecognized command");
        assertThat(h.reply("RSET FOO")).isEqualTo("501 5.5.4 Invalid arguments");
    }

    @Test
    void starttlsIsNotOfferedYetAndAuthWithoutBasicAuthIsAnUnrecognizedType() {
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.reply("STARTTLS")).isEqualTo("500 5.3.3 Unrecognized command");
        assertThat(h.reply("AUTH LOGIN")).isEqualTo("504 5.7.4 Unrecognized authentication type");
    }

    @Test
    void sequenceErrors() {
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        assertThat(h.reply("MAIL FROM:<a@example.com>")).isEqualTo("503 5.5.2 Send hello first");
        h.cmd("EHLO client.example.net");
        assertThat(h.reply("RCPT TO:<bob@example.org>"))
                .isEqualTo("503 5.5.1 Bad sequence of commands");
        assertThat(h.reply("DATA")).isEqualTo("503 5.5.1 Bad sequence of commands");
    }

    @Test
    void badSenderAddressGets501517() {
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.reply("MAIL FROM:<a;id@example.com>")).isEqualTo("501 5.1.7 Invalid address");
        assertThat(h.reply("MAIL FROM:<;sleep 10;>")).isEqualTo("501 5.1.7 Invalid address");
    }

    @Test
    void sizeParameterOverTheLimitIsRefusedAtMail() {
        policy.maxMessageSize = 100_000;
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=100001"))
                .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=100000")).startsWith("250 ");
    }

    @Test
    void sizeParameterIsNotCheckedWithBypassRight() {
        policy.maxMessageSize = 100_000;
        policy.rights.add(ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT);
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.reply("MAIL FROM:<a@example.com> SIZE=900000")).startsWith("250 ");
    }

    @Test
    @DisplayName("P14 the real size counts, not SIZE=1000: 552 5.3.4 at the end, nothing "
            + "queued")
    void realSizeOverTheLimitIsRefusedAtTheEndAndNothingIsQueued() {
        policy.maxMessageSize = 65_536;
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<a@example.com> SIZE=1000");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        String line = "x".repeat(998);
        String[] body = new String[100];
        body[0] = "Subject: big";
        body[1] = "";
        for (int i = 2; i < body.length; i++) {
            body[i] = line;
        }
        assertThat(h.data(body))
                .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.aborted).hasValue(1);
        assertThat(h.reply("MAIL FROM:<a@example.com>")).startsWith("250 ");
    }

    @Test
    void realSizeIsNotLimitedWithBypassRight() {
        policy.maxMessageSize = 65_536;
        policy.rights.add(ExtendedRight.BYPASS_MESSAGE_SIZE_LIMIT);
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<a@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        String[] body = new String[100];
        java.util.Arrays.fill(body, "y".repeat(998));
        body[0] = "Subject: big";
        body[1] = "";
        assertThat(h.data(body)).startsWith("250 2.6.0 ");
    }

    @Test
    @DisplayName("P12 recipients beyond MaxRecipientsPerMessage get 452 4.5.3; the "
            + "message goes to the accepted ones")
    void recipientsBeyondTheLimitGet452AndTheTransactionGoesOn() {
        policy.maxRecipients = 2;
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<a@example.com>");
        assertThat(h.reply("RCPT TO:<u1@example.org>")).startsWith("250 ");
        assertThat(h.reply("RCPT TO:<u2@example.org>")).startsWith("250 ");
        assertThat(h.reply("RCPT TO:<u3@example.org>")).isEqualTo("452 4.5.3 Too many recipients");
        assertThat(h.reply("DATA")).startsWith("354 ");
        assertThat(h.data("Subject: x", "", "y")).startsWith("250 2.6.0");
        assertThat(h.store.committed.get(0).envelope().recipients()).hasSize(2);
    }

    @Test
    void mailWithoutSubmitRightIsNotAuthenticated() {
        policy.rights = EnumSet.noneOf(ExtendedRight.class);
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.reply("MAIL FROM:<a@example.com>"))
                .isEqualTo("530 5.7.1 Client was not authenticated");
    }

    @Test
    void authoritativeSenderNeedsTheRightButNullSenderNever() {
        policy.rights.remove(ExtendedRight.SMTP_ACCEPT_AUTHORITATIVE_DOMAIN_SENDER);
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.reply("MAIL FROM:<ceo@Example.ORG>")).isEqualTo(
                "550 5.7.1 Anonymous client does not have permission to send as this sender");
        assertThat(h.reply("MAIL FROM:<>")).isEqualTo("250 2.1.0 Sender OK");
        h.cmd("RSET");
        policy.domains.put("relay.example.org", DomainType.InternalRelay);
        assertThat(h.reply("MAIL FROM:<x@relay.example.org>")).startsWith("250 ");
    }

    @Test
    void relayIsDeniedWithExchangesTextAndTheTransactionStaysOpen() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("550 5.7.1 Unable to relay");
        assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 Recipient OK");
    }

    @Test
    void everyAcceptedDomainTypeIsLocal() {
        policy.domains.put("internal.example.org", DomainType.InternalRelay);
        policy.domains.put("partner.example.org", DomainType.ExternalRelay);
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        assertThat(h.reply("RCPT TO:<a@internal.example.org>")).startsWith("250 ");
        assertThat(h.reply("RCPT TO:<a@partner.example.org>")).startsWith("250 ");
    }

    @Test
    void errorRepliesToAnonymousSessionsAreTarpitted() {
        policy.tarpit = Duration.ofSeconds(5);
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.send("RCPT TO:<carol@example.net>\r\nRCPT TO:<bob@example.org>\r\n");
        assertThat(h.replies()).isEmpty();
        assertThat(h.log.rows).contains("*|Tarpit for '0.00:00:05'|");
        h.channel.advanceTimeBy(4, TimeUnit.SECONDS);
        assertThat(h.replies()).isEmpty();
        h.channel.advanceTimeBy(1, TimeUnit.SECONDS);
        // the pipelined RCPT after it is answered only after the delayed reply, in order
        assertThat(h.replies()).containsExactly("550 5.7.1 Unable to relay",
                "250 2.1.5 Recipient OK");
    }

    @Test
    void authenticatedPrincipalsAreNotTarpitted() {
        policy.tarpit = Duration.ofSeconds(5);
        policy.principal = "MS Exchange\\Externally Secured Servers";
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.reply("FOOBAR")).isEqualTo("500 5.3.3 Unrecognized command");
    }

    @Test
    void enhancedCodesAreLeftOutWhenNotAdvertised() {
        policy.enhanced = false;
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 Sender OK");
        assertThat(h.reply("RCPT TO:<carol@example.net>")).isEqualTo("550 Unable to relay");
    }

    @Test
    @DisplayName("P26 a queue that cannot open a file gives 452 4.3.1 at DATA")
    void storeThatCannotOpenAFileGives4xxAtData() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.store.failBegin = true;
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        assertThat(h.reply("DATA")).isEqualTo("452 4.3.1 Insufficient system resources");
    }

    @Test
    @DisplayName("P26 a failed commit gives 451 4.3.0, never 250 or 5xx; the session "
            + "goes on")
    void failedCommitGives451NeverA250Or5xx() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.store.failCommit = true;
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        assertThat(h.data("Subject: x", "", "y"))
                .isEqualTo("451 4.3.0 Message could not be queued, please try again later");
        assertThat(h.store.committed).isEmpty();
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    void replyWaitsForTheDurableCommitAndLaterCommandsWaitBehindIt() {
        SessionHarness h = SessionHarness.greeted(policy);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        h.store.commitGate = gate;
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        h.send("Subject: x\r\n\r\ny\r\n.\r\nNOOP\r\n");
        assertThat(h.replies()).isEmpty();
        gate.complete(null);
        List<String> r = h.replies();
        assertThat(r).hasSize(2);
        assertThat(r.get(0)).startsWith("250 2.6.0 ");
        assertThat(r.get(1)).isEqualTo("250 2.0.0 OK");
    }

    @Test
    @DisplayName("P28 a close in the middle of DATA aborts the message")
    void disconnectInTheMiddleOfDataAbortsTheMessage() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        h.send("Subject: half\r\n\r\nhalf a bo");
        h.channel.close();
        h.channel.runPendingTasks();
        assertThat(h.store.aborted).hasValue(1);
        assertThat(h.store.committed).isEmpty();
    }

    @Test
    @DisplayName("P22 ConnectionTimeout closes a busy session with 421 4.4.1")
    void connectionTimeoutCloses() {
        policy.connectionTimeout = Duration.ofMinutes(10);
        SessionHarness h = SessionHarness.greeted(policy);
        for (int i = 0; i < 11; i++) {
            h.channel.advanceTimeBy(50, TimeUnit.SECONDS);
            h.cmd("NOOP"); // busy, never idle
        }
        h.channel.advanceTimeBy(1, TimeUnit.MINUTES);
        h.channel.runScheduledPendingTasks();
        assertThat(h.replies()).contains("421 4.4.1 Connection timed out");
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("P22 ConnectionInactivityTimeout closes an idle session with 451 4.7.0")
    void inactivityTimeoutCloses() {
        policy.inactivityTimeout = Duration.ofMinutes(5);
        SessionHarness h = SessionHarness.greeted(policy);
        h.channel.advanceTimeBy(5, TimeUnit.MINUTES);
        h.channel.runScheduledPendingTasks();
        assertThat(h.replies()).containsExactly("451 4.7.0 Timeout waiting for client input");
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("P18 the error after MaxProtocolErrors gets 421 4.7.0 and the close")
    void tooManyProtocolErrorsClose() {
        policy.maxProtocolErrors = 5;
        SessionHarness h = SessionHarness.greeted(policy);
        for (int i = 0; i < 5; i++) {
            assertThat(h.reply("FOOBAR")).isEqualTo("500 5.3.3 Unrecognized command");
        }
        assertThat(h.reply("FOOBAR")).isEqualTo(
                "421 4.7.0 Too many errors on this connection, closing transmission channel");
        assertThat(h.channel.isActive()).isFalse();
    }

    @Test
    void protocolLogRecordsTheDialogueButNeverTheMessageData() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        h.cmd("DATA");
        h.data("Subject: secret", "", "body text");
        h.cmd("QUIT");
        List<String> rows = h.log.rows;
        assertThat(rows.get(0)).isEqualTo("+||");
        assertThat(rows.get(1)).isEqualTo("*|SMTPSubmit SMTPAcceptAnySender"
                + " SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders|Set Session "
                + "Permissions");
        assertThat(rows.get(2)).startsWith(">|220 mx.example.org Microsoft ESMTP");
        assertThat(rows).contains("<|EHLO client.example.net|", "<|MAIL FROM:<alice@example.com>|",
                "<|DATA|", ">|354 Start mail input; end with <CRLF>.<CRLF>|",
                "*|08D675E58CA1DA38;2016-08-05T23:24:41Z;1|receiving message", "<|QUIT|");
        assertThat(rows).noneMatch(r -> r.contains("secret") || r.contains("body text"));
        assertThat(rows).last().isEqualTo("-||Local");
    }

    @Test
    void bdatChunksMakeOneMessage() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com> BODY=BINARYMIME");
        h.cmd("RCPT TO:<bob@example.org>");
        String c1 = "Subject: chunked\r\n\r\npart";
        assertThat(h.send("BDAT " + c1.length() + "\r\n" + c1).replies())
                .containsExactly("250 2.0.0 " + c1.length() + " octets received");
        String c2 = " two\r\n";
        assertThat(h.send("BDAT " + c2.length() + " LAST\r\n" + c2).replies())
                .singleElement().asString().startsWith("250 2.6.0 <");
        assertThat(h.store.committed.get(0).text()).endsWith("\r\n\r\npart two\r\n");
    }

    @Test
    void dataIsRefusedForBinaryMimeAndAfterBdat() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com> BODY=BINARYMIME");
        h.cmd("RCPT TO:<bob@example.org>");
        assertThat(h.reply("DATA")).isEqualTo("503 5.5.1 Bad sequence of commands");
    }

    @Test
    @DisplayName("P09 BDAT without a transaction gets 503 and its octets are consumed")
    void bdatWithoutTransactionConsumesItsOctetsAndGets503() {
        SessionHarness h = SessionHarness.greeted(policy);
        assertThat(h.send("BDAT 10\r\nNOOP\r\nNOOP").replies()).containsExactly(
                "503 5.5.1 Bad sequence of commands");
        assertThat(h.reply("NOOP")).isEqualTo("250 2.0.0 OK");
    }

    @Test
    @DisplayName("P21a BDAT 0 LAST with no chunk before is an empty message")
    void emptyBdatLastIsAnEmptyMessage() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        assertThat(h.reply("BDAT 0 LAST")).startsWith("250 2.6.0 <");
    }

    @Test
    void bdatOverTheSizeLimitIsRefusedAndLaterChunksAreOutOfSequence() {
        policy.maxMessageSize = 65_536;
        SessionHarness h = SessionHarness.greeted(policy);
        h.cmd("MAIL FROM:<alice@example.com>");
        h.cmd("RCPT TO:<bob@example.org>");
        String big = "z".repeat(70_000);
        assertThat(h.send("BDAT 70000\r\n" + big).replies())
                .containsExactly("552 5.3.4 Message size exceeds fixed maximum message size");
        assertThat(h.send("BDAT 3 LAST\r\nabc").replies())
                .containsExactly("503 5.5.1 Bad sequence of commands");
        assertThat(h.store.committed).isEmpty();
    }

    @Test
    void anSmtputf8SenderThatOutgrowsThePathLimitInALabelsGetsInvalidAddress() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.sendBytes(("MAIL FROM:<" + AddressParserTest.GROWS_PAST_THE_PATH_LIMIT
                + "> SMTPUTF8\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(h.replies()).containsExactly("501 5.1.7 Invalid address");
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250 ");
    }

    @Test
    void anEhloLiteralWithDigitsOfAnotherScriptIsAnInvalidDomainName() {
        SessionHarness h = new SessionHarness(policy);
        h.replies();
        h.sendBytes("EHLO [IPv6:e::2\u07c0]\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(h.replies()).containsExactly("501 5.5.4 Invalid domain name");
    }
}
