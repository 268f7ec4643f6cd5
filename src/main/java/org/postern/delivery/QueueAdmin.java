package org.postern.delivery;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What the queue cmdlets (Get-Queue, Get-Message, Retry-Queue, Suspend-/Resume-Queue,
 * Suspend-/Resume-/Remove-Message) see of and do to the delivery engine. Views are snapshots.
 *
 * <p>Identities are Exchange's: a queue is {@code <Server>\<NextHopDomain>},
 * {@code <Server>\Submission} or {@code <Server>\Unreachable}; a message is
 * {@code <Server>\<Queue>\<InternalId>}. Operations taking a message identity also take the bare
 * internal id. Names compare without regard to case. An identity that names nothing throws
 * {@link NoSuchElementException} with a message naming the value.
 */
public interface QueueAdmin {

    /** Get-Queue's Status. */
    enum QueueStatus {
        /** A connection or delivery is under way. */
        Active,
        /** Messages wait and may be delivered now (or the queue is empty). */
        Ready,
        /** The last connection failed; the next try is at NextRetryTime. */
        Retry,
        /** An administrator suspended the queue. */
        Suspended
    }

    /** Get-Queue's DeliveryType (the values Postern's queues take). */
    enum DeliveryType {
        /** The Submission queue: messages not yet categorised. */
        Undefined,
        /** Out through a send connector that looks up MX records. */
        DnsConnectorDelivery,
        /** Out through a send connector's smart hosts. */
        SmartHostConnectorDelivery,
        /** Into local mailboxes. */
        SmtpDeliveryToMailbox,
        /** Recipients without a route. */
        Unreachable
    }

    /** Get-Message's Status. */
    enum MessageStatus { Active, Ready, Retry, Suspended }

    /**
     * One queue as Get-Queue shows it.
     *
     * @param identity {@code <Server>\<NextHopDomain>} and so on
     * @param deliveryType how its messages leave
     * @param status see {@link QueueStatus}
     * @param messageCount messages in it
     * @param nextHopDomain the next hop: a domain, a send connector's name, {@code Submission}
     *     or {@code Unreachable}
     * @param nextHopConnector the send connector's identity, or null
     * @param lastError the last connection or delivery error, or null
     * @param lastRetryTime when a connection was last tried, or null
     * @param nextRetryTime when the next connection will be tried (status Retry), or null
     */
    record QueueView(
            String identity,
            DeliveryType deliveryType,
            QueueStatus status,
            int messageCount,
            String nextHopDomain,
            String nextHopConnector,
            String lastError,
            Instant lastRetryTime,
            Instant nextRetryTime) {
    }

    /**
     * A recipient of a message in a queue.
     *
     * @param address the recipient
     * @param status Ready, Retry, Delivered, Failed
     * @param lastError the last reply for this recipient, or null
     */
    record RecipientView(String address, String status, String lastError) {
    }

    /**
     * One message in one queue, as Get-Message shows it (a message routed to several next hops
     * is in several queues, with the same internal id).
     *
     * @param identity {@code <Server>\<Queue>\<InternalId>}
     * @param internalId the server's id of the message
     * @param fromAddress the envelope sender (empty for the null sender)
     * @param status see {@link MessageStatus}
     * @param size content size in bytes
     * @param subject the Subject header
     * @param queue the queue's identity
     * @param lastError the last error, or null
     * @param recipients the message's recipients in this queue
     * @param dateReceived when the message was accepted
     * @param expirationTime when it expires (MessageExpirationTimeout after receipt)
     * @param internetMessageId the Message-ID header value
     * @param retryCount delivery attempts that failed temporarily
     * @param sourceIp the client that sent it
     */
    record MessageView(
            String identity,
            long internalId,
            String fromAddress,
            MessageStatus status,
            long size,
            String subject,
            String queue,
            String lastError,
            List<RecipientView> recipients,
            Instant dateReceived,
            Instant expirationTime,
            String internetMessageId,
            int retryCount,
            String sourceIp) {

        public MessageView {
            recipients = List.copyOf(recipients);
        }
    }

    /** Every queue, Submission and Unreachable included; delivery queues by identity. */
    List<QueueView> queues();

    /** Every message in every queue, by queue then internal id. */
    List<MessageView> messages();

    /** The messages of one queue. */
    List<MessageView> messages(String queueIdentity);

    /**
     * Retry-Queue: tries the queue's next hop now. With {@code resubmit} its messages go back
     * through categorisation first (what to do after a routing change).
     */
    void retryQueue(String queueIdentity, boolean resubmit);

    /** Suspend-Queue: no delivery from the queue until it is resumed. */
    void suspendQueue(String queueIdentity);

    /** Resume-Queue. */
    void resumeQueue(String queueIdentity);

    /** Suspend-Message: the message is not delivered (from any queue) until resumed. */
    void suspendMessage(String messageIdentity);

    /** Resume-Message. */
    void resumeMessage(String messageIdentity);

    /**
     * Remove-Message: removes the message from every queue. With {@code withNdr} its sender gets
     * a non-delivery report for the recipients not yet delivered.
     */
    void removeMessage(String messageIdentity, boolean withNdr);
}
