package org.postern.log;

import java.net.InetSocketAddress;

/** The SMTP receive protocol log (Exchange's SmtpReceive log), one per data directory. */
public interface ProtocolLog {

    /** A log that records nothing, for connectors whose ProtocolLoggingLevel is None. */
    ProtocolLog NONE = (connectorId, sessionId, local, remote) -> ProtocolLogSession.NONE;

    /** Starts the log of one session. */
    ProtocolLogSession open(String connectorId, String sessionId,
            InetSocketAddress local, InetSocketAddress remote);
}
