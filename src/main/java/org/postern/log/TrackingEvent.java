package org.postern.log;

import java.time.Instant;
import java.util.List;

/**
 * One row of the message tracking log (the fields of Exchange's MSGTRK files). Text fields may
 * be null (written empty); multi-valued recipient fields are lists (written {@code ;}-separated).
 *
 * @param dateTime when the event happened
 * @param clientIp the client's address (RECEIVE) or Postern's own (SEND)
 * @param clientHostname the client's name: the EHLO name on RECEIVE, Postern's FQDN on SEND
 * @param serverIp the server side's address: Postern's on RECEIVE, the remote one on SEND
 * @param serverHostname the server side's name
 * @param sourceContext extra detail of the source (a session id, a queue, a reason)
 * @param connectorId the receive or send connector, {@code SERVER\Name}
 * @param source SMTP, STOREDRIVER, DSN, ROUTING, QUEUE, ADMIN
 * @param eventId RECEIVE, SEND, DELIVER, DEFER, FAIL, DSN, ...
 * @param internalMessageId the server's queue id of the message
 * @param messageId the Message-ID header value with angle brackets
 * @param networkMessageId a GUID that stays with the message through the organisation
 * @param recipientAddress the recipients the event is about
 * @param recipientStatus per recipient, the reply or status (e.g. {@code 250 2.0.0 OK})
 * @param totalBytes the message size in bytes
 * @param recipientCount how many recipients the event is about
 * @param relatedRecipientAddress a related address (the original sender for a DSN)
 * @param reference the Message-ID of a related message (the original one for a DSN)
 * @param messageSubject the Subject header, unfolded
 * @param senderAddress the envelope sender (empty for the null sender)
 * @param returnPath the reverse path as given in MAIL FROM
 * @param messageInfo the arrival time of the message (RECEIVE) or other detail
 * @param directionality Originating or Incoming
 */
public record TrackingEvent(
        Instant dateTime,
        String clientIp,
        String clientHostname,
        String serverIp,
        String serverHostname,
        String sourceContext,
        String connectorId,
        String source,
        String eventId,
        long internalMessageId,
        String messageId,
        String networkMessageId,
        List<String> recipientAddress,
        List<String> recipientStatus,
        long totalBytes,
        int recipientCount,
        String relatedRecipientAddress,
        String reference,
        String messageSubject,
        String senderAddress,
        String returnPath,
        String messageInfo,
        String directionality) {

    public TrackingEvent {
        recipientAddress = List.copyOf(recipientAddress);
        recipientStatus = List.copyOf(recipientStatus);
    }
}
