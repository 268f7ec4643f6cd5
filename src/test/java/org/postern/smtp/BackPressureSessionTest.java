package org.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postern.queue.Pressure;

/**
 * Back pressure in the SMTP dialogue (exchange-behaviour.md section h): 452 4.3.1 at MAIL for
 * everyone at High and for anonymous sessions (after the tarpit) at Medium, MAIL accepted again
 * once the pressure is gone; and a queue disk that fills during DATA or BDAT, or at the
 * commit, gives the same 452 4.3.1, never a 250, discards what was written and leaves the
 * session in step.
 */
class BackPressureSessionTest {

    private static final String REFUSED = "452 4.3.1 Insufficient system resources";
    private static final String SECURED = "MS Exchange\\Externally Secured Servers";

    private final TestPolicy policy = new TestPolicy();

    @Test
    void atHighEveryMailIsRefusedAuthenticatedOrNot() {
        SessionHarness anonymous = SessionHarness.greeted(policy);
        anonymous.store.pressure = Pressure.High;
        assertThat(anonymous.reply("MAIL FROM:<alice@example.com>")).isEqualTo(REFUSED);

        TestPolicy secured = new TestPolicy();
        secured.principal = SECURED;
        SessionHarness server = SessionHarness.greeted(secured);
        server.store.pressure = Pressure.High;
        assertThat(server.reply("MAIL FROM:<alice@example.com>")).isEqualTo(REFUSED);
        // No transaction was started: RCPT is out of sequence.
        assertThat(server.reply("RCPT TO:<bob@example.org>"))
                .isEqualTo("503 5.5.1 Bad sequence of commands");
    }

    @Test
    void atMediumAnAnonymousMailWaitsOutTheTarpitThenIsRefused() {
        policy.tarpit = Duration.ofSeconds(5);
        SessionHarness h = SessionHarness.greeted(policy);
        h.store.pressure = Pressure.Medium;
        h.send("MAIL FROM:<alice@example.com>\r\n");
        assertThat(h.replies()).isEmpty();
        assertThat(h.log.rows).contains("*|Tarpit for '0.00:00:05'|");
        h.channel.advanceTimeBy(4, TimeUnit.SECONDS);
        assertThat(h.replies()).isEmpty();
        h.channel.advanceTimeBy(1, TimeUnit.SECONDS);
        assertThat(h.replies()).containsExactly(REFUSED);
    }

    @Test
    void atMediumSessionsThatAreNotAnonymousGoOn() {
        policy.tarpit = Duration.ofSeconds(5);
        policy.principal = SECURED;
        SessionHarness h = SessionHarness.greeted(policy);
        h.store.pressure = Pressure.Medium;
        acceptsOneMessage(h);
    }

    @Test
    void mailIsAcceptedAgainInTheSameSessionOncePressureIsGone() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.store.pressure = Pressure.High;
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).isEqualTo(REFUSED);
        h.store.pressure = Pressure.Medium;
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).isEqualTo(REFUSED);
        h.store.pressure = Pressure.Normal;
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
    }

    @Test
    void aTransactionStartedBeforeThePressureRoseEndsNormally() {
        SessionHarness h = SessionHarness.atData(policy);
        h.store.pressure = Pressure.High;
        assertThat(h.data("Subject: accepted", "", "body")).startsWith("250 2.6.0 ");
        assertThat(h.store.committed).hasSize(1);
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).isEqualTo(REFUSED);
    }

    @Test
    void aDiskThatFillsDuringDataGives452AndDiscardsTheMessageAtOnce() {
        SessionHarness h = SessionHarness.atData(policy);
        h.store.writeFailure = new IOException("No space left on device");
        h.store.writeFailureAfter = 2000;
        h.send("Subject: big\r\n\r\n");
        String line = "x".repeat(998) + "\r\n";
        for (int i = 0; i < 5; i++) {
            h.send(line);
        }
        assertThat(h.replies()).isEmpty();
        // Discarded when the write failed, not only at the end of data.
        assertThat(h.store.aborted).hasValue(1);
        for (int i = 0; i < 5; i++) {
            h.send(line);
        }
        assertThat(h.data()).isEqualTo(REFUSED);
        assertThat(h.store.committed).isEmpty();
        // The session is in step: the next transaction goes through once there is room.
        h.store.writeFailure = null;
        acceptsOneMessage(h);
    }

    @Test
    void aDiskThatFillsDuringBdatGives452AndLaterChunksAreOutOfSequence() {
        SessionHarness h = SessionHarness.greeted(policy);
        h.store.writeFailure = new IOException("No space left on device");
        h.store.writeFailureAfter = 100;
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250 ");
        assertThat(h.reply("RCPT TO:<bob@example.org>")).startsWith("250 ");
        String chunk = "Subject: chunked\r\n\r\n" + "y".repeat(300) + "\r\n";
        h.send("BDAT " + chunk.length() + "\r\n" + chunk);
        assertThat(h.replies()).containsExactly(REFUSED);
        h.send("BDAT 5 LAST\r\nabcde");
        assertThat(h.replies()).containsExactly("503 5.5.1 Bad sequence of commands");
        assertThat(h.store.committed).isEmpty();
        assertThat(h.store.aborted).hasValue(1);
        assertThat(h.reply("RSET")).startsWith("250 ");
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250 ");
    }

    @Test
    void aDiskThatFillsAtTheCommitGives452NotA250() {
        SessionHarness h = SessionHarness.atData(policy);
        h.store.commitFailure = new IOException("No space left on device");
        assertThat(h.data("Subject: last straw", "", "body")).isEqualTo(REFUSED);
        assertThat(h.store.committed).isEmpty();
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).startsWith("250 ");
    }

    @Test
    void anotherStoreFailureKeepsItsOwn451() {
        SessionHarness h = SessionHarness.atData(policy);
        h.store.writeFailure = new IOException("Input/output error");
        assertThat(h.data("Subject: bad disk", "", "body"))
                .isEqualTo("451 4.3.0 Message could not be queued, please try again later");
        assertThat(h.store.committed).isEmpty();
    }

    /** A whole transaction from MAIL to the 250, and the one message it stored. */
    private static void acceptsOneMessage(SessionHarness h) {
        assertThat(h.reply("MAIL FROM:<alice@example.com>")).isEqualTo("250 2.1.0 Sender OK");
        assertThat(h.reply("RCPT TO:<bob@example.org>")).isEqualTo("250 2.1.5 Recipient OK");
        assertThat(h.reply("DATA")).startsWith("354 ");
        assertThat(h.data("Subject: small", "", "body")).startsWith("250 2.6.0 ");
        assertThat(h.store.committed).hasSize(1);
    }
}
