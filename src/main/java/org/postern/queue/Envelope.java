package org.postern.queue;

import java.util.List;
import java.util.Map;

/**
 * The SMTP envelope of one accepted message.
 *
 * @param sender reverse-path without angle brackets; the empty string is the null sender {@code <>}
 * @param recipients the recipients accepted at RCPT, in order
 * @param mailParameters ESMTP parameters of MAIL FROM (upper-case keys: SIZE, BODY, SMTPUTF8,
 *     RET, ENVID, AUTH), values as sent; a parameter without value maps to ""
 * @param origin where and how the message arrived
 */
public record Envelope(
        String sender,
        List<Recipient> recipients,
        Map<String, String> mailParameters,
        Origin origin) {

    public Envelope {
        recipients = List.copyOf(recipients);
        mailParameters = Map.copyOf(mailParameters);
    }

    /** One envelope recipient and its ESMTP parameters (NOTIFY, ORCPT). */
    public record Recipient(String address, Map<String, String> parameters) {
        public Recipient {
            parameters = Map.copyOf(parameters);
        }
    }
}
