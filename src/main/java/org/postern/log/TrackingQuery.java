package org.postern.log;

import java.time.Instant;
import java.util.List;

/**
 * What Get-MessageTrackingLog searches for. Every criterion that is null (or empty) matches
 * everything; the ones given must all match. Addresses and ids compare without regard to case.
 *
 * @param sender the envelope sender address
 * @param recipients matches when any of these is among the event's recipients
 * @param messageId the Message-ID, with or without angle brackets
 * @param internalMessageId the queue id, or null
 * @param eventId RECEIVE, SEND, DELIVER, ...
 * @param subject a part of the subject
 * @param start events at or after this time
 * @param end events before this time
 * @param resultSize the most events returned (the first ones in time), or 0 for unlimited
 */
public record TrackingQuery(
        String sender,
        List<String> recipients,
        String messageId,
        Long internalMessageId,
        String eventId,
        String subject,
        Instant start,
        Instant end,
        int resultSize) {

    /** Get-MessageTrackingLog's default ResultSize. */
    public static final int DEFAULT_RESULT_SIZE = 1000;

    public TrackingQuery {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        if (resultSize < 0) {
            throw new IllegalArgumentException("ResultSize must be 0 (unlimited) or more, got "
                    + resultSize);
        }
    }

    /** Every event, up to the default result size. */
    public static TrackingQuery all() {
        return new TrackingQuery(null, List.of(), null, null, null, null, null, null,
                DEFAULT_RESULT_SIZE);
    }

    /** Whether an event meets every criterion. */
    public boolean matches(TrackingEvent e) {
        if (sender != null && !sender.equalsIgnoreCase(nullToEmpty(e.senderAddress()))) {
            return false;
        }
        if (!recipients.isEmpty()) {
            boolean any = false;
            for (String r : recipients) {
                for (String have : e.recipientAddress()) {
                    any |= have.equalsIgnoreCase(r);
                }
            }
            if (!any) {
                return false;
            }
        }
        if (messageId != null && !bare(messageId).equalsIgnoreCase(bare(e.messageId()))) {
            return false;
        }
        if (internalMessageId != null && internalMessageId != e.internalMessageId()) {
            return false;
        }
        if (eventId != null && !eventId.equalsIgnoreCase(e.eventId())) {
            return false;
        }
        if (subject != null && !nullToEmpty(e.messageSubject()).toLowerCase(java.util.Locale.ROOT)
                .contains(subject.toLowerCase(java.util.Locale.ROOT))) {
            return false;
        }
        if (start != null && e.dateTime().isBefore(start)) {
            return false;
        }
        return end == null || e.dateTime().isBefore(end);
    }

    private static String bare(String id) {
        String s = nullToEmpty(id).trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
