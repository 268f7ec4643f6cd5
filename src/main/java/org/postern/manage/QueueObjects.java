package org.postern.manage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postern.config.ByteSize;
import org.postern.config.Configuration;
import org.postern.config.SendConnector;
import org.postern.delivery.QueueAdmin;
import org.postern.log.TrackingEvent;
import org.postern.shell.PsObject;
import org.postern.shell.ShellDateTime;
import org.postern.shell.View;

/**
 * The objects of the queue and message-tracking cmdlets (Get-Queue, Get-Message,
 * Get-MessageTrackingLog): Exchange's type names, properties in Exchange's order, their
 * default views, and their string forms (a queue's and a message's is its identity).
 */
final class QueueObjects {

    static final String QUEUE_TYPE = "Microsoft.Exchange.Data.QueueViewer.ExtensibleQueueInfo";
    static final String MESSAGE_TYPE =
            "Microsoft.Exchange.Data.QueueViewer.ExtensibleMessageInfo";
    static final String RECIPIENT_TYPE = "Microsoft.Exchange.Data.QueueViewer.RecipientInfo";
    static final String TRACKING_TYPE =
            "Microsoft.Exchange.Management.TransportLogSearchTasks.MessageTrackingEvent";

    /**
     * Get-Queue's table. The columns and widths are those of the Exchange 2007 sample in
     * shell-behaviour.md 3.4 (a long DeliveryType shows as {@code SmartHost...}); 2013 and later
     * add Velocity, RiskLevel and OutboundIPPool, with widths that are UNCONFIRMED, so the 2007
     * view is kept.
     */
    static final View QUEUE_VIEW = View.table(View.Column.of("Identity", 43),
            View.Column.of("DeliveryType", 12), View.Column.of("Status", 6),
            View.Column.of("MessageCount", 12), View.Column.of("NextHopDomain"));

    /**
     * Get-Message's table: the columns are Exchange's, the widths UNCONFIRMED (no sample found).
     * Chosen so that a typical identity ({@code EX01\contoso.com\12}), an address and a queue
     * fit, Status fits "Suspended", and the subject takes the rest of the 119 columns.
     */
    static final View MESSAGE_VIEW = View.table(View.Column.of("Identity", 30),
            View.Column.of("FromAddress", 25), View.Column.of("Status", 9),
            View.Column.of("Queue", 25), View.Column.of("Subject"));

    /**
     * Get-MessageTrackingLog's table. The message-tracking doc's sample has column widths equal
     * to its longest values, so the view has no widths and the table sizes itself to its
     * contents (UNCONFIRMED, see shell-behaviour.md 3.4).
     */
    static final View TRACKING_VIEW = View.table("EventId", "Source", "Sender", "Recipients",
            "MessageSubject");

    /** The send connectors have GUIDs; a queue without a connector shows the empty GUID. */
    private static final UUID NO_CONNECTOR = new UUID(0, 0);

    private QueueObjects() {
    }

    /** The properties -Filter may use on queues (every property of a queue object). */
    static List<String> queueProperties() {
        return queue(new QueueAdmin.QueueView("X\\Y", QueueAdmin.DeliveryType.Undefined,
                QueueAdmin.QueueStatus.Ready, 0, "Y", null, null, null, null), 0, null)
                .propertyNames();
    }

    /** The properties -Filter may use on messages. */
    static List<String> messageProperties() {
        return message(new QueueAdmin.MessageView("X\\Y\\1", 1, "", QueueAdmin.MessageStatus
                .Ready, 0, "", "X\\Y", null, List.of(), Instant.EPOCH, Instant.EPOCH, "", 0, null),
                false).propertyNames();
    }

    /**
     * A queue as Get-Queue returns it.
     *
     * @param deferred how many of its messages wait for a retry
     * @param cfg the configuration, for the send connector's GUID (null: none looked up)
     */
    static PsObject queue(QueueAdmin.QueueView q, int deferred, Configuration cfg) {
        PsObject o = PsObject.of(QUEUE_TYPE);
        o.put("DeliveryType", q.deliveryType());
        o.put("NextHopDomain", q.nextHopDomain());
        o.put("TlsDomain", null);
        o.put("NextHopConnector", connectorGuid(q.nextHopConnector(), cfg));
        o.put("Status", q.status());
        o.put("MessageCount", q.messageCount());
        o.put("LastError", q.lastError());
        o.put("LastRetryTime", date(q.lastRetryTime()));
        o.put("NextRetryTime", date(q.nextRetryTime()));
        o.put("DeferredMessageCount", deferred);
        // Postern has no risk levels and no outbound IP pools: every queue is Normal, pool 0.
        o.put("RiskLevel", "Normal");
        o.put("OutboundIPPool", 0);
        boolean external = q.deliveryType() == QueueAdmin.DeliveryType.DnsConnectorDelivery
                || q.deliveryType() == QueueAdmin.DeliveryType.SmartHostConnectorDelivery;
        o.put("NextHopCategory", external ? "External" : "Internal");
        // Known shortcoming: the engine measures no message rates yet, so IncomingRate,
        // OutgoingRate and Velocity (their difference) are empty rather than a made-up 0.
        o.put("IncomingRate", null);
        o.put("OutgoingRate", null);
        o.put("Velocity", null);
        o.put("Identity", q.identity());
        o.put("IsValid", true);
        return o.view(QUEUE_VIEW).text(q.identity());
    }

    private static UUID connectorGuid(String name, Configuration cfg) {
        if (name == null || cfg == null) {
            return NO_CONNECTOR;
        }
        for (SendConnector c : cfg.sendConnectors()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c.guid();
            }
        }
        return NO_CONNECTOR;
    }

    /**
     * A message in a queue as Get-Message returns it. Without -IncludeRecipientInfo Exchange
     * leaves Recipients empty; with it each recipient is a RecipientInfo (Address, Status,
     * LastError).
     */
    static PsObject message(QueueAdmin.MessageView m, boolean includeRecipients) {
        PsObject o = PsObject.of(MESSAGE_TYPE);
        o.put("Subject", m.subject());
        o.put("Identity", m.identity());
        o.put("InternetMessageId", m.internetMessageId());
        o.put("FromAddress", m.fromAddress());
        o.put("Status", m.status());
        o.put("Size", ByteSize.ofBytes(m.size()));
        o.put("SourceIP", m.sourceIp());
        o.put("DateReceived", date(m.dateReceived()));
        o.put("ExpirationTime", date(m.expirationTime()));
        o.put("LastError", m.lastError());
        o.put("RetryCount", m.retryCount());
        List<Object> recipients = new ArrayList<>();
        if (includeRecipients) {
            for (QueueAdmin.RecipientView r : m.recipients()) {
                recipients.add(recipient(r));
            }
        }
        o.put("Recipients", recipients);
        o.put("Queue", m.queue());
        o.put("IsValid", true);
        return o.view(MESSAGE_VIEW).text(m.identity());
    }

    /**
     * A recipient of a queued message. It prints as its address (inside a message's
     * {@code Recipients : {bob@fabrikam.example}}), as admins' transcripts suggest; UNCONFIRMED.
     */
    private static PsObject recipient(QueueAdmin.RecipientView r) {
        PsObject o = PsObject.of(RECIPIENT_TYPE);
        o.put("Address", r.address());
        o.put("Status", r.status());
        o.put("LastError", r.lastError());
        return o.text(r.address());
    }

    /** One event of the message tracking log as Get-MessageTrackingLog returns it. */
    static PsObject trackingEvent(TrackingEvent e) {
        PsObject o = PsObject.of(TRACKING_TYPE);
        o.put("Timestamp", date(e.dateTime()));
        o.put("ClientIp", e.clientIp());
        o.put("ClientHostname", e.clientHostname());
        o.put("ServerIp", e.serverIp());
        o.put("ServerHostname", e.serverHostname());
        o.put("SourceContext", e.sourceContext());
        o.put("ConnectorId", e.connectorId());
        o.put("Source", e.source());
        o.put("EventId", e.eventId());
        o.put("InternalMessageId", e.internalMessageId());
        o.put("MessageId", e.messageId());
        o.put("NetworkMessageId", e.networkMessageId());
        o.put("Recipients", new ArrayList<Object>(e.recipientAddress()));
        o.put("RecipientStatus", new ArrayList<Object>(e.recipientStatus()));
        o.put("TotalBytes", e.totalBytes());
        o.put("RecipientCount", e.recipientCount());
        o.put("RelatedRecipientAddress", e.relatedRecipientAddress());
        o.put("Reference", e.reference());
        o.put("MessageSubject", e.messageSubject());
        o.put("Sender", e.senderAddress());
        o.put("ReturnPath", e.returnPath());
        o.put("Directionality", e.directionality());
        o.put("TenantId", null);
        o.put("OriginalClientIp", null);
        o.put("MessageInfo", e.messageInfo());
        o.put("TransportTrafficType", "Email");
        return o.view(TRACKING_VIEW);
    }

    /** A time as the shell shows it (the server's zone), or null. */
    private static ShellDateTime date(Instant t) {
        return t == null ? null : ShellDateTime.local(t);
    }
}
