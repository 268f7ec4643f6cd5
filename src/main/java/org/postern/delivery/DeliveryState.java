package org.postern.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the delivery of one spooled message stands: per recipient its status, tries and last
 * reply, plus the message's suspended flag and whether its sender was told of a delay.
 * Immutable; each change makes a new state that the {@link DeliveryStateStore} writes.
 *
 * <p>A message without stored state has every recipient {@link Status#PENDING}: that is how a
 * message arrives, and it is the state to which a crash before any stored change returns.
 *
 * @param internalId the spool id
 * @param suspended Suspend-Message was used
 * @param delayNotified the delay notice (DSN Action: delayed) went out
 * @param recipients one entry per envelope recipient, in envelope order
 */
public record DeliveryState(long internalId, boolean suspended, boolean delayNotified,
        List<RecipientState> recipients) {

    /** A recipient's status. */
    public enum Status {
        /** Not yet tried, or to be tried again as soon as its queue can. */
        PENDING,
        /** Failed temporarily; tried again at {@link RecipientState#nextRetry}. */
        DEFERRED,
        /** Handed to the next hop or a mailbox. Done. */
        DELIVERED,
        /** Failed permanently (or expired); its sender got a report. Done. */
        FAILED;

        public boolean done() {
            return this == DELIVERED || this == FAILED;
        }
    }

    /**
     * @param address the recipient as in the envelope
     * @param status see {@link Status}
     * @param attempts tries that failed temporarily
     * @param nextRetry for DEFERRED: when to try again
     * @param lastReply the last reply or error text, or null
     * @param queue the next-hop key the recipient was last routed to, or null
     */
    public record RecipientState(String address, Status status, int attempts, Instant nextRetry,
            String lastReply, String queue) {

        public RecipientState with(Status s, String reply) {
            return new RecipientState(address, s, attempts, null, reply, queue);
        }

        public RecipientState deferred(Instant retryAt, String reply) {
            return new RecipientState(address, Status.DEFERRED, attempts + 1, retryAt, reply,
                    queue);
        }

        public RecipientState routedTo(String key) {
            return new RecipientState(address, status, attempts, nextRetry, lastReply, key);
        }
    }

    public DeliveryState {
        recipients = List.copyOf(recipients);
    }

    /** The state of a message just taken over: every recipient pending. */
    public static DeliveryState fresh(long internalId, List<String> recipients) {
        List<RecipientState> out = new ArrayList<>();
        for (String r : recipients) {
            out.add(new RecipientState(r, Status.PENDING, 0, null, null, null));
        }
        return new DeliveryState(internalId, false, false, out);
    }

    /** Whether every recipient is delivered or failed. */
    public boolean done() {
        for (RecipientState r : recipients) {
            if (!r.status().done()) {
                return false;
            }
        }
        return true;
    }

    public DeliveryState withRecipient(int index, RecipientState r) {
        List<RecipientState> out = new ArrayList<>(recipients);
        out.set(index, r);
        return new DeliveryState(internalId, suspended, delayNotified, out);
    }

    public DeliveryState withSuspended(boolean value) {
        return new DeliveryState(internalId, value, delayNotified, recipients);
    }

    public DeliveryState withDelayNotified() {
        return new DeliveryState(internalId, suspended, true, recipients);
    }
}
