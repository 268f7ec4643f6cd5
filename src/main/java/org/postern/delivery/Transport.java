package org.postern.delivery;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.postern.config.Configuration;
import org.postern.queue.SpooledMessage;

/** How messages leave for one kind of next hop: SMTP to a connector's hosts, or a mailbox. */
interface Transport {

    /**
     * Opens a session to the next hop of a queue.
     *
     * @throws ConnectFailure when no session can be had; permanent when trying again cannot
     *     help (the domain does not exist, mail would loop)
     */
    Session open(Route route, Configuration cfg) throws ConnectFailure;

    /** A session that delivers one message after another. */
    interface Session extends Closeable {

        /** Delivers a message to some of its recipients; one outcome per recipient. */
        List<SmtpConnection.Outcome> deliver(SpooledMessage message, List<String> recipients,
                List<Map<String, String>> parameters) throws IOException;

        /** Whether another message may go through this session. */
        boolean reusable();

        /** The remote host's name as logged (Remote-MTA), or null. */
        String remoteName();

        /** The remote address as logged, or null. */
        String remoteIp();

        /** The local address used, or null. */
        String localIp();

        @Override
        void close();
    }

    /** Why a session could not be opened. */
    final class ConnectFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean permanent;
        final String status;  // enhanced status for a permanent failure's report

        ConnectFailure(String message, boolean permanent, String status) {
            super(message);
            this.permanent = permanent;
            this.status = status;
        }
    }
}
