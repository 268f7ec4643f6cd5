package org.postern.queue;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Where a message came from: the receive connector, the SMTP session and the client.
 *
 * @param connectorId the receive connector's identity, {@code SERVER\Name}
 * @param sessionId the SMTP session id as in the protocol log (16 hex digits)
 * @param client the client's address and port
 * @param local the local address and port the client connected to
 * @param heloName the EHLO/HELO argument, possibly empty
 * @param principal the security principal the session ran as
 * @param receivedAt when the end of data was received
 */
public record Origin(
        String connectorId,
        String sessionId,
        InetSocketAddress client,
        InetSocketAddress local,
        String heloName,
        String principal,
        Instant receivedAt) {
}
